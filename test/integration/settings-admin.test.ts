// The settings page's API through real HTTP and GraphQL: browser sessions carry the role of the key
// that opened them and the server refuses admin operations to read-only ones; every settings
// change writes one audit row (who, what, before, after); a time-zone change rebuilds the rollups
// in the background while figures keep coming from the old ones.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebRoutes } from '../../apps/api/src/http/web-routes';
import { advisoryLockKeys } from '../../apps/api/src/lib/advisory-lock-keys';
import { createLogger } from '../../apps/api/src/lib/logger';
import { startServer, type RunningServer } from '../../apps/api/src/server';
import { createTestDatabase, serverTestUrl, type TestDatabase } from '../support/test-database';
import { graphql, postJson, testServerConfig } from '../support/test-server';

let database: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = testServerConfig({
    LEADMAPS_SESSION_SECRET: 'settings-test-session-secret-0123456789',
    LEADMAPS_ENCRYPTION_KEY: 'settings-test-encryption-key-0123456789',
  });
  config.database = database.config;
  server = await startServer(config, { logger: createLogger('silent'), registerExtraRoutes: registerWebRoutes });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

async function signIn(key: string): Promise<string> {
  const response = await postJson(`${server.url}/auth/session`, { key });
  expect(response.status, response.text).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A GraphQL request with the browser's session cookie instead of a key. */
async function asBrowser(cookie: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await postJson(`${server.url}/graphql`, { query, variables }, { cookie });
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers read field by field in the assertions, where a wrong path fails the test.
  return response.json as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

const adminOperations: [string, string][] = [
  ['renameProject', 'mutation { renameProject(name: "Taken over") { name } }'],
  ['setKeyActions', 'mutation { setKeyActions(eventTypes: ["Nope"]) { keyActions } }'],
  ['setTrendThresholds', 'mutation { setTrendThresholds(steadyPercent: 1, sharpPercent: -2) { id } }'],
  ['setSegmentTraits', 'mutation { setSegmentTraits(groupTypeTrait: "kind") { id } }'],
  ['changeTimeZone', 'mutation { changeTimeZone(timeZone: "Asia/Tokyo") { state } }'],
  [
    'saveChart',
    'mutation { saveChart(input: { name: "x", segmentation: { series: [{}], range: { from: "2026-01-01", to: "2026-01-02" } } }) { id } }',
  ],
  ['settingsChanges', '{ settingsChanges { edges { node { id } } } }'],
  ['rotateSecretKey', 'mutation { rotateSecretKey }'],
  ['rotateReadKey', 'mutation { rotateReadKey }'],
  ['createProject', 'mutation { createProject(name: "Mine now") { secretKey } }'],
  ['timeZoneChange', '{ timeZoneChange { state } }'],
  ['trendBandPreview', '{ trendBandPreview(groupType: "company", steadyPercent: 10, sharpPercent: -50) { label } }'],
];

describe('session roles', () => {
  it('a read key signs in read-only: every admin operation is refused by the server and nothing changes', async () => {
    const created = await server.services.projects.createProject({ name: 'Read only' });
    const cookie = await signIn(created.readKey);
    expect((await asBrowser(cookie, '{ viewer { access browserSession } }')).data.viewer).toEqual({
      access: 'READ',
      browserSession: true,
    });
    for (const [name, operation] of adminOperations) {
      const answer = await asBrowser(cookie, operation);
      expect(answer.errors?.[0]?.extensions?.code, name).toBe('FORBIDDEN');
    }
    const project = await server.services.projects.getProject(created.project.id);
    expect(project).toMatchObject({ name: 'Read only', keyActions: [], timeZone: 'UTC' });
    const audit = await graphql(server, created.secretKey, '{ settingsChanges { edges { node { id } } } }');
    expect(audit.data.settingsChanges.edges).toEqual([]);
  });

  it('the secret key signs in as admin, and its changes are audited as the admin session', async () => {
    const created = await server.services.projects.createProject({ name: 'Admin' });
    const cookie = await signIn(created.secretKey);
    expect((await asBrowser(cookie, '{ viewer { access } }')).data.viewer.access).toBe('ADMIN');
    const renamed = await asBrowser(cookie, 'mutation { renameProject(name: "  Renamed  ") { name } }');
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.renameProject.name).toBe('Renamed');
    const audit = await asBrowser(cookie, '{ settingsChanges { edges { node { actor action before after } } } }');
    expect(audit.data.settingsChanges.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { actor: 'ADMIN_SESSION', action: 'project.name', before: 'Admin', after: 'Renamed' },
    ]);
  });

  it('rotating the secret key ends admin sessions opened with the old key; read sessions and the new key work', async () => {
    const created = await server.services.projects.createProject({ name: 'Rotation' });
    const admin = await signIn(created.secretKey);
    const reader = await signIn(created.readKey);
    const newSecret = await server.services.projects.rotateSecretKey(created.project.id);
    expect((await asBrowser(admin, '{ viewer { access } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await asBrowser(reader, '{ viewer { access } }')).data.viewer.access).toBe('READ');
    expect((await postJson(`${server.url}/auth/session`, { key: created.secretKey })).status).toBe(401);
    const again = await signIn(newSecret);
    expect((await asBrowser(again, '{ viewer { access } }')).data.viewer.access).toBe('ADMIN');
  });
});

describe('settings changes and their audit rows', () => {
  it('writes one row per change with the secret key as actor, before and after, newest first and paged', async () => {
    const created = await server.services.projects.createProject({ name: 'Audited', keyActions: ['Old Action'] });
    const key = created.secretKey;
    await ingest(created.project.ingestKey, [{ company: 'acme', daysAgo: 1, count: 1 }]);
    const steps: [string, Record<string, unknown>][] = [
      ['mutation { renameProject(name: "Audited 2") { name } }', {}],
      [
        'mutation { setKeyActions(eventTypes: ["Report Created", " Report Created ", "Invite Sent"]) { keyActions } }',
        {},
      ],
      ['mutation { setTrendThresholds(steadyPercent: 10, sharpPercent: -40) { trendSteadyPercent } }', {}],
      ['mutation { updateGroupType(name: "company", displayPlural: "Accounts", nameProperty: "title") { name } }', {}],
      ['mutation { setSegmentTraits(groupTypeTrait: "kind", groupValueTrait: "key") { segmentGroupTypeTrait } }', {}],
    ];
    for (const [mutation, variables] of steps) {
      const answer = await graphql(server, key, mutation, variables);
      expect(answer.errors, mutation).toBeUndefined();
    }
    // A change to the same value is no change: no row.
    expect(
      (await graphql(server, key, 'mutation { renameProject(name: "Audited 2") { name } }')).errors,
    ).toBeUndefined();
    // A refused change writes nothing either.
    const refused = await graphql(
      server,
      key,
      'mutation { setTrendThresholds(steadyPercent: -1, sharpPercent: -40) { id } }',
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');

    const query = `query ($after: String) { settingsChanges(first: 2, after: $after) {
      edges { node { actor action subject before after createdAt } } pageInfo { hasNextPage endCursor } } }`;
    const nodes: { createdAt: string; [field: string]: unknown }[] = [];
    let after: string | null = null;
    do {
      const page = await graphql(server, key, query, { after });
      expect(page.errors).toBeUndefined();
      nodes.push(...page.data.settingsChanges.edges.map((edge: { node: unknown }) => edge.node));
      after = page.data.settingsChanges.pageInfo.hasNextPage ? page.data.settingsChanges.pageInfo.endCursor : null;
    } while (after);
    expect(nodes.map(({ createdAt, ...rest }) => rest)).toEqual([
      {
        actor: 'SECRET_KEY',
        action: 'project.segment_traits',
        subject: null,
        before: { groupTypeTrait: 'group_type', groupValueTrait: null },
        after: { groupTypeTrait: 'kind', groupValueTrait: 'key' },
      },
      {
        actor: 'SECRET_KEY',
        action: 'group_type.settings',
        subject: 'company',
        before: { displayPlural: null, nameProperty: 'name' },
        after: { displayPlural: 'Accounts', nameProperty: 'title' },
      },
      {
        actor: 'SECRET_KEY',
        action: 'project.trend_thresholds',
        subject: null,
        before: { steadyPercent: 15, sharpPercent: -50 },
        after: { steadyPercent: 10, sharpPercent: -40 },
      },
      {
        actor: 'SECRET_KEY',
        action: 'project.key_actions',
        subject: null,
        before: ['Old Action'],
        after: ['Report Created', 'Invite Sent'],
      },
      { actor: 'SECRET_KEY', action: 'project.name', subject: null, before: 'Audited', after: 'Audited 2' },
    ]);
    for (const node of nodes) expect(Number.isNaN(Date.parse(node.createdAt))).toBe(false);
    const project = await graphql(
      server,
      key,
      '{ project { name keyActions trendSteadyPercent segmentGroupValueTrait } }',
    );
    expect(project.data.project).toEqual({
      name: 'Audited 2',
      keyActions: ['Report Created', 'Invite Sent'],
      trendSteadyPercent: 10,
      segmentGroupValueTrait: 'key',
    });
    // Another project's log is its own.
    const other = await server.services.projects.createProject({ name: 'Other' });
    expect((await graphql(server, other.secretKey, query, { after: null })).data.settingsChanges.edges).toEqual([]);
  });

  it('audits Salesforce sync settings (saved, imported, deleted) without ever writing a credential', async () => {
    const created = await server.services.projects.createProject({ name: 'Salesforce audit' });
    await ingest(created.project.ingestKey, [{ company: 'acme', daysAgo: 1, count: 1 }]);
    const input = {
      instanceUrl: 'https://acme.my.salesforce.com',
      authFlow: 'REFRESH_TOKEN',
      clientId: 'client-1',
      groupType: 'company',
      nameField: 'Name',
      fieldMappings: [{ field: 'Industry', property: 'industry' }],
      intervalDays: 7,
      credentials: { refreshToken: 'refresh-SECRET-1', clientSecret: 'client-SECRET-2' },
    };
    const saved = await graphql(
      server,
      created.secretKey,
      'mutation ($input: SalesforceSyncInput!) { saveSalesforceSync(input: $input) { intervalDays } }',
      { input },
    );
    expect(saved.errors).toBeUndefined();
    const exported = await graphql(server, created.secretKey, '{ exportSalesforceSync }');
    const json = exported.data.exportSalesforceSync.replace('"intervalDays": 7', '"intervalDays": 30');
    const imported = await graphql(
      server,
      created.secretKey,
      'mutation ($json: String!) { importSalesforceSync(json: $json) { intervalDays } }',
      { json },
    );
    expect(imported.data.importSalesforceSync.intervalDays).toBe(30);
    expect(
      (await graphql(server, created.secretKey, 'mutation { deleteSalesforceSync }')).data.deleteSalesforceSync,
    ).toBe(true);

    const log = await graphql(
      server,
      created.secretKey,
      '{ settingsChanges { edges { node { actor action before after } } } }',
    );
    const nodes = log.data.settingsChanges.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
    expect(nodes.map((node: { action: string }) => node.action)).toEqual([
      'salesforce_sync.delete',
      'salesforce_sync.settings',
      'salesforce_sync.settings',
    ]);
    const [deleted, importedRow, savedRow] = nodes;
    expect(savedRow.before).toBeNull();
    expect(savedRow.after).toMatchObject({
      groupType: 'company',
      intervalDays: 7,
      storedCredentials: ['clientSecret', 'refreshToken'],
    });
    expect(importedRow.before).toMatchObject({ intervalDays: 7 });
    expect(importedRow.after).toMatchObject({ intervalDays: 30 });
    expect(deleted).toMatchObject({ actor: 'SECRET_KEY', after: null, before: { intervalDays: 30 } });
    expect(JSON.stringify(log)).not.toContain('SECRET-');
    expect(JSON.stringify(log)).not.toContain('encryptedCredentials');
  });

  it('previews how many groups each trend band would hold, matching a count done by hand', async () => {
    const created = await server.services.projects.createProject({ name: 'Bands' });
    // Default range: the last 30 days; the previous range the 30 before. Events per company:
    //   steady  10 → 10 (0 %), rising 10 → 13 (+30 %), sinking 10 → 7 (−30 %), crashing 10 → 2 (−80 %), fresh 0 → 4.
    await ingest(created.project.ingestKey, [
      { company: 'steady', daysAgo: 40, count: 10 },
      { company: 'steady', daysAgo: 5, count: 10 },
      { company: 'rising', daysAgo: 40, count: 10 },
      { company: 'rising', daysAgo: 5, count: 13 },
      { company: 'sinking', daysAgo: 40, count: 10 },
      { company: 'sinking', daysAgo: 5, count: 7 },
      { company: 'crashing', daysAgo: 40, count: 10 },
      { company: 'crashing', daysAgo: 5, count: 2 },
      { company: 'fresh', daysAgo: 5, count: 4 },
    ]);
    const preview = async (steadyPercent: number, sharpPercent: number) => {
      const answer = await graphql(
        server,
        created.secretKey,
        'query ($s: Float!, $h: Float!) { trendBandPreview(groupType: "company", steadyPercent: $s, sharpPercent: $h) { label groups } }',
        { s: steadyPercent, h: sharpPercent },
      );
      expect(answer.errors).toBeUndefined();
      return Object.fromEntries(
        answer.data.trendBandPreview.map((band: { label: string; groups: number }) => [band.label, band.groups]),
      );
    };
    expect(await preview(15, -50)).toEqual({
      RISING: 1,
      STEADY: 1,
      FALLING: 1,
      FALLING_SHARPLY: 1,
      NEW: 1,
      INACTIVE: 0,
    });
    expect(await preview(35, -50)).toEqual({
      RISING: 0,
      STEADY: 3,
      FALLING: 0,
      FALLING_SHARPLY: 1,
      NEW: 1,
      INACTIVE: 0,
    });
    expect(await preview(15, -25)).toEqual({
      RISING: 1,
      STEADY: 1,
      FALLING: 0,
      FALLING_SHARPLY: 2,
      NEW: 1,
      INACTIVE: 0,
    });
    // A preview stores nothing.
    expect((await server.services.projects.getProject(created.project.id))?.trendSteadyPercent).toBe(15);
  });
});

describe('keys and projects over GraphQL', () => {
  it('rotates each key: the new one works at once, the old one never again, and the log says who (never the key)', async () => {
    const created = await server.services.projects.createProject({ name: 'Keys' });
    const rotatedRead = await graphql(server, created.secretKey, 'mutation { rotateReadKey }');
    expect(rotatedRead.errors).toBeUndefined();
    const newReadKey: string = rotatedRead.data.rotateReadKey;
    expect(newReadKey).toMatch(/^lm_read_/);
    expect((await graphql(server, created.readKey, '{ project { name } }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await graphql(server, newReadKey, '{ project { name } }')).data.project.name).toBe('Keys');

    const rotatedSecret = await graphql(server, created.secretKey, 'mutation { rotateSecretKey }');
    const newSecretKey: string = rotatedSecret.data.rotateSecretKey;
    expect(newSecretKey).toMatch(/^lm_secret_/);
    expect((await graphql(server, created.secretKey, 'mutation { rotateReadKey }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const log = await graphql(
      server,
      newSecretKey,
      '{ settingsChanges { edges { node { actor action before after } } } }',
    );
    expect(log.data.settingsChanges.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { actor: 'SECRET_KEY', action: 'keys.rotate_secret', before: null, after: null },
      { actor: 'SECRET_KEY', action: 'keys.rotate_read', before: null, after: null },
    ]);
    expect(JSON.stringify(log)).not.toContain(newSecretKey.slice(10));
  });

  it('creates a project whose keys open it alone, and logs the creation in the creating project', async () => {
    const creator = await server.services.projects.createProject({ name: 'Creator' });
    const answer = await graphql(
      server,
      creator.secretKey,
      'mutation { createProject(name: " Staging ", timeZone: "Europe/Berlin") { project { id name timeZone ingestKey } secretKey readKey } }',
    );
    expect(answer.errors).toBeUndefined();
    const { project, secretKey, readKey } = answer.data.createProject;
    expect(project).toMatchObject({ name: 'Staging', timeZone: 'Europe/Berlin' });
    expect(project.ingestKey).toMatch(/^lm_ingest_/);
    expect((await graphql(server, secretKey, '{ project { id } viewer { access } }')).data).toEqual({
      project: { id: project.id },
      viewer: { access: 'ADMIN' },
    });
    expect((await graphql(server, readKey, '{ viewer { access } }')).data.viewer.access).toBe('READ');
    const log = await graphql(server, creator.secretKey, '{ settingsChanges { edges { node { action after } } } }');
    expect(log.data.settingsChanges.edges[0].node).toEqual({
      action: 'projects.create',
      after: { id: project.id, name: 'Staging', timeZone: 'Europe/Berlin' },
    });
    const bad = await graphql(
      server,
      creator.secretKey,
      'mutation { createProject(name: "X", timeZone: "Nowhere") { secretKey } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});

describe('time-zone change', () => {
  // 23:30 UTC is 23:30 on day D in UTC and 13:30 on day D+1 in Kiritimati (UTC+14).
  const eventTime = Date.UTC(2026, 10, 10, 23, 30);
  const groupsOn = `query ($day: Date!) { project { timeZone }
    groups(groupType: "company", range: { from: $day, to: $day }) { edges { node { value events } } } }`;

  async function eventsOn(key: string, day: string) {
    const answer = await graphql(server, key, groupsOn, { day });
    expect(answer.errors).toBeUndefined();
    const events = answer.data.groups.edges.map((edge: { node: { events: number } }) => edge.node.events);
    return {
      timeZone: answer.data.project.timeZone as string,
      events: events.reduce((a: number, b: number) => a + b, 0),
    };
  }

  async function projectWithOneLateEvent(name: string) {
    const created = await server.services.projects.createProject({ name });
    const response = await postJson(`${server.url}/2/httpapi`, {
      api_key: created.project.ingestKey,
      events: [
        {
          event_type: 'Late',
          user_id: 'ann@example.com',
          time: eventTime,
          insert_id: 'late',
          groups: { company: 'acme' },
        },
      ],
    });
    expect(response.status, response.text).toBe(200);
    return created;
  }

  it('rebuilds in the background, then answers with the new day boundaries, and audits the change', async () => {
    const created = await projectWithOneLateEvent('Zones');
    expect(await eventsOn(created.secretKey, '2026-11-10')).toEqual({ timeZone: 'UTC', events: 1 });
    const started = await graphql(
      server,
      created.secretKey,
      'mutation { changeTimeZone(timeZone: "Pacific/Kiritimati") { state toTimeZone totalSteps } }',
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.changeTimeZone).toMatchObject({ state: 'RUNNING', toTimeZone: 'Pacific/Kiritimati' });
    await server.services.timeZoneChanges.settled(created.project.id);
    const status = await graphql(
      server,
      created.secretKey,
      '{ timeZoneChange { state fromTimeZone step completedSteps totalSteps finishedAt } }',
    );
    expect(status.data.timeZoneChange).toMatchObject({ state: 'FINISHED', fromTimeZone: 'UTC', step: 'done' });
    expect(status.data.timeZoneChange.completedSteps).toBe(status.data.timeZoneChange.totalSteps);
    expect(await eventsOn(created.secretKey, '2026-11-10')).toEqual({ timeZone: 'Pacific/Kiritimati', events: 0 });
    expect(await eventsOn(created.secretKey, '2026-11-11')).toEqual({ timeZone: 'Pacific/Kiritimati', events: 1 });
    const audit = await graphql(
      server,
      created.secretKey,
      '{ settingsChanges { edges { node { action before after } } } }',
    );
    expect(audit.data.settingsChanges.edges[0].node).toEqual({
      action: 'project.time_zone',
      before: 'UTC',
      after: 'Pacific/Kiritimati',
    });
  });

  it('refuses an unknown zone at once and changes nothing', async () => {
    const created = await projectWithOneLateEvent('Bad zone');
    const answer = await graphql(
      server,
      created.secretKey,
      'mutation { changeTimeZone(timeZone: "Mars/Olympus") { state } }',
    );
    expect(answer.errors?.[0]?.message).toContain('Unknown time zone');
    expect((await graphql(server, created.secretKey, '{ timeZoneChange { state } }')).data.timeZoneChange).toBeNull();
  });

  // Readers beside a running rebuild need a second connection: PGlite has one.
  it.skipIf(!serverTestUrl())(
    'answers from the old zone and rollups while the rebuild runs, refuses a second change, then switches at once',
    async () => {
      const created = await projectWithOneLateEvent('Zones while rebuilding');
      await server.services.rollups.catchUpAll();
      // Hold the rollup lock from another connection so the rebuild waits where a long one would be busy.
      const blocker = new pg.Client({ connectionString: (database.config as { url: string }).url });
      await blocker.connect();
      try {
        await blocker.query('SELECT pg_advisory_lock($1::int, $2::int)', [
          advisoryLockKeys.rollupFold,
          created.project.id,
        ]);
        const started = await graphql(
          server,
          created.secretKey,
          'mutation { changeTimeZone(timeZone: "Pacific/Kiritimati") { state } }',
        );
        expect(started.data.changeTimeZone.state).toBe('RUNNING');
        const again = await graphql(
          server,
          created.secretKey,
          'mutation { changeTimeZone(timeZone: "Asia/Tokyo") { state } }',
        );
        expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
        await new Promise((resolve) => setTimeout(resolve, 300));
        const running = await graphql(
          server,
          created.secretKey,
          '{ timeZoneChange { state completedSteps totalSteps } }',
        );
        expect(running.data.timeZoneChange.state).toBe('RUNNING');
        expect(running.data.timeZoneChange.completedSteps).toBeLessThan(running.data.timeZoneChange.totalSteps);
        expect(await eventsOn(created.secretKey, '2026-11-10')).toEqual({ timeZone: 'UTC', events: 1 });
        expect(await eventsOn(created.secretKey, '2026-11-11')).toEqual({ timeZone: 'UTC', events: 0 });
      } finally {
        await blocker.query('SELECT pg_advisory_unlock_all()');
        await blocker.end();
      }
      await server.services.timeZoneChanges.settled(created.project.id);
      expect(await eventsOn(created.secretKey, '2026-11-10')).toEqual({ timeZone: 'Pacific/Kiritimati', events: 0 });
      expect(await eventsOn(created.secretKey, '2026-11-11')).toEqual({ timeZone: 'Pacific/Kiritimati', events: 1 });
    },
  );
});

/** `count` events of one person of `company`, `daysAgo` days before now (noon UTC), through the Amplitude endpoint. */
async function ingest(ingestKey: string, batches: { company: string; daysAgo: number; count: number }[]) {
  const noon = new Date();
  noon.setUTCHours(12, 0, 0, 0);
  const events = batches.flatMap(({ company, daysAgo, count }) =>
    Array.from({ length: count }, (_, index) => ({
      event_type: 'Report Created',
      user_id: `${company}-user@example.com`,
      time: noon.getTime() - daysAgo * 86_400_000 + index * 1_000,
      insert_id: `${company}-${daysAgo}-${index}`,
      groups: { company },
    })),
  );
  const response = await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events });
  expect(response.status, response.text).toBe(200);
}
