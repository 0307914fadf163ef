// The most recent raw events of one group. The only analytics read of the event table: it walks
// event_group's (project, group, time) index backwards and stops at the limit.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface RecentEventRow {
  eventType: string;
  time: Date;
  userId: string | null;
  properties: unknown;
  attribution: string;
}

export function buildRecentEventsSql(projectId: number, groupId: bigint, limit: number): Sql {
  return sql`
    SELECT e.event_type AS "eventType", e.time, u.user_id AS "userId", e.properties, eg.source::text AS attribution
    FROM (
      SELECT event_id, source FROM event_group
      WHERE project_id = ${projectId} AND group_id = ${groupId}
      ORDER BY time DESC, event_id DESC
      LIMIT ${limit}
    ) eg
    JOIN event e ON e.project_id = ${projectId} AND e.id = eg.event_id
    LEFT JOIN app_user u ON u.project_id = e.project_id AND u.id = e.user_id
    ORDER BY e.time DESC, e.id DESC`;
}

export function readRecentEvents(
  client: SqlExecutor,
  projectId: number,
  groupId: bigint,
  limit: number,
): Promise<RecentEventRow[]> {
  return client.query<RecentEventRow>(buildRecentEventsSql(projectId, groupId, limit));
}
