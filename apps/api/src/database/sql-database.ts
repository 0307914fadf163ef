// The SQL executor behind the database façade (`Database` below): every repository and query runs
// on it. Statements are built with the `sql` tag (database/sql.ts: parameterised, composable) and
// run straight on the driver that Prisma's adapter already holds: the pg Pool, or the PGlite
// instance. Measured on this machine, Prisma's raw queries cost ~0.85 ms of CPU per statement
// against ~0.08 ms for the driver, which capped single-event ingest near 100 requests/s. One set
// of SQL serves both databases.
import { createHash } from 'node:crypto';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { defaultDatabaseTimeouts, type DatabaseTimeouts } from '../config/config';
import { isDatabaseUnavailable } from './database-availability';
import type { Sql } from './sql';

export interface SqlExecutor {
  query<Row>(statement: Sql): Promise<Row[]>;
  /** Runs a statement for its effect; returns the number of rows it affected. */
  execute(statement: Sql): Promise<number>;
}

/**
 * The database façade: the pool's executor, and `transaction`, which hands ONE executor to every
 * repository and query that takes part. Prisma is kept for the schema and migrations only.
 */
export interface Database extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

export interface TransactionOptions {
  /**
   * Background work that may legitimately take minutes (a fold after a backlog, ANALYZE, pruning)
   * runs under the long statement timeout instead of the one meant for requests.
   */
  longRunning?: boolean;
}

const int8 = 20;
// int8 columns (ids) come back as bigint, as Prisma returns them, so ids never lose precision.
const parseBigInt = (value: string) => BigInt(value);

/** A statement's client-side read timeout: just above statement_timeout, so the server's own
 * timeout (which leaves the connection usable) fires first, and this one only when the server
 * stopped answering altogether. */
const readTimeoutMargin = 2_000;
const readTimeoutOf = (statementMilliseconds: number) =>
  statementMilliseconds > 0 ? statementMilliseconds + readTimeoutMargin : 0;
/** pg falls back to the connection's read timeout for 0, so "no limit" on one statement is this (setTimeout's maximum). */
const unlimitedReadTimeout = 2_147_483_647;

export function createPgPool(
  connectionString: string,
  maximumConnections: number,
  timeouts: DatabaseTimeouts = defaultDatabaseTimeouts,
): pg.Pool {
  const { connectMilliseconds } = timeouts;
  const pool = new pg.Pool({
    connectionString,
    max: maximumConnections,
    // pg-pool uses this for both the wait for a free connection and a new connection's connect;
    // the connect timeout proper is set on each client below (at most this).
    connectionTimeoutMillis: timeouts.acquireMilliseconds,
    Client: class extends pg.Client {
      constructor(config?: pg.ClientConfig) {
        super({ ...config, connectionTimeoutMillis: connectMilliseconds });
      }
    },
    // JIT compilation pays off for long reports, not for these statements: it added 60–75 ms to
    // analytics reads whose plans cross jit_above_cost (rollup scans at 10M events).
    options: '-c jit=off',
    // Sent at connect (a startup parameter), so every statement of every connection has it; long
    // work raises it with SET LOCAL inside its transaction.
    statement_timeout: timeouts.statementMilliseconds,
    // A database that stopped answering (network partition) never sends statement_timeout's error.
    query_timeout: readTimeoutOf(timeouts.statementMilliseconds) || undefined,
    // Detects a peer that vanished without closing the connection, for idle pooled connections.
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8 ? parseBigInt : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection can be closed by the server (restart, or a dropped database in tests); the
  // pool replaces it on next use. Without a listener the error would crash the process.
  pool.on('error', () => {});
  return pool;
}

// Named statements let each connection parse and plan a statement once and reuse it: the SQL
// texts are fixed (only bind values vary), and planning the jsonb_to_recordset statements costs
// about as much as running them for a small batch.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `leadmaps_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}

function pgExecutor(client: pg.Pool | pg.PoolClient, readTimeoutMilliseconds?: number): SqlExecutor {
  const run = (statement: Sql) =>
    client.query({
      name: statementName(statement.text),
      text: statement.text,
      values: statement.values as unknown[],
      // Per statement: the long timeout of a long-running transaction (pg reads it from the query config).
      ...(readTimeoutMilliseconds !== undefined ? { query_timeout: readTimeoutMilliseconds } : {}),
    } as pg.QueryConfig);
  return {
    query: async <Row>(statement: Sql) => (await run(statement)).rows as Row[],
    execute: async (statement) => (await run(statement)).rowCount ?? 0,
  };
}

export function pgDatabase(pool: pg.Pool, timeouts: DatabaseTimeouts = defaultDatabaseTimeouts): Database {
  return {
    ...pgExecutor(pool),
    transaction: async (work, options = {}) => {
      const client = await pool.connect();
      // A connection that failed mid-transaction (lost, timed out) must not go back to the pool:
      // it may still be waiting for an answer that will never come, or a late one.
      let broken: Error | undefined;
      // pg-pool listens for errors of idle connections only: one lost while checked out, between two
      // statements, would emit an 'error' nobody handles and end the process. The next statement
      // fails on its own; this only keeps the connection out of the pool.
      const onConnectionError = (error: Error) => {
        broken ??= error;
      };
      client.on('error', onConnectionError);
      try {
        await client.query('BEGIN');
        let executor = pgExecutor(client);
        if (options.longRunning) {
          const long = timeouts.longStatementMilliseconds;
          // SET does not take bind parameters; `long` is a validated integer from the configuration.
          await client.query(`SET LOCAL statement_timeout = ${Math.trunc(long)}`);
          executor = pgExecutor(client, readTimeoutOf(long) || unlimitedReadTimeout);
        }
        const result = await work(executor);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A lost connection rolls back on the server by itself; a ROLLBACK on it would only wait
        // for the read timeout a second time.
        if (isDatabaseUnavailable(error)) broken = error as Error;
        else
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
        throw error;
      } finally {
        client.removeListener('error', onConnectionError);
        client.release(broken);
      }
    },
  };
}

const pgliteOptions = { parsers: { [int8]: parseBigInt } };

function pgliteExecutor(client: PGlite | Transaction): SqlExecutor {
  return {
    query: async <Row>(statement: Sql) =>
      (await client.query<Row>(statement.text, statement.values as unknown[], pgliteOptions)).rows,
    execute: async (statement) =>
      (await client.query(statement.text, statement.values as unknown[], pgliteOptions)).affectedRows ?? 0,
  };
}

export function pgliteDatabase(pglite: PGlite): Database {
  return {
    ...pgliteExecutor(pglite),
    transaction: (work) => pglite.transaction((transaction) => work(pgliteExecutor(transaction))),
  };
}
