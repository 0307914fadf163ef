import { usesStatementsPerTable } from '../../database/citus';
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { beginFold, foldQueuedEvents } from './fold.repository';
import { rollupStatement } from './rollup-statement';
import { storedAttributions, writeRollupsPerTable } from './rollup-statements-per-table';

/** The steps of a rebuild, in order, for progress reports (see settings/time-zone-change.service.ts). */
export const rebuildSteps = [
  'folding_queued_events',
  'clearing_rollups',
  'recomputing_rollups',
  'recording_changes',
] as const;
export type RebuildStep = (typeof rebuildSteps)[number];

/**
 * Recomputes every rollup of a project from its stored attributions (after late data, a time-zone
 * change or a migration), with the time zone and key actions stored now. Queued events are folded
 * first (which also moves their people's first and last seen), and the rebuild counts as one more
 * fold that changed every group.
 */
export async function rebuildRollups(
  client: SqlExecutor,
  projectId: number,
  onStep: (step: RebuildStep) => void = () => {},
) {
  onStep('folding_queued_events');
  while ((await foldQueuedEvents(client, projectId, 1_000)).more);
  onStep('clearing_rollups');
  const { foldId, timeZone, keyActions } = await beginFold(client, projectId);
  await client.execute(sql`DELETE FROM group_session WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_daily WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_event_type_daily WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_user_daily WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_member WHERE project_id = ${projectId}`);
  const attributed = sql`
    SELECT l.group_id, l.group_type_id, l.time, l.user_id, e.session_id, e.event_type,
      (l.time AT TIME ZONE ${timeZone})::date AS day, e.event_type = ANY(${keyActions}::text[]) AS is_key
    FROM event_group l JOIN event e ON e.project_id = l.project_id AND e.id = l.event_id
    WHERE l.project_id = ${projectId}`;
  onStep('recomputing_rollups');
  if (await usesStatementsPerTable(client))
    await writeRollupsPerTable(client, projectId, storedAttributions(projectId), { timeZone, keyActions }, 'stored');
  else await client.execute(rollupStatement(projectId, { attributed }));
  onStep('recording_changes');
  await client.execute(sql`
    INSERT INTO rollup_change (project_id, fold_id, group_id, group_type_id)
    SELECT ${projectId}, ${foldId}, g.id, g.group_type_id FROM "group" g WHERE g.project_id = ${projectId}`);
}
