// One activity column of the group_daily rollup summed per group over a range, for all groups of
// a type or for a few; and which groups the folds after a given one changed. Together they let
// the Groups list keep a range's totals in memory and refresh only the groups that changed.
import { Prisma } from '../../../generated/prisma/client';
import { asSqlExecutor, type AnalyticsClient } from './analytics-client';
import type { DayRange } from '@leadmaps/shared';
import { dayParameter } from './sql-fragments';

export type ActivityColumn = 'events' | 'key_actions' | 'sessions';

export interface ActivityTotalsScope {
  projectId: number;
  groupTypeId: number;
  range: DayRange;
  column: ActivityColumn;
}

export function buildActivityTotalsSql(scope: ActivityTotalsScope, groupIds: readonly bigint[] | null): Prisma.Sql {
  const groupFilter = groupIds ? Prisma.sql`AND group_id = ANY(${groupIds as bigint[]}::bigint[])` : Prisma.empty;
  return Prisma.sql`
    SELECT group_id AS "groupId", sum(${Prisma.raw(scope.column)})::float8 AS total
    FROM group_daily
    WHERE project_id = ${scope.projectId} AND group_type_id = ${scope.groupTypeId}
      AND day BETWEEN ${dayParameter(scope.range.from)} AND ${dayParameter(scope.range.to)} ${groupFilter}
    GROUP BY group_id`;
}

export function buildChangedGroupsSql(projectId: number, groupTypeId: number, afterFoldId: bigint, upToFoldId: bigint): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT group_id AS "groupId"
    FROM rollup_change
    WHERE project_id = ${projectId} AND fold_id > ${afterFoldId} AND fold_id <= ${upToFoldId} AND group_type_id = ${groupTypeId}`;
}

export async function readActivityTotals(client: AnalyticsClient, scope: ActivityTotalsScope, groupIds: readonly bigint[] | null = null): Promise<Map<bigint, number>> {
  const rows = await asSqlExecutor(client).query<{ groupId: bigint; total: number }>(buildActivityTotalsSql(scope, groupIds));
  return new Map(rows.map((row) => [row.groupId, row.total]));
}

/** Groups of the type whose rollups the folds numbered after `afterFoldId`, up to `upToFoldId`, changed. */
export async function readChangedGroups(client: AnalyticsClient, projectId: number, groupTypeId: number, afterFoldId: bigint, upToFoldId: bigint): Promise<bigint[]> {
  const rows = await asSqlExecutor(client).query<{ groupId: bigint }>(buildChangedGroupsSql(projectId, groupTypeId, afterFoldId, upToFoldId));
  return rows.map((row) => row.groupId);
}
