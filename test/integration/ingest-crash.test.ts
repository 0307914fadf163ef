// An acknowledgement means committed: the server is killed with SIGKILL while a request is being
// handled and a client keeps sending and retrying (same insert ids, as the SDKs do); afterwards
// the stored events are exactly the distinct events sent.
//
// That the kill lands mid-request is checked, not hoped for: the server process carries a probe
// (test/support/request-probe.ts) that reports each labelled request it has read and each it has
// answered, so a request read but never answered was in the handler when the process died, and
// its client must have seen the connection drop. On PostgreSQL the kill waits until the server
// holds an open ingest transaction that has written rows (pg_stat_activity), so it lands between
// the first write and the commit. The server binds port 0 at every start and the client reads
// the real address from its log: a port probed free and reused after a restart can be taken.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../apps/api/src/config/config';
import { openDatabase } from '../../apps/api/src/database/database';
import { ProjectRepository } from '../../apps/api/src/modules/projects/project.repository';
import { ProjectService } from '../../apps/api/src/modules/projects/project.service';
import { probeLabelHeader, probeLinePattern } from '../support/request-probe';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const probe = pathToFileURL(resolve('test/support/request-probe.ts')).href;
const applicationName = `leadmaps_crash_${process.pid}`;
// The embedded database is far slower to start (migrations on wasm) and to write: fewer batches there.
const batchCountOn = { server: 40, embedded: 16 };
const eventsPerBatch = 200;
const maximumKills = 5;

interface RunningChild {
  process: ChildProcess;
  url: string;
  /** Labels the probe reported, in order (complete once the process has closed). */
  handling: Set<string>;
  answered: Set<string>;
  closed: Promise<unknown>;
}

