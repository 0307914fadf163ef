// Applies prisma/migrations with Prisma's own schema engine compiled to wasm, through the same
// driver adapter the app uses. The native engine cannot be downloaded on every machine (and the
// embedded PGlite has no URL it could connect to), the wasm build needs neither. Migrations stay
// in Prisma's folder format, so `prisma migrate deploy` works too where the native engine exists.
//
// The wasm package imports a `.wasm` file as an ES module: the process must run with
// `node --experimental-wasm-modules` (every npm script that migrates passes it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { prismaDirectory } from './paths';

const schemaFilter = { externalTables: [], externalEnums: [] };

export const migrationsDirectory = join(prismaDirectory, 'migrations');

export function listMigrationNames(): string[] {
  return readdirSync(migrationsDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDirectory, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

function readSchemaFiles() {
  const path = join(prismaDirectory, 'schema.prisma');
  return [{ path, content: readFileSync(path, 'utf8') }];
}

function migrationList() {
  const lockfilePath = join(migrationsDirectory, 'migration_lock.toml');
  return {
    baseDir: migrationsDirectory,
    lockfile: { path: lockfilePath, content: existsSync(lockfilePath) ? readFileSync(lockfilePath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: listMigrationNames().map((name) => ({
      // The engine records `path` as the migration name, so it must be the folder name only.
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: readFileSync(join(migrationsDirectory, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: import('@prisma/schema-engine-wasm').SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await import('@prisma/schema-engine-wasm');
  const schemaFiles = readSchemaFiles();
  const engine = await SchemaEngine.new(
    { datamodels: schemaFiles.map((file) => [file.path, file.content] as [string, string]) },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

/** Applies every pending migration; returns the names of those it applied. */
export async function applyPendingMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return withSchemaEngine(adapterFactory, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList: migrationList(), filters: schemaFilter });
    return output.appliedMigrationNames;
  });
}

/** SQL that takes a database from the committed migrations to the current schema.prisma. */
export async function diffMigrationsToSchema(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  return withSchemaEngine(adapterFactory, async (engine) => {
    const result = await engine.diff({
      from: listMigrationNames().length ? { tag: 'migrations', ...migrationList() } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: readSchemaFiles() },
      script: true,
      exitCode: null,
      shadowDatabaseUrl: null,
      filters: schemaFilter,
    } as never);
    return (result as { stdout: string }).stdout;
  });
}
