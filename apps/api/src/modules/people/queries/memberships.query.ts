// The groups of many people at once (one statement per request level, not one per person): every
// group a person was ever attributed to (group_member, kept by the rollups) and the user-level
// group each currently holds per type (membership, set by identify), which may have no events yet.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import { groupColumns, type GroupRow } from './groups.query';

export interface MembershipRow extends GroupRow {
  personId: bigint;
  /** When the person took this group as their user-level group; null when it is not their current one. */
  userLevelSince: Date | null;
  firstActivity: Date | null;
  lastActivity: Date | null;
  events: number;
}

export function buildMembershipsSql(projectId: number, personIds: readonly bigint[]): Sql {
  const ids = personIds.map(String);
  return sql`
    WITH pairs AS (
      SELECT m.user_id, m.group_id FROM group_member m
      WHERE m.project_id = ${projectId} AND m.user_id = ANY(${ids}::bigint[])
      UNION
      SELECT s.user_id, s.group_id FROM membership s
      WHERE s.project_id = ${projectId} AND s.user_id = ANY(${ids}::bigint[])
    )
    SELECT p.user_id AS "personId", ${groupColumns},
      s.since AS "userLevelSince", m.first_seen AS "firstActivity", m.last_seen AS "lastActivity",
      coalesce(m.events, 0) AS events
    FROM pairs p
    JOIN "group" g ON g.project_id = ${projectId} AND g.id = p.group_id
    JOIN group_type t ON t.project_id = ${projectId} AND t.id = g.group_type_id
    LEFT JOIN group_member m ON m.project_id = ${projectId} AND m.group_id = p.group_id AND m.user_id = p.user_id
    LEFT JOIN membership s ON s.project_id = ${projectId} AND s.user_id = p.user_id AND s.group_id = p.group_id
    ORDER BY p.user_id, m.last_seen DESC NULLS LAST, g.id`;
}

export function readMemberships(
  client: SqlExecutor,
  projectId: number,
  personIds: readonly bigint[],
): Promise<MembershipRow[]> {
  return client.query<MembershipRow>(buildMembershipsSql(projectId, personIds));
}
