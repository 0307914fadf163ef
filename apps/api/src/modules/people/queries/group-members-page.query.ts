// A page of the people of each of many groups in one statement: a LATERAL page per group, most
// recently active in the group first, keyset on (last seen in the group, person id).
import { emptySql, sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { PersonRow } from './people.query';

export interface GroupMemberPageRow extends PersonRow {
  groupId: bigint;
  memberFirstSeen: Date;
  memberLastSeen: Date;
  memberEvents: number;
  /** Everyone on record in the group (the same on each row of a group). */
  totalCount: number;
}

export interface MemberKeyset {
  lastSeen: string;
  id: string;
}

export function buildGroupMembersPageSql(
  projectId: number,
  groupIds: readonly bigint[],
  after: MemberKeyset | null,
  limit: number,
): Sql {
  const keyset = after
    ? sql`AND (m.last_seen, m.user_id) < (${after.lastSeen}::timestamptz, ${after.id}::bigint)`
    : emptySql;
  return sql`
    SELECT wanted.group_id AS "groupId", page.*, total.count AS "totalCount"
    FROM unnest(${groupIds.map(String)}::bigint[]) AS wanted(group_id)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS count FROM group_member c
      WHERE c.project_id = ${projectId} AND c.group_id = wanted.group_id
    ) total
    CROSS JOIN LATERAL (
      SELECT u.id, u.user_id AS "userId", u.device_id AS "deviceId", u.properties,
        u.first_seen AS "firstSeen", u.last_seen AS "lastSeen",
        m.first_seen AS "memberFirstSeen", m.last_seen AS "memberLastSeen", m.events AS "memberEvents"
      FROM group_member m
      JOIN app_user u ON u.project_id = m.project_id AND u.id = m.user_id
      WHERE m.project_id = ${projectId} AND m.group_id = wanted.group_id ${keyset}
      ORDER BY m.last_seen DESC, m.user_id DESC
      LIMIT ${limit}
    ) page`;
}

export function readGroupMembersPages(
  client: SqlExecutor,
  projectId: number,
  groupIds: readonly bigint[],
  after: MemberKeyset | null,
  limit: number,
): Promise<GroupMemberPageRow[]> {
  return client.query<GroupMemberPageRow>(buildGroupMembersPageSql(projectId, groupIds, after, limit));
}
