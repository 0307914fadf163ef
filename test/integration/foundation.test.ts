import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingMigrations } from '../../apps/api/src/database/database';
import { listMigrationNames } from '../../apps/api/src/database/migrate';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

describe('foundation: migrations, health and API authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  it('applies every committed migration and records it', async () => {
    expect(await pendingMigrations(server.database.sql)).toEqual([]);
    const rows = await server.database.prisma.$queryRaw<
      { migration_name: string }[]
    >`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((row) => row.migration_name)).toEqual(listMigrationNames());
  });

  it('creates every table of the model keyed by project', async () => {
    const tables = await server.database.prisma.$queryRaw<{ table_name: string; has_project: boolean }[]>`
      SELECT t.table_name, EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_name = t.table_name AND c.column_name = 'project_id') AS has_project
      FROM information_schema.tables t
      -- Tables only: Citus adds its own views (citus_tables, citus_shards, …) to the public schema.
      WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name NOT IN ('_prisma_migrations', 'project')`;
    const names = tables.map((table) => table.table_name);
    for (const expected of [
      'app_user',
      'group_type',
      'group',
      'group_property_change',
      'membership',
      'event',
      'event_group',
      'cohort',
    ]) {
      expect(names).toContain(expected);
    }
    expect(tables.filter((table) => !table.has_project)).toEqual([]);
  });

  it('answers health and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('denies GraphQL without a key and scopes it to the key’s project', async () => {
    const anonymous = await graphql(server, null, '{ project { name } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const wrong = await graphql(server, 'lm_secret_not-a-real-key', '{ project { name } }');
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const first = await server.services.projects.createProject({ name: 'First' });
    const second = await server.services.projects.createProject({ name: 'Second', timeZone: 'Europe/Berlin' });
    const asSecond = await graphql(server, second.secretKey, '{ project { name timeZone ingestKey } }');
    expect(asSecond.data.project).toEqual({
      name: 'Second',
      timeZone: 'Europe/Berlin',
      ingestKey: second.project.ingestKey,
    });
    const asFirstReader = await graphql(server, first.readKey, '{ project { name ingestKey } }');
    expect(asFirstReader.data.project).toEqual({ name: 'First', ingestKey: null });
  });

  it('stores only hashes of secret keys', async () => {
    const created = await server.services.projects.createProject({ name: 'Hashes' });
    const rows = await server.database.prisma.$queryRaw<
      Record<string, unknown>[]
    >`SELECT * FROM project WHERE id = ${created.project.id}`;
    expect(JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(
      created.secretKey,
    );
    expect(JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(
      created.readKey,
    );
  });
});
