// Writes a new migration folder with the SQL that brings the committed migrations up to
// schema.prisma, computed on a throwaway in-memory PGlite (no server and no native engine needed).
// Usage: npm run db:migration:create -- <name>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { diffMigrationsToSchema, migrationsDirectory } from '../database/migrate';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration:create -- <name in snake_case>');
  process.exit(2);
}
const pglite = await PGlite.create();
const sql = await diffMigrationsToSchema(new PrismaPGlite(pglite));
await pglite.close();
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log('schema.prisma matches the migrations: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = join(migrationsDirectory, `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'migration.sql'), sql);
writeFileSync(
  join(migrationsDirectory, 'migration_lock.toml'),
  '# Written by leadmaps; Prisma reads it.\nprovider = "postgresql"\n',
);
console.log(`Wrote ${folder}/migration.sql`);