type Attempt =
  | { kind: 'acknowledged' }
  | { kind: 'server error'; status: number }
  | { kind: 'connection error'; code: string };

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('ingest durability under SIGKILL', () => {
  let testDatabase: TestDatabase | undefined;
  let dataDirectory: string | undefined;
  let child: RunningChild | undefined;
  let monitor: pg.Client | undefined;
  afterAll(async () => {
    child?.process.kill('SIGKILL');
    await monitor?.end();
    await testDatabase?.drop();
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('stores exactly the distinct events sent, across a kill mid-request and retries', async () => {
    testDatabase = await createTestDatabase();
    let database: DatabaseConfig = testDatabase.config;
    if (database.kind === 'embedded') {
      dataDirectory = mkdtempSync(join(tmpdir(), 'leadmaps-crash-'));
      database = { kind: 'embedded', dataDirectory };
    }
    const setup = await openDatabase(database);
    const { project } = await new ProjectService(new ProjectRepository(setup.sql)).createProject({ name: 'Crash' });
    await setup.close();
    const serverUrl = database.kind === 'server' ? `${database.url}?application_name=${applicationName}` : '';
    if (database.kind === 'server') {
      monitor = new pg.Client({ connectionString: database.url });
      await monitor.connect();
    }

    const start = async (): Promise<RunningChild> => {
      const spawned = spawn(
        process.execPath,
        ['--experimental-wasm-modules', '--no-warnings', '--import', 'tsx', '--import', probe, 'apps/api/src/main.ts'],
        {
          env: {
            ...process.env,
            PORT: '0',
            HOST: '127.0.0.1',
            LOG_LEVEL: 'info',
            LEADMAPS_DEMO_DATA: 'false',
            LEADMAPS_WEB: 'false',
            LEADMAPS_SCHEDULER: 'false',
            DATABASE_URL: serverUrl,
            LEADMAPS_DATA_DIR: database.kind === 'embedded' ? database.dataDirectory : '',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const running: RunningChild = {
        process: spawned,
        url: '',
        handling: new Set(),
        answered: new Set(),
        closed: once(spawned, 'close'),
      };
      const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
        let rest = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          const parts = (rest + chunk).split('\n');
          rest = parts.pop()!;
          parts.forEach(onLine);
        });
      };
      const announced = new Promise<string>((resolveUrl) => {
        lines(spawned.stdout!, (line) => {
          if (!line.includes('leadmaps is running')) return;
          resolveUrl((JSON.parse(line) as { url: string }).url);
        });
      });
      lines(spawned.stderr!, (line) => {
        const match = probeLinePattern.exec(line);
        if (match) (match[1] === 'handling' ? running.handling : running.answered).add(match[2]!);
      });
      const exitedEarly = running.closed.then(() => {
        throw new Error('server exited before it was ready');
      });
      running.url = await Promise.race([announced, exitedEarly]);
      return running;
    };

    const batchCount = batchCountOn[database.kind];
    const batches = Array.from({ length: batchCount }, (_, batch) =>
      Array.from({ length: eventsPerBatch }, (_, item) => ({
        event_type: 'Crash Test',
        user_id: `crash-user-${item % 37}`,
        time: Date.UTC(2026, 10, 1) + batch * 1000 + item,
        insert_id: `crash-${batch}-${item}`,
        groups: { company: `crash-co-${item % 7}` },
      })),
    );
    const attempts = new Map<string, Attempt>();
    const attempt = async (events: unknown[], label: string): Promise<Attempt> => {
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${child!.url}/2/httpapi`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [probeLabelHeader]: label },
          body: JSON.stringify({ api_key: project.ingestKey, events }),
        });
        text = await response.text();
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        return { kind: 'connection error', code: cause?.code ?? String(error) };
      }
      // Outside the try: a wrong answer fails the test instead of counting as a lost connection.
      if (response.status === 200) {
        expect(JSON.parse(text)).toMatchObject({ code: 200, events_ingested: eventsPerBatch });
        return { kind: 'acknowledged' };
      }
      expect(response.status, text).toBeGreaterThanOrEqual(500);
      return { kind: 'server error', status: response.status };
    };
    let acknowledged = 0;
    const send = async (events: unknown[], batch: number) => {
      // Retry like the SDKs: on connection errors and 5xx, resend the same batch (same insert ids).
      for (let retry = 0; ; retry++) {
        const label = `batch-${batch}-try-${retry}`;
        const outcome = await attempt(events, label);
        attempts.set(label, outcome);
        if (outcome.kind === 'acknowledged') return;
        await pause(50);
      }
    };

    // The kill: once a request is in the handler (PostgreSQL: once an ingest transaction has
    // written rows and not committed), SIGKILL; then which labelled requests never got an answer.
    const ingestTransactionOpen = async () => {
      if (!monitor) return true;
      const { rows } = await monitor.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM pg_stat_activity
         WHERE application_name = $1 AND backend_xid IS NOT NULL AND (query LIKE '%ingest_dedup%' OR query LIKE '%INSERT INTO event (%')`,
        [applicationName],
      );
      return rows[0]!.open > 0;
    };
    const kills: { interrupted: string[]; inTransaction: boolean }[] = [];
    let sending = true;
    const killer = async () => {
      while (sending && acknowledged < 8) await pause(10);
      while (sending && kills.length < maximumKills && !kills.some((kill) => kill.interrupted.length)) {
        const current = child!;
        const inHandler = () => [...current.handling].some((label) => !current.answered.has(label));
        let inTransaction = false;
        while (sending) {
          if (inHandler()) {
            inTransaction = await ingestTransactionOpen();
            if (inTransaction) break;
          }
          await pause(monitor ? 1 : 0);
        }
        if (!sending) return;
        current.process.kill('SIGKILL');
        await current.closed;
        kills.push({
          interrupted: [...current.handling].filter((label) => !current.answered.has(label)),
          inTransaction,
        });
        child = await start();
      }
    };

    child = await start();
    const queue = batches.map((events, batch) => ({ events, batch }));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await send(next.events, next.batch);
        acknowledged++;
      }
    };
    const killing = killer();
    // A failing restart must fail the test rather than leave the workers retrying forever.
    const killingFailed = killing.then(() => new Promise<never>(() => {}));
    await Promise.race([Promise.all([worker(), worker()]), killingFailed]);
    sending = false;
    await killing;

    // The kill landed while requests were being handled, and their clients saw the connection drop.
    const landed = kills.find((kill) => kill.interrupted.length > 0);
    expect(landed, `no kill of ${kills.length} landed mid-request`).toBeDefined();
    if (monitor) expect(landed!.inTransaction).toBe(true);
    for (const label of landed!.interrupted) {
      const outcome = attempts.get(label);
      expect(outcome?.kind, label).toBe('connection error');
      expect((outcome as { code: string }).code, label).not.toBe('ECONNREFUSED');
    }

    child!.process.kill('SIGTERM');
    await child!.closed;
    child = undefined;
    const check = await openDatabase(database);
    const [row] = await check.prisma.$queryRaw<{ events: number; distinct_ids: number; rolled_up: number }[]>`
      SELECT count(*)::int AS events, count(DISTINCT insert_id)::int AS distinct_ids,
        (SELECT coalesce(sum(events), 0)::int FROM group_daily WHERE project_id = ${project.id}) AS rolled_up
      FROM event WHERE project_id = ${project.id}`;
    await check.close();
    const total = batchCount * eventsPerBatch;
    expect(row).toEqual({ events: total, distinct_ids: total, rolled_up: total });
  }, 300_000);
});
