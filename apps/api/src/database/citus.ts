// Whether the database is a Citus coordinator. Statements that one PostgreSQL runs fastest as a
// single statement with data-modifying CTEs are run as several statements there instead, each of
// which Citus routes whole to one project's shards (see docs/scaling.md).
import { sql } from './sql';
import type { SqlExecutor } from './sql-database';

/**
 * A boolean expression (one catalog lookup): true on a database with the citus extension, or where
 * the setting `leadmaps.statements_per_table` is `on`, which lets the tests run the Citus shape of
 * those statements on one PostgreSQL and compare its figures with the single-statement shape.
 */
export const statementsPerTable = sql`(EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')
  OR coalesce(current_setting('leadmaps.statements_per_table', true), '') = 'on')`;

export async function usesStatementsPerTable(client: SqlExecutor): Promise<boolean> {
  const [row] = await client.query<{ perTable: boolean }>(sql`SELECT ${statementsPerTable} AS "perTable"`);
  return row?.perTable === true;
}
