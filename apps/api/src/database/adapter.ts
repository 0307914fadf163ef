// Chooses the PostgreSQL that leadmaps talks to: a server when DATABASE_URL is set, otherwise
// PGlite (real PostgreSQL compiled to wasm) in a data folder. Both speak the same SQL.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defaultDatabaseTimeouts, type DatabaseConfig } from '../config/config';
import { lockDataDirectory } from './data-directory-lock';
import { createPgPool, pgliteDatabase, pgDatabase, type Database } from './sql-database';

export interface DatabaseConnection {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The façade every repository and query runs on (see sql-database.ts). */
  database: Database;
  /** A human-readable description without credentials, for logs. */
  description: string;
  /** The server pool's connections, for the server's metrics (null: PGlite, no pool). */
  poolUsage(): { total: number; idle: number; waiting: number } | null;
  close(): Promise<void>;
}

export async function openDatabaseConnection(config: DatabaseConfig): Promise<DatabaseConnection> {
  if (config.kind === 'server') {
    // Prisma keeps its own small pool (migrations, tests' checks); the façade gets its own,
    // with int8 parsed to bigint, which must not leak into Prisma's own result handling.
    const timeouts = config.timeouts ?? defaultDatabaseTimeouts;
    const adapterFactory = new PrismaPg({
      connectionString: config.url,
      max: 4,
      connectionTimeoutMillis: timeouts.acquireMilliseconds,
      // Migrations run on this pool: a migration may rewrite a large table, so its statements get
      // the long timeout rather than the one for requests.
      statement_timeout: timeouts.longStatementMilliseconds,
    });
    const pool = createPgPool(config.url, 10, timeouts);
    return {
      adapterFactory,
      database: pgDatabase(pool, timeouts),
      description: describeServerUrl(config.url),
      poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => pool.end(),
    };
  }
  const inMemory = config.dataDirectory === 'memory://';
  if (!inMemory) mkdirSync(config.dataDirectory, { recursive: true });
  const unlock = inMemory ? () => {} : lockDataDirectory(config.dataDirectory);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? undefined : config.dataDirectory);
  } catch (error) {
    unlock();
    throw error;
  }
  return {
    adapterFactory: new PrismaPGlite(pglite),
    database: pgliteDatabase(pglite),
    description: `embedded PGlite at ${config.dataDirectory}`,
    poolUsage: () => null,
    close: async () => {
      await pglite.close();
      unlock();
    },
  };
}

/**
 * The same database for command-line tools (bulk loads, rebuilds): every statement under the long
 * statement timeout, since one statement there may legitimately work through millions of rows.
 */
export function withLongStatementTimeout(config: DatabaseConfig): DatabaseConfig {
  if (config.kind !== 'server') return config;
  const timeouts = config.timeouts ?? defaultDatabaseTimeouts;
  return { ...config, timeouts: { ...timeouts, statementMilliseconds: timeouts.longStatementMilliseconds } };
}

function describeServerUrl(url: string): string {
  const parsed = new URL(url);
  return `PostgreSQL ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
