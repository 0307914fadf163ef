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

/**
 * An error a Citus worker raised for a row that the coordinator was copying to it. Citus sends the
 * rows of an `INSERT … SELECT` whose rows do not come from a distributed table (the request's rows,
 * as ingest's per-table statements) to the shard with COPY, and relays a worker's refusal of
 * the COPY with the worker's message but without its SQLSTATE: always XX000, raised in Citus's
 * `ReportCopyError` (seen on Citus 13.2: a CHECK constraint's failed cast, 22P02 on the worker,
 * arrives as XX000 with the same message). What the worker refused is data: its class is lost.
 */
export function isRowRefusedByCitusWorker(error: unknown): boolean {
  const fields = error as { code?: unknown; routine?: unknown } | null;
  return fields?.code === 'XX000' && fields.routine === 'ReportCopyError';
}
