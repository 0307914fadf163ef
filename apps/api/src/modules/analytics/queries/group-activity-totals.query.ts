// The activity columns of group_daily a ranking may sort by, and which groups the folds after a
// given one changed (what the caches of rollup rows re-read after new events).
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export type ActivityColumn = 'events' | 'key_actions' | 'sessions';
export const activityColumns: Record<ActivityColumn, string> = {
  events: 'events',
  key_actions: 'key_actions',
  sessions: 'sessions',
};

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
