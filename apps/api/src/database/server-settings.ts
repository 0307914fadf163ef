// Checks of the PostgreSQL server's settings that leadmaps depends on but does not own.
import { sql } from './sql';
import type { SqlExecutor } from './sql-database';

/**
 * A warning when autovacuum is off: ingest updates rollup rows batch after batch, and without
 * VACUUM their dead versions are never reclaimed, so tables and indexes grow without bound.
 * (Planner statistics are refreshed by ingest itself; see modules/rollups/statistics-keeper.ts.)
 */
export async function serverSettingWarnings(client: SqlExecutor): Promise<string[]> {
  const [row] = await client.query<{ autovacuum: string }>(sql`SELECT current_setting('autovacuum') AS autovacuum`);
  return row?.autovacuum === 'off'
    ? [
        'PostgreSQL runs with autovacuum = off: dead row versions left by ingest are never reclaimed and tables will bloat; turn it on (the default)',
      ]
    : [];
}
