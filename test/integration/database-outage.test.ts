// A database outage, made with a real PostgreSQL behind a TCP proxy that the test stops, silences
// and starts again (test/support/tcp-proxy.ts): ingest answers 503 with Retry-After in each API's
// shape, GraphQL a clear DATABASE_UNAVAILABLE 503, /readyz 503 within a second, a silent database
// is given up on within the configured timeouts, and everything works again when the database is
// back, without a restart. Every event acknowledged with a 200 is stored; none answered 503 is.
// A server started while the database is unreachable waits for it, says so, and comes up.
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../apps/api/src/server';
import { createTestDatabase, serverTestUrl, type TestDatabase } from '../support/test-database';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { postJson, testServerConfig } from '../support/test-server';

const timeouts = {
  LEADMAPS_DATABASE_CONNECT_TIMEOUT_MS: '1000',
  LEADMAPS_DATABASE_ACQUIRE_TIMEOUT_MS: '1500',
  LEADMAPS_DATABASE_STATEMENT_TIMEOUT_MS: '1000',
};
/** The longest a request may take against a silent database: a statement's read timeout (1 s + 2 s) and slack. */
const silentAnswerWithinMilliseconds = 5_000;

describe.skipIf(!serverTestUrl())(
  'database outage (PostgreSQL server only: PGlite runs inside the process and cannot become unreachable)',
  () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let proxiedUrl: string;
    let server: RunningServer | undefined;
    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    let ingestKey = '';
    let secretKey = '';
    let projectId = 0;
    /** Event types answered 200, and answered 503: the first must all be stored, the second never. */
    const acknowledged: string[] = [];
    const refused: string[] = [];
    let sent = 0;

    const config = () => testServerConfig({ DATABASE_URL: proxiedUrl, ...timeouts });

    beforeAll(async () => {
      database = await createTestDatabase();
      if (database.config.kind !== 'server') throw new Error('unreachable: skipped without a PostgreSQL server');
      const real = new URL(database.config.url);
      proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
      const proxied = new URL(database.config.url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      proxiedUrl = proxied.toString();
      server = await startServer(config(), { logger });
      const created = await server.services.projects.createProject({ name: 'Outage' });
      ingestKey = created.project.ingestKey;
      secretKey = created.secretKey;
      projectId = created.project.id;
    });

    afterAll(async () => {
      await server?.close().catch(() => {});
      await proxy?.stop();
      await database?.drop();
    });

    /** One event through each API; returns both answers, each with how long it took. */
    async function sendOneOfEach(label: string) {
      sent++;
      const amplitudeType = `amplitude ${label} ${sent}`;
      const segmentType = `segment ${label} ${sent}`;
      const timed = async (send: () => ReturnType<typeof postJson>) => {
        const started = Date.now();
        const response = await send();
        return { ...response, milliseconds: Date.now() - started };
      };
      const amplitude = await timed(() =>
        postJson(`${server!.url}/2/httpapi`, {
          api_key: ingestKey,
          events: [
            {
              event_type: amplitudeType,
              user_id: 'outage-user',
              insert_id: `insert-${sent}`,
              groups: { company: 'acme' },
            },
          ],
        }),
      );
      const segment = await timed(() =>
        postJson(`${server!.url}/v1/batch`, {
          writeKey: ingestKey,
          batch: [
            {
              type: 'track',
              event: segmentType,
              userId: 'outage-user',
              messageId: `message-${sent}`,
              integrations: { Amplitude: { groups: { company: 'acme' } } },
            },
          ],
        }),
      );
      for (const [type, status] of [
        [amplitudeType, amplitude.status],
        [segmentType, segment.status],
      ] as const) {
        if (status === 200) acknowledged.push(type);
        else refused.push(type);
      }
      return { amplitude, segment };
    }

    async function readiness() {
      const started = Date.now();
      const response = await fetch(`${server!.url}/readyz`);
      return { status: response.status, milliseconds: Date.now() - started };
    }

    async function graphql(query: string) {
      const started = Date.now();
      const response = await postJson(`${server!.url}/graphql`, { query }, { authorization: `Bearer ${secretKey}` });
      return { ...response, milliseconds: Date.now() - started };
    }

    function expectUnavailable(answers: Awaited<ReturnType<typeof sendOneOfEach>>, withinMilliseconds: number) {
      const { amplitude, segment } = answers;
      expect(amplitude.status).toBe(503);
      expect(amplitude.json).toMatchObject({ code: 503, error: expect.stringMatching(/database/i) });
      expect(amplitude.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(segment.status).toBe(503);
      expect(segment.json).toMatchObject({ success: false, error: expect.stringMatching(/database/i) });
      expect(segment.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(amplitude.milliseconds).toBeLessThan(withinMilliseconds);
      expect(segment.milliseconds).toBeLessThan(withinMilliseconds);
    }

    async function expectGraphqlUnavailable(withinMilliseconds: number) {
      // groupTypes goes through the response cache's pre-handler, ingestOverview through Apollo's context.
      for (const query of ['{ groupTypes { name } }', '{ ingestOverview { events } }']) {
        const answer = await graphql(query);
        expect(answer.status, query).toBe(503);
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(answer.json.errors[0]).toMatchObject({
          message: expect.stringMatching(/database is unavailable/),
          extensions: { code: 'DATABASE_UNAVAILABLE' },
        });
        expect(answer.milliseconds, query).toBeLessThan(withinMilliseconds);
      }
    }

    it('ingests through the proxy while the database is reachable', async () => {
      const { amplitude, segment } = await sendOneOfEach('before');
      expect([amplitude.status, segment.status]).toEqual([200, 200]);
      expect((await readiness()).status).toBe(200);
    });

    it('answers 503 with Retry-After when the database is silent (connections open, no answers), within the timeouts', async () => {
      // The pool holds open connections from the requests before: they now go quiet mid-use.
      await proxy.silence();
      for (let attempt = 0; attempt < 2; attempt++)
        expectUnavailable(await sendOneOfEach('silent'), silentAnswerWithinMilliseconds);
      const ready = await readiness();
      expect(ready.status).toBe(503);
      expect(ready.milliseconds).toBeLessThan(1_000);
      await expectGraphqlUnavailable(silentAnswerWithinMilliseconds * 2);
    });

    it('answers 503 with Retry-After at once when the database refuses connections', async () => {
      await proxy.stop();
      expectUnavailable(await sendOneOfEach('stopped'), 2_000);
      const ready = await readiness();
      expect(ready.status).toBe(503);
      expect(ready.milliseconds).toBeLessThan(1_000);
      await expectGraphqlUnavailable(2_000);
    });

    it('recovers without a restart when the database is back', async () => {
      await proxy.start();
      const { amplitude, segment } = await sendOneOfEach('after');
      expect([amplitude.status, segment.status]).toEqual([200, 200]);
      expect((await readiness()).status).toBe(200);
      const overview = await graphql('{ ingestOverview { events } groupTypes { name } }');
      expect(overview.status).toBe(200);
      expect(overview.json.errors).toBeUndefined();
      expect(overview.json.data.ingestOverview.events).toBe(acknowledged.length);
    });

    it('stored every acknowledged event once and none of the refused ones, and folded them into the rollups once', async () => {
      expect(acknowledged.length).toBe(4);
      expect(refused.length).toBe(6);
      const client = new pg.Client({ connectionString: (database.config as { url: string }).url });
      await client.connect();
      try {
        const { rows } = await client.query<{ eventType: string }>(
          'SELECT event_type AS "eventType" FROM event WHERE project_id = $1 ORDER BY event_type',
          [projectId],
        );
        expect(rows.map((row) => row.eventType)).toEqual([...acknowledged].sort());
        // The folds failed during the outage and resumed after it: the rollups count each stored event once.
        const rollups = await client.query<{ events: number; queued: number }>(
          `SELECT (SELECT coalesce(sum(events), 0)::int FROM group_daily WHERE project_id = $1) AS events,
                  (SELECT count(*)::int FROM rollup_queue WHERE project_id = $1) AS queued`,
          [projectId],
        );
        expect(rollups.rows[0]).toEqual({ events: acknowledged.length, queued: 0 });
      } finally {
        await client.end();
      }
    });

    it('waits at start for an unreachable database, saying so, and comes up when it is reachable', async () => {
      await server!.close();
      server = undefined;
      await proxy.stop();
      logLines.length = 0;
      let started: RunningServer | undefined;
      const starting = startServer(config(), { logger }).then((running) => (started = running));
      const waitingLine = new RegExp(`waiting for the database at 127\\.0\\.0\\.1:${proxy.port} .*retrying in \\d`);
      const deadline = Date.now() + 10_000;
      while (!logLines.some((line) => waitingLine.test(line)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(logLines.find((line) => waitingLine.test(line))).toBeDefined();
      // Still waiting a while later: it neither exited nor started without its database.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(started).toBeUndefined();
      expect(logLines.filter((line) => waitingLine.test(line)).length).toBeGreaterThanOrEqual(2);

      await proxy.start();
      server = await starting;
      const { amplitude, segment } = await sendOneOfEach('restarted');
      expect([amplitude.status, segment.status]).toEqual([200, 200]);
    });
  },
);
