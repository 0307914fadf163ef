import { PrismaClient } from '../generated/prisma/client';
import type { DatabaseConfig } from '../config/config';
import { openDatabaseConnection, type DatabaseConnection } from './adapter';
import { applyPendingMigrations, listMigrationNames } from './migrate';
import type { SqlDatabase } from './sql-database';

export type Database = PrismaClient;

export interface OpenDatabase {
  prisma: PrismaClient;
  sql: SqlDatabase;
  connection: DatabaseConnection;
  close(): Promise<void>;
}

export async function openDatabase(
  config: DatabaseConfig,
  options: { migrate: boolean; onMigrated?: (applied: string[]) => void } = { migrate: true },
): Promise<OpenDatabase> {
  const connection = await openDatabaseConnection(config);
  try {
    if (options.migrate) {
      const applied = await applyPendingMigrations(connection.adapterFactory);
      options.onMigrated?.(applied);
    }
    const prisma = new PrismaClient({ adapter: connection.adapterFactory });
    return {
      prisma,
      sql: connection.sql,
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
export async function pendingMigrations(prisma: PrismaClient): Promise<string[]> {
  const expected = listMigrationNames();
  const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  return expected.filter((name) => !applied.has(name));
}
