// Whether the first-start demo load finished, and removing what an interrupted one left behind.
import { sql, sqlFromAllowlist } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { lockRollups } from '../rollups/rollup-lock';

export async function recordDemoLoadStarted(client: SqlExecutor, projectId: number): Promise<void> {
  await client.execute(sql`INSERT INTO demo_load (project_id) VALUES (${projectId}) ON CONFLICT DO NOTHING`);
}

export async function recordDemoLoadCompleted(client: SqlExecutor, projectId: number): Promise<void> {
  await client.execute(sql`UPDATE demo_load SET completed_at = now() WHERE project_id = ${projectId}`);
}

/** The project of a demo load that began and never finished, or null. */
export async function findUnfinishedDemoLoad(client: SqlExecutor): Promise<number | null> {
  const rows = await client.query<{ projectId: number }>(sql`
    SELECT project_id AS "projectId" FROM demo_load WHERE completed_at IS NULL ORDER BY project_id LIMIT 1`);
  return rows[0]?.projectId ?? null;
}

/**
 * Deletes a project and every row of it, in the caller's transaction. The tables are those with a
 * project_id column in the catalog, so a table added later is covered without a list to maintain.
 */
export async function removeProjectAndData(client: SqlExecutor, projectId: number): Promise<void> {
  await lockRollups(client, projectId);
  const tables = await client.query<{ name: string }>(sql`
    SELECT c.table_name AS name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND c.column_name = 'project_id' AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name`);
  // The catalog's own names, quoted: the allowlist is what the database says exists.
  const quoted = Object.fromEntries(
    tables.filter(({ name }) => /^[a-z_][a-z0-9_]*$/.test(name)).map(({ name }) => [name, `"${name}"`]),
  );
  for (const table of Object.keys(quoted)) {
    await client.execute(sql`DELETE FROM ${sqlFromAllowlist(quoted, table)} WHERE project_id = ${projectId}`);
  }
  await client.execute(sql`DELETE FROM project WHERE id = ${projectId}`);
}
