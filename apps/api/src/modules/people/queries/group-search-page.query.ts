// A page of `groupSearch`: groups of one type matching a name or a property's history, most
// recently active first (the condition: groups/queries/group-search-condition.ts).
import { emptySql, sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import { groupSearchConditionSql, type GroupSearchCondition } from '../../groups/queries/group-search-condition';
import { groupColumns, type GroupRow } from './groups.query';

export interface GroupSearchKeyset {
  lastSeen: string;
  id: string;
}

export interface GroupSearchRow extends GroupRow {
  totalCount: number;
}

/**
 * Most recently active first; `after` is the (last seen, id) of the previous page's last row.
 *
 * The matching groups are found once (id and last seen) and both the count and the page read
 * that set: a value held by thousands of groups used to be joined twice, once for the page and
 * once for totalCount (bench/RESULTS.md, "Account lookup by property history"). Only the page's
 * rows are then read in full.
 */
export function buildGroupSearchPageSql(
  projectId: number,
  groupTypeId: number,
  condition: GroupSearchCondition | null,
  after: GroupSearchKeyset | null,
  limit: number,
): Sql {
  const keyset = after
    ? sql`WHERE (m.last_seen, m.id) < (${after.lastSeen}::timestamptz, ${after.id}::bigint)`
    : emptySql;
  const matching = groupSearchConditionSql(projectId, condition);
  return sql`
    WITH matching AS MATERIALIZED (
      SELECT g.id, g.last_seen FROM "group" g
      WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId} ${matching}
    ),
    page AS (
      SELECT m.id FROM matching m ${keyset}
      ORDER BY m.last_seen DESC, m.id DESC
      LIMIT ${limit}
    )
    SELECT ${groupColumns}, (SELECT count(*) FROM matching)::int AS "totalCount"
    FROM page
    JOIN "group" g ON g.project_id = ${projectId} AND g.id = page.id
    JOIN group_type t ON t.project_id = ${projectId} AND t.id = g.group_type_id
    ORDER BY g.last_seen DESC, g.id DESC`;
}

export function readGroupSearchPage(
  client: SqlExecutor,
  projectId: number,
  groupTypeId: number,
  condition: GroupSearchCondition | null,
  after: GroupSearchKeyset | null,
  limit: number,
): Promise<GroupSearchRow[]> {
  return client.query<GroupSearchRow>(buildGroupSearchPageSql(projectId, groupTypeId, condition, after, limit));
}
