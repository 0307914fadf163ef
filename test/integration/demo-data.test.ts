// The first-start demo: a project with the worked example, loaded through the real ingest path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../apps/api/src/lib/logger';
import {
  demoProjectName,
  loadDemoDataIfEmpty,
  type DemoDataOutcome,
} from '../../apps/api/src/modules/demo/demo-loader';
import { openDataEnvironment, type DataEnvironment } from '../../bench/load-data';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const endDate = new Date('2025-06-30T23:59:59.000Z');

describe('demo data at first start', () => {
  let testDatabase: TestDatabase;
  let server: DataEnvironment;
  let outcome: DemoDataOutcome;

  // The services without HTTP: the loader is what main.ts calls once the server listens.
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    server = await openDataEnvironment({ database: testDatabase.config, logLevel: 'silent' });
    const services = { ...server.services, config: { ...server.services.config, loadDemoData: true } };
    outcome = await loadDemoDataIfEmpty(services, createLogger('silent'), endDate);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await testDatabase?.drop();
  });

  // The load time is only reported: this test makes no claim about speed (bench/ does).
  it('creates the demo project with its keys and stores its events', async () => {
    expect(outcome.status === 'failed' ? outcome.error : outcome.status).toBe('created');
    if (outcome.status !== 'created') throw new Error(outcome.status);
    expect(outcome.project).toMatchObject({
      name: demoProjectName,
      timeZone: 'UTC',
      keyActions: ['Report Created', 'Dashboard Shared', 'Query Run'],
    });
    expect(outcome.secretKey).toMatch(/^lm_secret_/);
    expect(outcome.readKey).toMatch(/^lm_read_/);
    expect(outcome.events).toBeGreaterThan(100_000);
    const stored = await server.database.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM event WHERE project_id = ${outcome.project.id}`;
    // `events` counts what was sent, identify calls included; the event table holds the rest.
    expect(stored[0]!.count).toBeGreaterThan(100_000);
    expect(stored[0]!.count).toBeLessThanOrEqual(outcome.events);
    console.info(`demo data: ${outcome.events} events in ${outcome.seconds.toFixed(1)}s`);
  });

  // README "Quick start": Acme Inc rising, Northwind Ltd steady, Globex going quiet, plus ~100
  // generated accounts. Trend bands from the README: steady within ±15 %, falling sharply at −50 %.
  it('holds the worked example: people on record and the documented trend of each named account', async () => {
    if (outcome.status !== 'created') throw new Error(outcome.status);
    const projectId = outcome.project.id;
    const rows = await server.database.prisma.$queryRaw<
      { value: string; name: string; people: number; last_month: number; previous_month: number }[]
    >`
      SELECT g.value, g.properties->>'name' AS name,
        (SELECT count(*)::int FROM group_member m WHERE m.project_id = g.project_id AND m.group_id = g.id) AS people,
        (SELECT coalesce(sum(d.key_actions), 0)::int FROM group_daily d WHERE d.project_id = g.project_id AND d.group_id = g.id AND d.day > DATE '2025-05-31') AS last_month,
        (SELECT coalesce(sum(d.key_actions), 0)::int FROM group_daily d WHERE d.project_id = g.project_id AND d.group_id = g.id AND d.day > DATE '2025-05-01' AND d.day <= DATE '2025-05-31') AS previous_month
      FROM "group" g WHERE g.project_id = ${projectId} ORDER BY last_month DESC`;
    expect(rows.length).toBe(100);
    const byValue = new Map(rows.map((row) => [row.value, row]));
    expect(byValue.get('acme-inc')).toMatchObject({ name: 'Acme Inc', people: 14 });
    expect(byValue.get('northwind-ltd')).toMatchObject({ name: 'Northwind Ltd', people: 9 });
    expect(byValue.get('globex')).toMatchObject({ name: 'Globex', people: 11 });
    expect(rows[0]!.value).toBe('acme-inc');
    const acme = byValue.get('acme-inc')!;
    const globex = byValue.get('globex')!;
    const northwind = byValue.get('northwind-ltd')!;
    const change = (row: { last_month: number; previous_month: number }) =>
      ((row.last_month - row.previous_month) * 100) / row.previous_month;
    expect(acme.previous_month).toBeGreaterThan(0);
    expect(change(acme)).toBeGreaterThan(15);
    expect(northwind.previous_month).toBeGreaterThan(0);
    expect(Math.abs(change(northwind))).toBeLessThanOrEqual(15);
    expect(globex.last_month).toBeLessThan(globex.previous_month * 0.3);
    expect(change(globex)).toBeLessThanOrEqual(-50);
    const organisationEvents = await server.database.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM event WHERE project_id = ${projectId} AND user_id IS NULL`;
    expect(organisationEvents[0]!.count).toBeGreaterThan(50);
  });

  it('does nothing on later starts', async () => {
    const services = { ...server.services, config: { ...server.services.config, loadDemoData: true } };
    const again = await loadDemoDataIfEmpty(services, createLogger('silent'), endDate);
    expect(again.status).toBe('existing');
    expect(again.project?.name).toBe(demoProjectName);
  });
});
