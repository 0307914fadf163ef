// Salesforce sync runs end to end: the real server and GraphQL endpoint, jsforce for real against
// the fake Salesforce on 127.0.0.1, a real database, and an injected clock for the daily job.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { CreatedProject } from '../../apps/api/src/modules/projects/project.service';
import { createSalesforceSyncModule } from '../../apps/api/src/modules/salesforce/salesforce-sync.module';
import { startFakeSalesforce, type FakeSalesforce } from '../support/fake-salesforce';
import { parseMatchQuery } from '../support/fake-salesforce-soql';
import { refreshTokenSyncInput, saveSalesforceSyncMutation } from '../support/salesforce-sync-input';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

const runFields =
  'id trigger scope groupValue status runDate groupsMatched groupsUpdated groupsUnmatched unmatchedValues errors warnings attempts';
const saveMutation = saveSalesforceSyncMutation;
const syncNowMutation = `mutation Run($groupValue: String) { runSalesforceSync(groupValue: $groupValue, wait: true) { ${runFields} } }`;

// 18-character ids of mixed case, suffix worked out by hand from Salesforce's rule: in
// 001Dn|00000|aBcNN the upper-case letters are D (bit 3: 8 = I), none (A) and B (bit 1: 2 = C).
const accountId = (index: number) => `001Dn00000aBc${String(index).padStart(2, '0')}IAC`;
/** Accounts 1–6 exist in Salesforce; the groups are accounts 1–8 plus a value that is no record id. */
const salesforceAccounts = [1, 2, 3, 4, 5, 6].map((index) => ({
  Id: accountId(index),
  Name: `Account ${index}`,
  Industry: index % 2 ? 'Software' : null,
  AnnualRevenue: index * 1000,
  Owner: { Name: `Owner ${index}` },
  Domain__c: `account${index}.example`,
}));
const groupValues = [...[1, 2, 3, 4, 5, 6, 7, 8].map(accountId), 'not-a-salesforce-id'];

const day = (text: string) => new Date(`${text}T06:00:00.000Z`);

