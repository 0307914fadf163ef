// The migrated schema is one Citus can distribute by project id (docs/scaling.md), checked on one
// PostgreSQL or PGlite: Citus enforces a primary key, unique index or foreign key between
// distributed tables only when it contains the distribution column, and a reference table may
// not point at a distributed one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../apps/api/src/database/database';
import { type DistributionPlan, planDistribution } from '../../apps/api/src/database/distribute';
import { sql } from '../../apps/api/src/database/sql';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('schema ready for Citus', () => {
  let testDatabase: TestDatabase;
  let database: OpenDatabase;
  let plan: DistributionPlan;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await openDatabase(testDatabase.config, { migrate: true });
    plan = await planDistribution(database.sql);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('makes `project` the only reference table and distributes every other table', async () => {
    expect(plan.referenceTables).toEqual(['project']);
    const tables = await database.sql.query<{ name: string }>(sql`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`);
    expect([...plan.distributedTables, ...plan.referenceTables].sort()).toEqual(
      tables.map((table) => table.name).sort(),
    );
    for (const table of [
      'event',
      'event_group',
      'group',
      'app_user',
      'group_daily',
      'rollup_queue',
      'rollup_fold_state',
    ])
      expect(plan.distributedTables).toContain(table);
  });

  it('orders the distributed tables so each comes after the tables it references', async () => {
    const references = await foreignKeys(database);
    for (const reference of references) {
      if (!plan.distributedTables.includes(reference.referenced)) continue;
      expect(
        plan.distributedTables.indexOf(reference.referenced),
        `${reference.table} -> ${reference.referenced}`,
      ).toBeLessThan(plan.distributedTables.indexOf(reference.table));
    }
  });

  it('includes project_id in every primary key and unique index of a distributed table', async () => {
    const indexes = await database.sql.query<{ table: string; index: string; columns: string[] }>(sql`
      SELECT t.relname AS "table", i.relname AS index,
        array(SELECT a.attname::text FROM unnest(x.indkey) AS k(attnum) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
      FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND (x.indisunique OR x.indisprimary)`);
    const distributed = indexes.filter((index) => plan.distributedTables.includes(index.table));
    expect(distributed.length).toBeGreaterThanOrEqual(plan.distributedTables.length);
    const missing = distributed.filter((index) => !index.columns.includes('project_id')).map((index) => index.index);
    expect(missing).toEqual([]);
  });

  it('pairs project_id with project_id in every foreign key between distributed tables, and points reference tables at none', async () => {
    const references = await foreignKeys(database);
    // Today the schema has no foreign keys at all; any a migration adds must pass this.
    expect(foreignKeyProblems(references, plan)).toEqual([]);
    // The check itself catches both mistakes.
    const invented = { name: 'invented', columns: ['group_id'], referencedColumns: ['id'] };
    expect(foreignKeyProblems([{ ...invented, table: 'group_daily', referenced: 'group' }], plan)).toHaveLength(1);
    expect(foreignKeyProblems([{ ...invented, table: 'project', referenced: 'group' }], plan)).toHaveLength(1);
  });
});

interface ForeignKey {
  name: string;
  table: string;
  referenced: string;
  columns: string[];
  referencedColumns: string[];
}

function foreignKeyProblems(references: ForeignKey[], plan: DistributionPlan): string[] {
  const problems: string[] = [];
  for (const reference of references) {
    const fromDistributed = plan.distributedTables.includes(reference.table);
    const toDistributed = plan.distributedTables.includes(reference.referenced);
    if (!fromDistributed && toDistributed)
      problems.push(
        `${reference.name}: reference table ${reference.table} points at distributed ${reference.referenced}`,
      );
    if (fromDistributed && toDistributed) {
      const position = reference.columns.indexOf('project_id');
      if (position < 0 || reference.referencedColumns[position] !== 'project_id')
        problems.push(
          `${reference.name}: ${reference.columns.join(', ')} -> ${reference.referencedColumns.join(', ')}`,
        );
    }
  }
  return problems;
}

async function foreignKeys(database: OpenDatabase) {
  return database.sql.query<ForeignKey>(sql`
    SELECT c.conname AS name, t.relname AS "table", r.relname AS referenced,
      array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.position) AS columns,
      array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.position) AS "referencedColumns"
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()`);
}
