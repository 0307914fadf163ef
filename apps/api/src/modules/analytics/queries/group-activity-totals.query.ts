// One activity column of the group_daily rollup summed per group over a range, for all groups of
// a type or for a few; and which groups the folds after a given one changed. Together they let
// the Groups list keep a range's totals in memory and refresh only the groups that changed.
import { emptySql, sql, sqlFromAllowlist, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { DayRange } from '@leadmaps/shared';
import { dayParameter } from './sql-fragments';

export type ActivityColumn = 'events' | 'key_actions' | 'sessions';
export const activityColumns: Record<ActivityColumn, string> = {
  events: 'events',
  key_actions: 'key_actions',
  sessions: 'sessions',
};

export interface ActivityTotalsScope {
  projectId: number;
  groupTypeId: number;
  range: DayRange;
  column: ActivityColumn;
}

export function buildActivityTotalsSql(scope: ActivityTotalsScope, groupIds: readonly bigint[] | null): Sql {
  const groupFilter = groupIds ? sql`AND group_id = ANY(${groupIds as bigint[]}::bigint[])` : emptySql;
  return sql`
    SELECT group_id AS "groupId", sum(${sqlFromAllowlist(activityColumns, scope.column)})::float8 AS total
    FROM group_daily
    WHERE project_id = ${scope.projectId} AND group_type_id = ${scope.groupTypeId}
      AND day BETWEEN ${dayParameter(scope.range.from)} AND ${dayParameter(scope.range.to)} ${groupFilter}
    GROUP BY group_id`;
}

export function buildChangedGroupsSql(
  projectId: number,
  groupTypeId: number,
  afterFoldId: bigint,
  upToFoldId: bigint,
): Sql {
  return sql`
    SELECT DISTINCT group_id AS "groupId"
    FROM rollup_change
    WHERE project_id = ${projectId} AND fold_id > ${afterFoldId} AND fold_id <= ${upToFoldId} AND group_type_id = ${groupTypeId}`;
}

export async function readActivityTotals(
  client: SqlExecutor,
  scope: ActivityTotalsScope,
  groupIds: readonly bigint[] | null = null,
): Promise<Map<bigint, number>> {
  const rows = await client.query<{ groupId: bigint; total: number }>(buildActivityTotalsSql(scope, groupIds));
  return new Map(rows.map((row) => [row.groupId, row.total]));
}

/** Groups of the type whose rollups the folds numbered after `afterFoldId`, up to `upToFoldId`, changed. */
export async function readChangedGroups(
  client: SqlExecutor,
  projectId: number,
  groupTypeId: number,
  afterFoldId: bigint,
  upToFoldId: bigint,
): Promise<bigint[]> {
  const rows = await client.query<{ groupId: bigint }>(
    buildChangedGroupsSql(projectId, groupTypeId, afterFoldId, upToFoldId),
  );
  return rows.map((row) => row.groupId);
}
