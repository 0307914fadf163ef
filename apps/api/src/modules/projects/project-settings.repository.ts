// Writes to the analytics settings of a project (key actions, trend bands).
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

export async function saveKeyActions(
  client: SqlExecutor,
  projectId: number,
  keyActions: readonly string[],
): Promise<void> {
  await client.execute(sql`UPDATE project SET key_actions = ${[...keyActions]}::text[] WHERE id = ${projectId}`);
}

export async function saveTrendThresholds(
  client: SqlExecutor,
  projectId: number,
  steadyPercent: number,
  sharpPercent: number,
): Promise<void> {
  await client.execute(sql`
    UPDATE project SET trend_steady_percent = ${steadyPercent}::float8, trend_sharp_percent = ${sharpPercent}::float8
    WHERE id = ${projectId}`);
}
