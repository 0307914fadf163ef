// The people of one group: everyone on record, with their activity in the range, busiest first.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter } from './sql-fragments';

export interface GroupMemberRow {
  userId: string | null;
  deviceId: string | null;
  events: number;
  activeDays: number;
  firstSeen: Date;
  lastSeen: Date;
}

export function buildGroupMembersSql(window: AnalyticsWindow, groupId: bigint, limit: number): Sql {
  const projectId = window.projectId;
  return sql`
    WITH in_range AS (
      SELECT user_id, sum(events)::int AS events, count(*)::int AS active_days
      FROM group_user_daily
      WHERE project_id = ${projectId} AND group_id = ${groupId}
        AND day BETWEEN ${dayParameter(window.range.from)} AND ${dayParameter(window.range.to)}
      GROUP BY user_id
    )
    SELECT u.user_id AS "userId", u.device_id AS "deviceId",
      coalesce(r.events, 0) AS events, coalesce(r.active_days, 0) AS "activeDays",
      m.first_seen AS "firstSeen", m.last_seen AS "lastSeen"
    FROM group_member m
    JOIN app_user u ON u.project_id = m.project_id AND u.id = m.user_id
    LEFT JOIN in_range r ON r.user_id = m.user_id
    WHERE m.project_id = ${projectId} AND m.group_id = ${groupId}
    ORDER BY coalesce(r.events, 0) DESC, m.last_seen DESC, m.user_id ASC
    LIMIT ${limit}`;
}

export function listGroupMembers(
  client: SqlExecutor,
  window: AnalyticsWindow,
  groupId: bigint,
  limit: number,
): Promise<GroupMemberRow[]> {
  return client.query<GroupMemberRow>(buildGroupMembersSql(window, groupId, limit));
}
