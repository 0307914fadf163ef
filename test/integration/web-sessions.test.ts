// The README's promises about browser sessions, against real servers on one database: a key
// becomes a read-only cookie for 14 days, one-click links last 15 minutes, sessions are signed
// with LEADMAPS_SESSION_SECRET (surviving restarts, ended by changing it) or with a per-project
// secret in web_session_secret (shared by every process, ended by deleting the row); rotating the
// read key does not end sessions, rotating the secret key ends the admin sessions it opened.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from '../../apps/api/src/database/sql';
import { registerWebRoutes } from '../../apps/api/src/http/web-routes';
import { createLogger } from '../../apps/api/src/lib/logger';
import { startServer, type RunningServer } from '../../apps/api/src/server';
import { createTestDatabase, serverTestUrl, type TestDatabase } from '../support/test-database';
import { postJson, testServerConfig } from '../support/test-server';

const fourteenDaysSeconds = 14 * 24 * 60 * 60; // 1,209,600
const fifteenMinutesSeconds = 15 * 60;
const firstSecret = 'first-session-secret-0123456789abcdef';
const secondSecret = 'second-session-secret-0123456789abcdef';

// Several server processes on one database (restarts, two at once): PGlite is embedded and in
// memory here, so each start would get an empty database of its own.
describe.skipIf(!serverTestUrl())(
  'browser sessions (PostgreSQL server only: several starts share one database)',
  () => {
    let database: TestDatabase;
    const running: RunningServer[] = [];
    let project: { id: number; readKey: string; secretKey: string };

    async function boot(environment: Record<string, string> = {}): Promise<RunningServer> {
      const config = testServerConfig(environment);
      config.database = database.config;
      // The sign-in routes as main.ts mounts them (LEADMAPS_WEB=false leaves the Next app out).
      const server = await startServer(config, {
        logger: createLogger('silent'),
        registerExtraRoutes: registerWebRoutes,
      });
      running.push(server);
      return server;
    }

    async function stop(server: RunningServer): Promise<void> {
      running.splice(running.indexOf(server), 1);
      await server.close();
    }

    async function signIn(server: RunningServer, body: Record<string, string>) {
      const response = await postJson(`${server.url}/auth/session`, body);
      const setCookie = response.headers.get('set-cookie') ?? '';
      return { status: response.status, setCookie, cookie: setCookie.split(';')[0]! };
    }

    /** The project name the cookie may read, or the error code. */
    async function read(server: RunningServer, cookie: string): Promise<string | undefined> {
      const response = await postJson(`${server.url}/graphql`, { query: '{ project { name } }' }, { cookie });
      return response.json.data?.project?.name ?? response.json.errors?.[0]?.extensions?.code;
    }

    beforeAll(async () => {
      database = await createTestDatabase();
      const server = await boot();
      const created = await server.services.projects.createProject({ name: 'Sessions' });
      project = { id: created.project.id, readKey: created.readKey, secretKey: created.secretKey };
      await stop(server);
    });
    afterEach(async () => {
      vi.useRealTimers();
      for (const server of running.splice(0)) await server.close();
    });
    afterAll(async () => database?.drop());

    it('exchanges a read key for an httpOnly, SameSite=Strict cookie that may read, not write, for 14 days', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const signedInAt = new Date('2026-03-01T12:00:00Z');
      vi.setSystemTime(signedInAt);
      const server = await boot({ LEADMAPS_SESSION_SECRET: firstSecret });
      const session = await signIn(server, { key: project.readKey });
      expect(session.status).toBe(200);
      expect(session.setCookie.split('; ').slice(1)).toEqual([
        'Path=/',
        'HttpOnly',
        'SameSite=Strict',
        `Max-Age=${fourteenDaysSeconds}`,
      ]);
      expect(session.cookie).not.toContain(project.readKey);
      expect(await read(server, session.cookie)).toBe('Sessions');
      const write = await postJson(
        `${server.url}/graphql`,
        { query: 'mutation { deleteSalesforceSync }' },
        { cookie: session.cookie },
      );
      expect(write.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      vi.setSystemTime(signedInAt.getTime() + (fourteenDaysSeconds - 1) * 1000);
      expect(await read(server, session.cookie)).toBe('Sessions');
      vi.setSystemTime(signedInAt.getTime() + fourteenDaysSeconds * 1000);
      expect(await read(server, session.cookie)).toBe('UNAUTHENTICATED');
    });

    it('accepts a one-click link more than once for 15 minutes, then refuses it', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const createdAt = new Date('2026-03-01T12:00:00Z');
      vi.setSystemTime(createdAt);
      const server = await boot({ LEADMAPS_SESSION_SECRET: firstSecret });
      const link = await server.services.webSessions.createLoginLink(project.id, server.url);
      const loginToken = new URL(link).hash.replace('#token=', '');
      expect(link).toBe(`${server.url}/login#token=${loginToken}`);
      const first = await signIn(server, { loginToken });
      vi.setSystemTime(createdAt.getTime() + (fifteenMinutesSeconds - 1) * 1000);
      const second = await signIn(server, { loginToken });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(await read(server, second.cookie)).toBe('Sessions');
      vi.setSystemTime(createdAt.getTime() + fifteenMinutesSeconds * 1000);
      expect((await signIn(server, { loginToken })).status).toBe(401);
      // A login token is not a session, nor a session a login token.
      expect(await read(server, `leadmaps_session=${loginToken}`)).toBe('UNAUTHENTICATED');
      expect((await signIn(server, { loginToken: second.cookie.split('=')[1]! })).status).toBe(401);
    });

    it('with LEADMAPS_SESSION_SECRET: sessions survive a restart, and another secret refuses them', async () => {
      const first = await boot({ LEADMAPS_SESSION_SECRET: firstSecret });
      const session = await signIn(first, { key: project.readKey });
      await stop(first);

      const restarted = await boot({ LEADMAPS_SESSION_SECRET: firstSecret });
      expect(await read(restarted, session.cookie)).toBe('Sessions');
      const otherSession = await boot({ LEADMAPS_SESSION_SECRET: secondSecret });
      // Changing the secret signs every browser out; a cookie signed under another secret is refused.
      expect(await read(otherSession, session.cookie)).toBe('UNAUTHENTICATED');
      const signedElsewhere = await signIn(otherSession, { key: project.readKey });
      expect(await read(restarted, signedElsewhere.cookie)).toBe('UNAUTHENTICATED');
      expect(await read(otherSession, signedElsewhere.cookie)).toBe('Sessions');
    });

    it('without it: a per-project secret in web_session_secret, shared by every process, ended by deleting the row', async () => {
      const first = await boot();
      const second = await boot();
      const session = await signIn(first, { key: project.readKey });
      expect(await read(second, session.cookie)).toBe('Sessions');
      await stop(first);
      const restarted = await boot();
      expect(await read(restarted, session.cookie)).toBe('Sessions');
      const rows = await restarted.services.database.query<{ project_id: number }>(
        sql`SELECT project_id FROM web_session_secret`,
      );
      expect(rows.map((row) => row.project_id)).toEqual([project.id]);

      await restarted.services.database.execute(sql`DELETE FROM web_session_secret WHERE project_id = ${project.id}`);
      // A process that starts now has no secret in memory: the deleted row means the session is gone.
      const fresh = await boot();
      expect(await read(fresh, session.cookie)).toBe('UNAUTHENTICATED');
    });

    it('keeps read sessions when keys are rotated, and ends admin sessions when the secret key is', async () => {
      const server = await boot({ LEADMAPS_SESSION_SECRET: firstSecret });
      const byReadKey = await signIn(server, { key: project.readKey });
      const bySecretKey = await signIn(server, { key: project.secretKey });
      await server.services.projects.rotateReadKey(project.id);
      expect(await read(server, byReadKey.cookie)).toBe('Sessions');
      expect(await read(server, bySecretKey.cookie)).toBe('Sessions');
      expect((await signIn(server, { key: project.readKey })).status).toBe(401);
      project.secretKey = await server.services.projects.rotateSecretKey(project.id);
      expect(await read(server, byReadKey.cookie)).toBe('Sessions');
      // A leaked secret key is rotated to lock its holder out: the session it opened goes with it.
      expect(await read(server, bySecretKey.cookie)).toBe('UNAUTHENTICATED');
    });
  },
);
