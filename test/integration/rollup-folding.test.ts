// Rollups are folded in after the ingest transaction commits (modules/rollups/rollup-folder.ts).
// These tests hold the server's own folds back (a fold delay of an hour) to look at the state in
// between: events committed and queued, rollups not yet changed; then check what the folder
// promises: a read folds first; one fold takes every batch queued before it; another process on
// the same database (test/support/rollup-fold-process.ts, a real OS process with its own
// connections) folds what was left; folds of a project run one at a time, across processes; and
// folders racing over one queue count every event exactly once.
//
// The other-process cases need a PostgreSQL server: PGlite is embedded in one process, which no
// second process can open.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../apps/api/src/lib/logger';
import { RollupFolder } from '../../apps/api/src/modules/rollups/rollup-folder';
import { rebuildRollups } from '../../apps/api/src/modules/rollups/rebuild.repository';
import { lockRollups } from '../../apps/api/src/modules/rollups/rollup-lock';
import { serverTestUrl } from '../support/test-database';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const onServer = Boolean(serverTestUrl());
const needsServer = '(PostgreSQL server only: PGlite is embedded, one process)';
const foldProcessScript = resolve('test/support/rollup-fold-process.ts');

/** Runs test/support/rollup-fold-process.ts as its own OS process; resolves with its statistics. */
function foldInOtherProcess(databaseUrl: string, queueRowsPerFold: number, applicationName: string) {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', applicationName);
  const child = spawn(
    process.execPath,
    [
      '--experimental-wasm-modules',
      '--no-warnings',
      '--import',
      'tsx',
      foldProcessScript,
      url.toString(),
      String(queueRowsPerFold),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (errors += chunk));
  return {
    pid: child.pid,
    finished: once(child, 'close').then(([code]) => {
      if (code !== 0) throw new Error(`fold process exited with ${code}: ${errors}`);
      return JSON.parse(output.trim()) as { folds: number; events: number };
    }),
  };
}

const day = Date.UTC(2026, 10, 2, 12);

describe('folding queued events into the rollups', () => {
  let server: TestServer;
  let ingestKey: string;
  let secretKey: string;
  let projectId: number;
  const raw = <T>(sql: TemplateStringsArray, ...values: unknown[]) =>
    server.database.prisma.$queryRaw<T[]>(sql, ...values);
  const otherFolder = () =>
    new RollupFolder(server.database.sql, createLogger('silent'), {
      foldDelayMilliseconds: 0,
      maximumQueueRowsPerFold: 2,
    });

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
  const queued = async () =>
    (
      await raw<{
        events: number;
      }>`SELECT COALESCE(sum(events), 0)::int AS events FROM rollup_queue WHERE project_id = ${projectId}`
    )[0]!.events;

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
    const result = await graphql(
      server,
      secretKey,
      `{ groups(groupType: "company", range: { from: "2026-11-01", to: "2026-11-30" }) { edges { node { value events keyActions activePeople } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.groups.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { value: 'acme', events: 6, keyActions: 3, activePeople: 3 },
    ]);
    expect(await queued()).toBe(0);
    expect(await totals()).toEqual({ acme: { events: 6, keyActions: 3 } });
    const [person] = await raw<{
      first_seen: Date;
      last_seen: Date;
    }>`SELECT first_seen, last_seen FROM app_user WHERE project_id = ${projectId} AND user_id = 'user-acme-0'`;
    expect([person!.first_seen.getTime(), person!.last_seen.getTime()]).toEqual([day, day + 3000]);
  });

  const lastFoldId = async () =>
    Number(
      (
        await raw<{
          id: bigint | null;
        }>`SELECT max(last_fold_id) AS id FROM rollup_fold_state WHERE project_id = ${projectId}`
      )[0]!.id ?? 0,
    );
  const databaseUrl = () => {
    const config = server.testDatabase.config;
    if (config.kind !== 'server') throw new Error('needs a PostgreSQL server');
    return config.url;
  };

  it('one fold takes every batch queued before it, and records the groups it changed', async () => {
    const before = await lastFoldId();
    for (let batch = 0; batch < 6; batch++) await send(eventsOf(`stark-${batch % 2}`, batch * 3, 3));
    const [queue] = await raw<{
      rows: number;
    }>`SELECT count(*)::int AS rows FROM rollup_queue WHERE project_id = ${projectId}`;
    expect(queue!.rows).toBe(6);
    await server.services.rollups.catchUp(projectId);
    expect(await queued()).toBe(0);
    // Six ingest transactions, one fold (the default takes up to 100 queue rows at once).
    expect(await lastFoldId()).toBe(before + 1);
    const changed = await raw<{ value: string }>`
      SELECT g.value FROM rollup_change c JOIN "group" g ON g.project_id = c.project_id AND g.id = c.group_id
      WHERE c.project_id = ${projectId} AND c.fold_id = ${before + 1} ORDER BY g.value`;
    expect(changed.map((row) => row.value)).toEqual(['stark-0', 'stark-1']);
    const figures = await totals();
    expect([figures['stark-0'], figures['stark-1']]).toEqual([
      { events: 9, keyActions: 3 },
      { events: 9, keyActions: 3 },
    ]);
  });

  it.skipIf(!onServer)(
    `another OS process on the same database folds what was left queued ${needsServer}`,
    async () => {
      await send(eventsOf('globex', 0, 4));
      await send(eventsOf('globex', 4, 4));
      expect(await queued()).toBe(8);
      const before = await totals();
      const other = foldInOtherProcess(databaseUrl(), 100, `leadmaps_fold_left_${process.pid}`);
      expect(other.pid).not.toBe(process.pid);
      const statistics = await other.finished;
      expect(statistics).toEqual({ folds: 1, events: 8 });
      expect(await queued()).toBe(0);
      expect(await totals()).toEqual({ ...before, globex: { events: 8, keyActions: 4 } });
    },
  );

  it.skipIf(!onServer)(
    `folds run one at a time across processes, and racing folders count every event once ${needsServer}`,
    async () => {
      for (let batch = 0; batch < 12; batch++) await send(eventsOf('initech', batch * 5, 5));
      expect(await queued()).toBe(60);
      const foldsBefore = await lastFoldId();
      const childName = `leadmaps_fold_race_${process.pid}`;

      // Hold the project's rollup lock, as a fold holds it, from the test's own transaction.
      let release!: () => void;
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolveLocked) => (locked = resolveLocked));
      const holding = server.database.sql.transaction(async (transaction) => {
        await lockRollups(transaction, projectId);
        locked();
        await new Promise<void>((resolveRelease) => (release = resolveRelease));
      });
      await lockTaken;

      // Two folders, each taking two queue rows per fold: one in another OS process, one in here.
      const other = foldInOtherProcess(databaseUrl(), 2, childName);
      const inProcess = otherFolder();
      const inProcessDone = inProcess.sweep().then(() => inProcess.catchUpAll());
      try {
        // Both are waiting for the lock at the same time: the race is real.
        const monitor = new pg.Client({ connectionString: databaseUrl() });
        await monitor.connect();
        let waiting: string[] = [];
        try {
          for (
            const started = Date.now();
            Date.now() - started < 30_000;
            await new Promise((wait) => setTimeout(wait, 50))
          ) {
            const { rows } = await monitor.query<{ application_name: string }>(
              `SELECT application_name FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory' ORDER BY application_name`,
            );
            waiting = rows.map((row) => row.application_name);
            if (waiting.length >= 2 && waiting.includes(childName)) break;
          }
        } finally {
          await monitor.end();
        }
        expect(waiting).toContain(childName);
        expect(waiting.length).toBeGreaterThanOrEqual(2);
        // While one holds the lock, no fold of any process gets through.
        expect(await queued()).toBe(60);
        expect(await lastFoldId()).toBe(foldsBefore);
        expect((await totals()).initech).toBeUndefined();
      } finally {
        // Released whatever happened above: a lock left held would stall every later test.
        release();
        await holding;
      }
      const [childStatistics] = await Promise.all([other.finished, inProcessDone]);
      await inProcess.stop();
      // Both took part, and between them: 12 queue rows in folds of 2, each event folded once.
      expect(childStatistics.folds).toBeGreaterThanOrEqual(1);
      expect(inProcess.statistics.folds).toBeGreaterThanOrEqual(1);
      expect(childStatistics.folds + inProcess.statistics.folds).toBe(6);
      expect(childStatistics.events + inProcess.statistics.events).toBe(60);
      expect(await lastFoldId()).toBe(foldsBefore + 6);
      expect(await queued()).toBe(0);
      expect((await totals()).initech).toEqual({ events: 60, keyActions: 24 });
    },
  );

  it('new key actions apply to events still queued when they are folded', async () => {
    await send(eventsOf('umbrella', 0, 4));
    expect(await queued()).toBe(4);
    const changed = await graphql(
      server,
      secretKey,
      `mutation { setKeyActions(eventTypes: ["Page Viewed"]) { keyActions } }`,
    );
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
    const response = await postJson(`${server.url}/batch`, {
      api_key: project.ingestKey,
      events: [
        { event_type: 'Opened', user_id: 'someone-1', time: day, insert_id: 'bg-1', groups: { company: 'acme' } },
      ],
    });
    expect(response.json).toMatchObject({ code: 200 });
    const started = Date.now();
    let rows: { events: number }[] = [];
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = await server.database.prisma.$queryRaw<
        { events: number }[]
      >`SELECT COALESCE(sum(events), 0)::int AS events FROM group_daily WHERE project_id = ${project.id}`;
    } while (rows[0]!.events === 0 && Date.now() - started < 10_000);
    expect(rows[0]!.events).toBe(1);
    const [queue] = await server.database.prisma.$queryRaw<
      { rows: number }[]
    >`SELECT count(*)::int AS rows FROM rollup_queue WHERE project_id = ${project.id}`;
    expect(queue!.rows).toBe(0);
  });
});
