// Opens the database: migrated with Prisma's schema engine, then served by the façade
// (sql-database.ts) that every repository and query takes. The Prisma client stays for tests and
// one-off tools that check tables with the ORM; the application itself never uses it.
import { PrismaClient } from '../generated/prisma/client';
import type { DatabaseConfig } from '../config/config';
import { openDatabaseConnection, type DatabaseConnection } from './adapter';
import { citusVersion, distributeDatabase } from './distribute';
import { applyPendingMigrations, listMigrationNames } from './migrate';
import { sql } from './sql';
import type { Database, SqlExecutor } from './sql-database';
import { waitForDatabase, type WaitForDatabaseOptions } from './wait-for-database';

export type { Database, SqlExecutor } from './sql-database';

export interface OpenDatabase {
  /** The façade (named `sql` for its callers in tests and benchmarks). */
  sql: Database;
  /** For tests and tools only: the application runs every statement through `sql`. */
  prisma: PrismaClient;
  connection: DatabaseConnection;
  close(): Promise<void>;
}

export async function openDatabase(
  config: DatabaseConfig,
  options: {
    migrate: boolean;
    onMigrated?: (applied: string[]) => void;
    /** Waits for an unreachable server before migrating (PGlite is in this process: never waits). */
    waitUntilReachable?: WaitForDatabaseOptions;
  } = { migrate: true },
): Promise<OpenDatabase> {
  const connection = await openDatabaseConnection(config);
  try {
    if (options.waitUntilReachable && config.kind === 'server')
      await waitForDatabase(connection.database, options.waitUntilReachable);
    if (options.migrate) {
      const applied = await applyPendingMigrations(connection.adapterFactory);
      // On a Citus coordinator, tables a migration just created are distributed like the others.
      if (applied.length && config.kind === 'server' && (await citusVersion(connection.database)))
        await distributeDatabase(connection.database);
      options.onMigrated?.(applied);
    }
    const prisma = new PrismaClient({ adapter: connection.adapterFactory });
    return {
      sql: connection.database,
      prisma,
      connection,
      close: async () => {
        await prisma.$disconnect();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Names of committed migrations that the database has not (successfully) applied. */
export async function pendingMigrations(database: SqlExecutor): Promise<string[]> {
  const expected = listMigrationNames();
  const rows = await database.query<{ migrationName: string }>(sql`
    SELECT migration_name AS "migrationName" FROM _prisma_migrations
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  const applied = new Set(rows.map((row) => row.migrationName));
  return expected.filter((name) => !applied.has(name));
}
