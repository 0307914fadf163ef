// Rollups are folded in after the ingest transaction commits (modules/rollups/rollup-folder.ts).
// These tests hold the server's own folds back (a fold delay of an hour) to look at the state in
// between: events committed and queued, rollups not yet changed; then check that a read folds
// first, that a second folder (another process, or the next start after a crash) folds what was
// left, and that two folders racing over one queue count every event exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../apps/api/src/lib/logger';
import { RollupFolder } from '../../apps/api/src/modules/rollups/rollup-folder';
import { rebuildRollups } from '../../apps/api/src/modules/rollups/rebuild.repository';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const day = Date.UTC(2026, 10, 2, 12);

describe('folding queued events into the rollups', () => {
  let server: TestServer;
  let ingestKey: string;
  let secretKey: string;
  let projectId: number;
  const raw = <T = any>(sql: TemplateStringsArray, ...values: unknown[]) => server.database.prisma.$queryRaw<T[]>(sql, ...values);
  const otherFolder = () => new RollupFolder(server.database.sql, createLogger('silent'), { foldDelayMilliseconds: 0, maximumQueueRowsPerFold: 2 });

  beforeAll(async () => {
    server = await startTestServer({ LEADMAPS_ROLLUP_FOLD_DELAY_MS: '3600000' });
    const created = await server.services.projects.createProject({ name: 'Folding', keyActions: ['Report Created'] });
    ({ ingestKey } = created.project);
    secretKey = created.secretKey;
    projectId = created.project.id;
  });
  afterAll(async () => server?.stop());

  const send = (events: unknown[]) => postJson(`${server.url}/batch`, { api_key: ingestKey, events });
  const eventsOf = (value: string, from: number, count: number) =>
    Array.from({ length: count }, (_, index) => ({
      event_type: index % 2 ? 'Report Created' : 'Page Viewed',
      user_id: `user-${value}-${index % 3}`,
      time: day + index * 1000,
      insert_id: `${value}-${from + index}`,
      groups: { company: value },
    }));
  const totals = async () => {
    const rows = await raw<{ value: string; events: number; key_actions: number }>`
      SELECT g.value, sum(d.events)::int AS events, sum(d.key_actions)::int AS key_actions
      FROM group_daily d JOIN "group" g ON g.project_id = d.project_id AND g.id = d.group_id
      WHERE d.project_id = ${projectId} GROUP BY g.value ORDER BY g.value`;
    return Object.fromEntries(rows.map((row) => [row.value, { events: row.events, keyActions: row.key_actions }]));
  };
  const queued = async () => (await raw<{ events: number }>`SELECT COALESCE(sum(events), 0)::int AS events FROM rollup_queue WHERE project_id = ${projectId}`)[0]!.events;

  it('acknowledges with the events committed and queued, the rollups untouched until a fold', async () => {
    expect((await send(eventsOf('acme', 0, 6))).json).toMatchObject({ code: 200, events_ingested: 6 });
    const [stored] = await raw<{ events: number; links: number }>`
      SELECT (SELECT count(*) FROM event WHERE project_id = ${projectId})::int AS events,
             (SELECT count(*) FROM event_group WHERE project_id = ${projectId})::int AS links`;
    expect(stored).toEqual({ events: 6, links: 6 });
    expect(await queued()).toBe(6);
    expect(await totals()).toEqual({});
  });

  it('folds before a GraphQL read answers, so a read sees every acknowledged event', async () => {
    const result = await graphql(server, secretKey, `{ groups(groupType: "company", range: { from: "2026-11-01", to: "2026-11-30" }) { edges { node { value events keyActions activePeople } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.groups.edges.map((edge: { node: unknown }) => edge.node)).toEqual([{ value: 'acme', events: 6, keyActions: 3, activePeople: 3 }]);
    expect(await queued()).toBe(0);
    expect(await totals()).toEqual({ acme: { events: 6, keyActions: 3 } });
    const [person] = await raw<{ first_seen: Date; last_seen: Date }>`SELECT first_seen, last_seen FROM app_user WHERE project_id = ${projectId} AND user_id = 'user-acme-0'`;
    expect([person!.first_seen.getTime(), person!.last_seen.getTime()]).toEqual([day, day + 3000]);
  });

  it('a second folder (the next start, or another process) folds what was left queued', async () => {
    await send(eventsOf('globex', 0, 4));
    await send(eventsOf('globex', 4, 4));
    expect(await queued()).toBe(8);
    const folder = otherFolder();
    await folder.sweep();
    await folder.catchUpAll();
    await folder.stop();
    expect(await queued()).toBe(0);
    expect(await totals()).toEqual({ acme: { events: 6, keyActions: 3 }, globex: { events: 8, keyActions: 4 } });
    expect(folder.statistics.events).toBe(8);
  });

  it('two folders racing over one queue count every event exactly once', async () => {
    for (let batch = 0; batch < 6; batch++) await send(eventsOf('initech', batch * 5, 5));
    expect(await queued()).toBe(30);
    const first = otherFolder();
    const second = otherFolder();
    await Promise.all([first.sweep(), second.sweep()]);
    await Promise.all([first.catchUpAll(), second.catchUpAll(), server.services.rollups.catchUp(projectId)]);
    await Promise.all([first.stop(), second.stop()]);
    expect(await queued()).toBe(0);
    expect((await totals()).initech).toEqual({ events: 30, keyActions: 12 });
    const [changes] = await raw<{ folds: number }>`SELECT count(DISTINCT fold_id)::int AS folds FROM rollup_change WHERE project_id = ${projectId}`;
    expect(changes!.folds).toBeGreaterThanOrEqual(3);
  });

  it('new key actions apply to events still queued when they are folded', async () => {
    await send(eventsOf('umbrella', 0, 4));
    expect(await queued()).toBe(4);
    const changed = await graphql(server, secretKey, `mutation { setKeyActions(eventTypes: ["Page Viewed"]) { keyActions } }`);
    expect(changed.errors).toBeUndefined();
    await server.services.rollups.catchUp(projectId);
    const figures = await totals();
    expect(figures.umbrella).toEqual({ events: 4, keyActions: 2 });
    expect(figures.acme).toEqual({ events: 6, keyActions: 3 });
  });

  it('a rebuild from the stored events folds the queue first and gives the same figures', async () => {
    const folded = await totals();
    await send(eventsOf('hooli', 0, 4));
    expect(await queued()).toBe(4);
    await server.database.sql.transaction((transaction) => rebuildRollups(transaction, projectId));
    expect(await queued()).toBe(0);
    expect(await totals()).toEqual({ ...folded, hooli: { events: 4, keyActions: 2 } });
  });
});

describe('folding without a reader', () => {
  let server: TestServer;
  afterAll(async () => server?.stop());

  it('empties the queue by itself shortly after ingest (default fold delay)', async () => {
    server = await startTestServer();
    const { project } = await server.services.projects.createProject({ name: 'Background' });
    const response = await postJson(`${server.url}/batch`, { api_key: project.ingestKey, events: [{ event_type: 'Opened', user_id: 'someone-1', time: day, insert_id: 'bg-1', groups: { company: 'acme' } }] });
    expect(response.json).toMatchObject({ code: 200 });
    const started = Date.now();
    let rows: { events: number }[] = [];
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = await server.database.prisma.$queryRaw<{ events: number }[]>`SELECT COALESCE(sum(events), 0)::int AS events FROM group_daily WHERE project_id = ${project.id}`;
    } while (rows[0]!.events === 0 && Date.now() - started < 10_000);
    expect(rows[0]!.events).toBe(1);
    const [queue] = await server.database.prisma.$queryRaw<{ rows: number }[]>`SELECT count(*)::int AS rows FROM rollup_queue WHERE project_id = ${project.id}`;
    expect(queue!.rows).toBe(0);
  });
});