describe('Salesforce sync runs', () => {
  let server: TestServer;
  let salesforce: FakeSalesforce;
  let project: CreatedProject;
  let now = new Date('2026-01-30T10:00:00Z');

  const settingsInput = (overrides: Record<string, unknown> = {}) =>
    refreshTokenSyncInput(salesforce.url, {
      fieldMappings: [
        { field: 'Industry', property: 'industry' },
        { field: 'AnnualRevenue', property: 'annual_revenue' },
        { field: 'Owner.Name', property: 'account_owner' },
      ],
      intervalDays: 30,
      ...overrides,
    });

  async function groupProperties(value: string, target: CreatedProject = project) {
    const group = await server.database.prisma.group.findFirstOrThrow({
      where: { projectId: target.project.id, value },
    });
    return {
      properties: group.properties as Record<string, unknown>,
      pickup: group.syncPickupDate?.toISOString().slice(0, 10) ?? null,
      id: group.id,
    };
  }

  async function pickupDates(target: CreatedProject = project) {
    const groups = await server.database.prisma.group.findMany({
      where: { projectId: target.project.id },
      orderBy: { id: 'asc' },
    });
    return Object.fromEntries(
      groups.map((group) => [group.value, group.syncPickupDate?.toISOString().slice(0, 10) ?? null]),
    );
  }

  async function createProject(name: string) {
    const created = await server.services.projects.createProject({ name });
    await server.services.ingest.ingestAmplitudeEvents(
      created.project,
      groupValues.map((value, index) => ({
        event_type: 'Signed In',
        user_id: `user-${index}`,
        time: Date.parse('2026-01-10T10:00:00Z') + index,
        groups: { company: value },
      })),
    );
    // A property from the Group Identify API, which the sync must leave alone.
    await server.services.ingest.ingestAmplitudeEvents(created.project, [
      {
        event_type: '$groupidentify',
        user_id: 'user-0',
        time: Date.parse('2026-01-11T10:00:00Z'),
        groups: { company: accountId(1) },
        group_properties: { $set: { plan: 'enterprise', industry: 'Set by identify' } },
      },
    ]);
    return created;
  }

  beforeAll(async () => {
    [server, salesforce] = await Promise.all([
      startTestServer({ LEADMAPS_ENCRYPTION_KEY: 'runs-test-encryption-key-0123456789' }),
      startFakeSalesforce({ clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1', pageSize: 2 }),
    ]);
    salesforce.addRecords('Account', salesforceAccounts);
    server.services.salesforceSync.tune({
      clock: () => now,
      sleep: async () => {},
      retryPolicy: { maximumAttempts: 3, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 1 },
      requestTimeoutMilliseconds: 2_000,
      chunkLimits: { maximumValues: 3, maximumEncodedLength: 12_000 },
    });
    project = await createProject('Runs');
    const saved = await graphql(server, project.secretKey, saveMutation, { input: settingsInput() });
    expect(saved.errors).toBeUndefined();
  });
  beforeEach(() => salesforce.reset());
  afterAll(async () => {
    await server?.stop();
    await salesforce?.stop();
  });

  it('does nothing on the activation day: the first run is the next day’s job', async () => {
    expect(
      (await graphql(server, project.secretKey, saveMutation, { input: settingsInput() })).data.saveSalesforceSync
        .activatedOn,
    ).toBe('2026-01-30');
    const runs = await server.services.salesforceSync.runs.runDueSyncs(day('2026-01-30'));
    expect(runs).toEqual([]);
    expect(salesforce.queries).toEqual([]);
    expect(Object.values(await pickupDates()).every((pickup) => pickup === null)).toBe(true);
  });

  it('runs the next day: matched groups get properties, unmatched ones are reported, pickups move by the interval', async () => {
    now = new Date('2026-01-31T06:00:03Z');
    const [run] = await server.services.salesforceSync.runs.runDueSyncs(day('2026-01-31'));
    expect(run).toMatchObject({
      trigger: 'schedule',
      scope: 'due',
      status: 'succeeded',
      runDate: '2026-01-31',
      groupsMatched: 6,
      groupsUpdated: 6,
      groupsUnmatched: 3,
      unmatchedValues: [accountId(7), accountId(8), 'not-a-salesforce-id'],
      errors: [],
    });

    const first = await groupProperties(accountId(1));
    // Salesforce wrote name, industry (last write wins over identify), revenue and owner; identify's plan stays.
    expect(first.properties).toEqual({
      plan: 'enterprise',
      name: 'Account 1',
      industry: 'Software',
      annual_revenue: 1000,
      account_owner: 'Owner 1',
    });
    // An empty Salesforce field is not written as a value.
    expect((await groupProperties(accountId(2))).properties).toEqual({
      name: 'Account 2',
      annual_revenue: 2000,
      account_owner: 'Owner 2',
    });
    // Jan 31 + 30 days crosses February: Mar 2. Unmatched groups are checked again at the same interval.
    expect(new Set(Object.values(await pickupDates()))).toEqual(new Set(['2026-03-02']));

    // Chunked IN lists of at most 3 values, escaped, and the value that is no record id never sent.
    const firstPages = salesforce.queries.filter((query) => query.soql !== null);
    const sent = firstPages
      .map((query) => parseMatchQuery(query.soql!))
      .map((parsed) => ('values' in parsed ? parsed.values : []));
    expect(sent).toEqual([
      [accountId(1), accountId(2), accountId(3)],
      [accountId(4), accountId(5), accountId(6)],
      [accountId(7), accountId(8)],
    ]);
    expect(firstPages[0]!.soql).toBe(
      `SELECT Id, Name, Industry, AnnualRevenue, Owner.Name FROM Account WHERE Id IN ('${accountId(1)}', '${accountId(2)}', '${accountId(3)}')`,
    );
    // Pages of two records: each chunk of three matches followed nextRecordsUrl once.
    expect(salesforce.queries.filter((query) => query.locator !== null)).toHaveLength(2);
    // No stored access token: one token request through the refresh-token flow.
    expect(salesforce.tokenRequests).toEqual([
      { grantType: 'refresh_token', clientId: 'client-1', refreshToken: 'refresh-1', status: 200 },
    ]);
  });

  it('records every change in the property history with source "salesforce"', async () => {
    const { id } = await groupProperties(accountId(1));
    const history = await server.database.prisma.groupPropertyChange.findMany({
      where: { projectId: project.project.id, groupId: id },
      orderBy: [{ changedAt: 'asc' }, { id: 'asc' }],
    });
    // Group identify sent with events is recorded by ingest with its own source.
    expect(history.slice(0, 2).map((change) => [change.key, change.value, change.source === 'salesforce'])).toEqual([
      ['plan', 'enterprise', false],
      ['industry', 'Set by identify', false],
    ]);
    expect(history.slice(2).map((change) => [change.key, change.value, change.source])).toEqual([
      ['name', 'Account 1', 'salesforce'],
      ['industry', 'Software', 'salesforce'],
      ['annual_revenue', 1000, 'salesforce'],
      ['account_owner', 'Owner 1', 'salesforce'],
    ]);
    expect(
      history
        .filter((change) => change.source === 'salesforce')
        .every((change) => change.changedAt.toISOString() === '2026-01-31T06:00:03.000Z'),
    ).toBe(true);
  });

  it('skips groups that are not due and runs them on their pickup date', async () => {
    expect(await server.services.salesforceSync.runs.runDueSyncs(day('2026-03-01'))).toEqual([]);
    expect(salesforce.queries).toEqual([]);
    now = new Date('2026-03-02T06:00:00Z');
    const [run] = await server.services.salesforceSync.runs.runDueSyncs(day('2026-03-02'));
    // Nothing changed in Salesforce: matched but not updated, and no new history.
    expect(run).toMatchObject({ status: 'succeeded', groupsMatched: 6, groupsUpdated: 0, groupsUnmatched: 3 });
    expect(new Set(Object.values(await pickupDates()))).toEqual(new Set(['2026-04-01']));
  });

  it('moves pickup dates when the interval changes', async () => {
    now = new Date('2026-03-05T12:00:00Z');
    const { credentials: _kept, ...settings } = settingsInput({ intervalDays: 7 });
    expect((await graphql(server, project.secretKey, saveMutation, { input: settings })).errors).toBeUndefined();
    // Last update Mar 2: weekly makes it Mar 9.
    expect(new Set(Object.values(await pickupDates()))).toEqual(new Set(['2026-03-09']));
    const pickup = await graphql(
      server,
      project.readKey,
      `{ salesforceSyncPickupDate(groupValue: "${accountId(3)}") }`,
    );
    expect(pickup.data.salesforceSyncPickupDate).toBe('2026-03-09');
    expect(await server.services.salesforceSync.runs.runDueSyncs(day('2026-03-08'))).toEqual([]);
    now = new Date('2026-03-09T06:00:00Z');
    const [run] = await server.services.salesforceSync.runs.runDueSyncs(day('2026-03-09'));
    expect(run!.groupsMatched).toBe(6);
    expect(new Set(Object.values(await pickupDates()))).toEqual(new Set(['2026-03-16']));
  });

  it('syncs one group now, at once, and moves only its pickup date', async () => {
    now = new Date('2026-03-10T15:00:00Z');
    salesforce.records.get('Account')![2]!.Industry = 'Manufacturing';
    const result = await graphql(server, project.secretKey, syncNowMutation, { groupValue: accountId(3) });
    expect(result.errors).toBeUndefined();
    expect(result.data.runSalesforceSync).toMatchObject({
      trigger: 'MANUAL',
      scope: 'GROUP',
      groupValue: accountId(3),
      status: 'SUCCEEDED',
      groupsMatched: 1,
      groupsUpdated: 1,
      groupsUnmatched: 0,
    });
    expect(salesforce.queries.filter((query) => query.soql)).toHaveLength(1);
    expect((await groupProperties(accountId(3))).properties.industry).toBe('Manufacturing');
    const dates = await pickupDates();
    expect(dates[accountId(3)]).toBe('2026-03-17');
    expect(dates[accountId(4)]).toBe('2026-03-16');

    const missing = await graphql(server, project.secretKey, syncNowMutation, { groupValue: 'no-such-group' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const forbidden = await graphql(server, project.readKey, syncNowMutation, {});
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refreshes an expired token and retries server errors and the request limit during a run', async () => {
    now = new Date('2026-03-11T15:00:00Z');
    salesforce.expireTokensAfter(2);
    salesforce.failAfter(
      1,
      { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' }] },
      { status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }] },
    );
    const result = await graphql(server, project.secretKey, syncNowMutation, {});
    expect(result.data.runSalesforceSync).toMatchObject({
      scope: 'ALL',
      status: 'SUCCEEDED',
      groupsMatched: 6,
      groupsUnmatched: 3,
      errors: [],
    });
    expect(salesforce.queries.slice(0, 5).map((query) => query.status)).toEqual([200, 503, 403, 401, 200]);
    expect(salesforce.tokenRequests.map((request) => request.status)).toEqual([200, 200]);
    expect(new Set(Object.values(await pickupDates()))).toEqual(new Set(['2026-03-18']));
  });

  it('leaves a failed run consistent and resumes it after the last committed batch', async () => {
    now = new Date('2026-03-12T08:00:00Z');
    for (const record of salesforce.records.get('Account')!) record.AnnualRevenue = Number(record.AnnualRevenue) + 1;
    // The first chunk (3 ids, 2 pages) succeeds; the second chunk's query is refused.
    salesforce.failAfter(2, {
      status: 400,
      body: [{ errorCode: 'INVALID_FIELD', message: "No such column 'AnnualRevenue' on entity 'Account'." }],
    });
    const failed = (await graphql(server, project.secretKey, syncNowMutation, {})).data.runSalesforceSync;
    expect(failed).toMatchObject({
      status: 'FAILED',
      groupsMatched: 3,
      groupsUpdated: 3,
      groupsUnmatched: 0,
      attempts: 1,
    });
    expect(failed.errors).toEqual(["INVALID_FIELD: No such column 'AnnualRevenue' on entity 'Account'."]);
    // Batch one committed whole (properties and pickups); the rest is untouched.
    expect((await groupProperties(accountId(3))).properties.annual_revenue).toBe(3001);
    expect((await groupProperties(accountId(4))).properties.annual_revenue).toBe(4000);
    const dates = await pickupDates();
    expect([accountId(1), accountId(2), accountId(3)].map((value) => dates[value])).toEqual([
      '2026-03-19',
      '2026-03-19',
      '2026-03-19',
    ]);
    expect(dates[accountId(4)]).toBe('2026-03-18');

    salesforce.reset();
    const resumed = await graphql(
      server,
      project.secretKey,
      `mutation { resumeSalesforceSyncRun(id: ${failed.id}, wait: true) { ${runFields} } }`,
    );
    expect(resumed.data.resumeSalesforceSyncRun).toMatchObject({
      id: failed.id,
      status: 'SUCCEEDED',
      groupsMatched: 6,
      groupsUpdated: 6,
      groupsUnmatched: 3,
      attempts: 2,
    });
    const resumedValues = salesforce.queries
      .filter((query) => query.soql)
      .flatMap((query) => {
        const parsed = parseMatchQuery(query.soql!);
        return 'values' in parsed ? parsed.values : [];
      });
    expect(resumedValues).toEqual([accountId(4), accountId(5), accountId(6), accountId(7), accountId(8)]);
    expect((await groupProperties(accountId(4))).properties.annual_revenue).toBe(4001);
    const again = await graphql(
      server,
      project.secretKey,
      `mutation { resumeSalesforceSyncRun(id: ${failed.id}) { id } }`,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('isolates projects: one failing project does not stop the daily job for the others', async () => {
    now = new Date('2026-03-20T05:00:00Z');
    const broken = await createProject('Broken');
    await graphql(server, broken.secretKey, saveMutation, {
      input: settingsInput({
        authFlow: 'CLIENT_CREDENTIALS',
        credentials: { clientSecret: 'wrong-secret' },
        intervalDays: 1,
      }),
    });
    now = new Date('2026-03-21T06:00:00Z');
    const runs = await server.services.salesforceSync.runs.runDueSyncs(day('2026-03-21'));
    expect(runs.map((run) => [run.projectId, run.status])).toEqual([
      [project.project.id, 'succeeded'],
      [broken.project.id, 'failed'],
    ]);
    expect(runs[1]!.errors[0]).toMatch(
      /Salesforce refused the client-credentials login \(invalid_client: invalid client credentials\)/,
    );
    expect(runs[1]!.errors.join(' ')).not.toContain('wrong-secret');
    // The failed project's groups stay due, so the next job retries them.
    expect(new Set(Object.values(await pickupDates(broken)))).toEqual(new Set([null]));
    const brokenRuns = await graphql(server, broken.readKey, `{ salesforceSyncRuns { nodes { status errors } } }`);
    expect(brokenRuns.data.salesforceSyncRuns.nodes).toHaveLength(1);
  });

  it('matches on an external-id field case-insensitively', async () => {
    const byDomain = await createProject('Domains');
    await server.services.ingest.ingestAmplitudeEvents(byDomain.project, [
      {
        event_type: 'Signed In',
        user_id: 'domain-user-1',
        time: Date.parse('2026-01-12T10:00:00Z'),
        groups: { company: 'ACCOUNT2.example' },
      },
      {
        event_type: 'Signed In',
        user_id: 'domain-user-2',
        time: Date.parse('2026-01-12T10:00:00Z'),
        groups: { company: "o'brien.example" },
      },
    ]);
    await graphql(server, byDomain.secretKey, saveMutation, {
      input: settingsInput({ matchField: 'Domain__c', fieldMappings: [] }),
    });
    const run = (await graphql(server, byDomain.secretKey, syncNowMutation, {})).data.runSalesforceSync;
    expect(run).toMatchObject({ status: 'SUCCEEDED', groupsMatched: 1 });
    expect(run.unmatchedValues).toEqual(expect.arrayContaining(["o'brien.example", accountId(1)]));
    expect((await groupProperties('ACCOUNT2.example', byDomain)).properties.name).toBe('Account 2');
    expect(salesforce.queries.some((query) => query.soql?.includes("'o\\'brien.example'"))).toBe(true);
  });

  it('matches 15- and 18-character ids as Salesforce does and never sends a value that is no id', async () => {
    const byId = await server.services.projects.createProject({ name: 'Ids' });
    const values = [
      '001Dn00000aBc01', // the 15-character form of account 1
      '001dn00000abc02iac', // account 2's 18-character id in lower case: still account 2
      '001DN00000ABC03IAC', // account 3's in upper case
      '001dN00000AbC04', // 15 characters are case-sensitive: no such record
      '001Dn00000aBc05ZZZ', // Z (bits 0, 3, 4) marks digits as upper case: no id has that suffix
      accountId(6),
    ];
    await server.services.ingest.ingestAmplitudeEvents(
      byId.project,
      values.map((value, index) => ({
        event_type: 'Signed In',
        user_id: `id-user-${index}`,
        time: Date.parse('2026-01-12T10:00:00Z'),
        groups: { company: value },
      })),
    );
    // Field names typed in another case than Salesforce's: SOQL accepts them and answers in its own spelling.
    await graphql(server, byId.secretKey, saveMutation, {
      input: settingsInput({ nameField: 'name', fieldMappings: [{ field: 'owner.name', property: 'account_owner' }] }),
    });
    const run = (await graphql(server, byId.secretKey, syncNowMutation, {})).data.runSalesforceSync;
    expect(run).toMatchObject({ status: 'SUCCEEDED', groupsMatched: 4, groupsUnmatched: 2, errors: [] });
    expect([...run.unmatchedValues].sort()).toEqual(['001Dn00000aBc05ZZZ', '001dN00000AbC04']);
    for (const [value, name] of [
      [values[0], 'Account 1'],
      [values[1], 'Account 2'],
      [values[2], 'Account 3'],
      [values[5], 'Account 6'],
    ]) {
      expect((await groupProperties(value!, byId)).properties).toEqual({
        name,
        account_owner: `Owner ${name!.slice(-1)}`,
      });
    }
    const sent = salesforce.queries
      .filter((query) => query.soql)
      .flatMap((query) => {
        const parsed = parseMatchQuery(query.soql!);
        return 'values' in parsed ? parsed.values : [];
      });
    expect(sent).not.toContain('001Dn00000aBc05ZZZ');
    expect(salesforce.queries.every((query) => query.status === 200)).toBe(true);
  });

  it('lists the run history newest first, page by page', async () => {
    const first = await graphql(
      server,
      project.readKey,
      `{ salesforceSyncRuns(first: 2) { nodes { id trigger scope status } hasNextPage endCursor } }`,
    );
    const page = first.data.salesforceSyncRuns;
    expect(page.nodes).toHaveLength(2);
    expect(page.hasNextPage).toBe(true);
    expect(page.nodes[0].id).toBeGreaterThan(page.nodes[1].id);
    const rest = await graphql(
      server,
      project.readKey,
      `{ salesforceSyncRuns(first: 100, after: "${page.endCursor}") { nodes { id trigger scope } hasNextPage } }`,
    );
    const all = [...page.nodes, ...rest.data.salesforceSyncRuns.nodes];
    expect(all.map((run: { scope: string }) => run.scope)).toEqual(['DUE', 'ALL', 'ALL', 'GROUP', 'DUE', 'DUE', 'DUE']);
    expect(rest.data.salesforceSyncRuns.hasNextPage).toBe(false);
    const one = await graphql(server, project.readKey, `{ salesforceSyncRun(id: ${page.nodes[0].id}) { id status } }`);
    expect(one.data.salesforceSyncRun.id).toBe(page.nodes[0].id);
  });

  it('never writes credentials or tokens to the logs or the run report', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'trace' },
      new Writable({
        write: (chunk, _encoding, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const module = createSalesforceSyncModule({
      database: server.database.sql,
      logger,
      groupProperties: server.services.groupProperties,
      encryptionKey: 'runs-test-encryption-key-0123456789',
      syncHourUtc: 6,
    });
    module.tune({
      clock: () => now,
      sleep: async () => {},
      retryPolicy: { maximumAttempts: 2, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 1 },
    });
    salesforce.failNext(
      ...Array.from({ length: 2 }, () => ({
        status: 503,
        body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' }],
      })),
    );
    const run = await module.runs.syncNow(project.project.id, { wait: true });
    expect(run.status).toBe('failed');
    const logged = lines.join('');
    expect(logged).toContain('retrying');
    expect(logged).toContain('SERVER_UNAVAILABLE');
    for (const secret of ['refresh-1', 'secret-1', 'issued-token-']) {
      expect(logged).not.toContain(secret);
      expect(JSON.stringify(run, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(
        secret,
      );
    }
  });

  it('starts a run in the background, refuses a second one meanwhile, and reports through salesforceSyncRun', async () => {
    const release = salesforce.holdNext(); // the run is still going when the second request arrives
    const started = await graphql(server, project.secretKey, `mutation { runSalesforceSync { id status } }`);
    expect(started.data.runSalesforceSync.status).toBe('RUNNING');
    const second = await graphql(server, project.secretKey, `mutation { runSalesforceSync { id } }`);
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    release();
    let status = 'RUNNING';
    for (let attempt = 0; attempt < 100 && status === 'RUNNING'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (
        await graphql(
          server,
          project.readKey,
          `{ salesforceSyncRun(id: ${started.data.runSalesforceSync.id}) { status } }`,
        )
      ).data.salesforceSyncRun.status;
    }
    expect(status).toBe('SUCCEEDED');
  });
});
