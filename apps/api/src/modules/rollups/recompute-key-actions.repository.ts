// After the project's key actions change, group_daily.key_actions is recomputed from the per
// event type rollup in SQL, so history is re-counted without touching raw events.
import { sql, type Sql } from '../../database/sql';
import { lockRollups } from './rollup-lock';
import type { SqlExecutor } from '../../database/sql-database';

export function buildResetKeyActionsSql(projectId: number): Sql {
  return sql`UPDATE group_daily SET key_actions = 0 WHERE project_id = ${projectId} AND key_actions <> 0`;
}

export function buildRecountKeyActionsSql(projectId: number, keyActions: readonly string[]): Sql {
  return sql`
    UPDATE group_daily AS daily SET key_actions = totals.key_actions
    FROM (
      SELECT group_id, day, sum(events)::int AS key_actions
      FROM group_event_type_daily
      WHERE project_id = ${projectId} AND event_type = ANY(${[...keyActions]}::text[])
      GROUP BY group_id, day
    ) AS totals
    WHERE daily.project_id = ${projectId} AND daily.group_id = totals.group_id AND daily.day = totals.day`;
}

/**
 * Run inside the transaction that stores the new key actions. It holds the rollup lock, so no
 * fold runs meanwhile, and folds after it read the new key actions: events still queued are
 * counted with them when they are folded.
 */
export async function recomputeKeyActions(
  client: SqlExecutor,
  projectId: number,
  keyActions: readonly string[],
): Promise<void> {
  await lockRollups(client, projectId);
  await client.execute(buildResetKeyActionsSql(projectId));
  if (keyActions.length > 0) await client.execute(buildRecountKeyActionsSql(projectId, keyActions));
}
