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

/** Most recently active first; `after` is the (last seen, id) of the previous page's last row. */
export function buildGroupSearchPageSql(
  projectId: number,
  groupTypeId: number,
  condition: GroupSearchCondition | null,
  after: GroupSearchKeyset | null,
  limit: number,
): Sql {
  const keyset = after
    ? sql`AND (g.last_seen, g.id) < (${after.lastSeen}::timestamptz, ${after.id}::bigint)`
    : emptySql;
  const matching = groupSearchConditionSql(projectId, condition);
  return sql`
    SELECT ${groupColumns},
      (SELECT count(*) FROM "group" g WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId} ${matching})::int AS "totalCount"
    FROM "group" g
    JOIN group_type t ON t.project_id = ${projectId} AND t.id = g.group_type_id
    WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId} ${matching} ${keyset}
    ORDER BY g.last_seen DESC, g.id DESC
    LIMIT ${limit}`;
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
