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

/**
 * The same answer, asked once per process: for services that run many short transactions (ingest)
 * and choose a statement's shape before sending it. The first caller's executor asks (one catalog
 * read); a failed read is asked again next time. A database that becomes a coordinator while the
 * process runs keeps the single-statement shape until the process restarts: Citus runs it
 * correctly, only planned in parts.
 */
export class StatementShape {
  private perTable: Promise<boolean> | undefined;

  usesStatementsPerTable(client: SqlExecutor): Promise<boolean> {
    this.perTable ??= usesStatementsPerTable(client).catch((error: unknown) => {
      this.perTable = undefined;
      throw error;
    });
    return this.perTable;
  }
}
