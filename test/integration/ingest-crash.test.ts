// An acknowledgement means committed: the server is killed with SIGKILL while a client keeps
// sending and retrying (same insert ids, as the SDKs do); afterwards the stored events are exactly
// the distinct events sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../apps/api/src/database/database';
import { ProjectRepository } from '../../apps/api/src/modules/projects/project.repository';
import { ProjectService } from '../../apps/api/src/modules/projects/project.service';
import type { DatabaseConfig } from '../../apps/api/src/config/config';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('ingest durability under SIGKILL', () => {
  let testDatabase: TestDatabase | undefined;
  let dataDirectory: string | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await testDatabase?.drop();
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('stores exactly the distinct events sent, across a crash and retries', async () => {
    testDatabase = await createTestDatabase();
    let database: DatabaseConfig = testDatabase.config;
    if (database.kind === 'embedded') {
      dataDirectory = mkdtempSync(join(tmpdir(), 'leadmaps-crash-'));
      database = { kind: 'embedded', dataDirectory };
    }
    const setup = await openDatabase(database);
    const { project } = await new ProjectService(new ProjectRepository(setup.sql)).createProject({ name: 'Crash' });
    await setup.close();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const start = async () => {
      child = spawn(process.execPath, ['--experimental-wasm-modules', '--no-warnings', '--import', 'tsx', 'apps/api/src/main.ts'], {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          LEADMAPS_DEMO_DATA: 'false',
          LEADMAPS_WEB: 'false',
          LEADMAPS_SCHEDULER: 'false',
          DATABASE_URL: database.kind === 'server' ? database.url : '',
          LEADMAPS_DATA_DIR: database.kind === 'embedded' ? database.dataDirectory : '',
        },
        stdio: 'ignore',
      });
      for (let attempt = 0; attempt < 300; attempt++) {
        try {
          if ((await fetch(`${url}/readyz`)).ok) return;
        } catch {}
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('server did not become ready');
    };

    const batches = Array.from({ length: 30 }, (_, batch) =>
      Array.from({ length: 200 }, (_, item) => ({
        event_type: 'Crash Test',
        user_id: `crash-user-${item % 37}`,
        time: Date.UTC(2026, 10, 1) + batch * 1000 + item,
        insert_id: `crash-${batch}-${item}`,
        groups: { company: `crash-co-${item % 7}` },
      })),
    );
    const send = async (events: unknown[]) => {
      // Retry like the SDKs: on connection errors and 5xx, resend the same batch (same insert ids).
      for (;;) {
        try {
          const response = await fetch(`${url}/2/httpapi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: project.ingestKey, events }) });
          const body = await response.json();
          if (body.code === 200) return;
          expect(response.status).toBeGreaterThanOrEqual(500);
        } catch {}
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    await start();
    let acknowledged = 0;
    let killed = false;
    const queue = [...batches];
    const worker = async () => {
      for (let events = queue.shift(); events; events = queue.shift()) {
        await send(events);
        acknowledged++;
        if (!killed && acknowledged === 8) {
          // Kill while the other worker's request is in flight, then come back up.
          killed = true;
          child!.kill('SIGKILL');
          await new Promise((resolve) => child!.once('exit', resolve));
          await start();
        }
      }
    };
    await Promise.all([worker(), worker()]);
    expect(killed).toBe(true);
    child!.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = undefined;

    const check = await openDatabase(database);
    const [row] = await check.prisma.$queryRaw<{ events: number; distinct_ids: number; rolled_up: number }[]>`
      SELECT count(*)::int AS events, count(DISTINCT insert_id)::int AS distinct_ids,
        (SELECT coalesce(sum(events), 0)::int FROM group_daily WHERE project_id = ${project.id}) AS rolled_up
      FROM event WHERE project_id = ${project.id}`;
    await check.close();
    expect(row).toEqual({ events: 6000, distinct_ids: 6000, rolled_up: 6000 });
  });
});
