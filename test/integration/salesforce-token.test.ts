// The first token request of a sync run, end to end: the real server and GraphQL endpoint, jsforce
// for real against the fake Salesforce, whose token endpoint fails, hangs or refuses the grant.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../apps/api/src/modules/projects/project.service';
import { startFakeSalesforce, type FakeSalesforce } from '../support/fake-salesforce';
import { refreshTokenSyncInput, saveSalesforceSyncMutation } from '../support/salesforce-sync-input';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

const syncNowMutation = 'mutation { runSalesforceSync(wait: true) { status groupsMatched errors } }';
// 18-character ids; the upper-case D and B of 001Dn|00000|aBcNN give the suffix I, A, C.
const accountIds = ['001Dn00000aBc01IAC', '001Dn00000aBc02IAC'];

describe('Salesforce sync: the token request', () => {
  let server: TestServer;
  let salesforce: FakeSalesforce;
  let project: CreatedProject;

  const save = (refreshToken: string) =>
    graphql(server, project.secretKey, saveSalesforceSyncMutation, {
      input: refreshTokenSyncInput(salesforce.url, { credentials: { refreshToken, clientSecret: 'secret-1' } }),
    });

  beforeAll(async () => {
    [server, salesforce] = await Promise.all([
      startTestServer({ LEADMAPS_ENCRYPTION_KEY: 'token-test-encryption-key-0123456789' }),
      startFakeSalesforce({ clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1' }),
    ]);
    salesforce.addRecords(
      'Account',
      accountIds.map((Id, index) => ({ Id, Name: `Account ${index + 1}` })),
    );
    server.services.salesforceSync.tune({
      sleep: async () => {},
      retryPolicy: { maximumAttempts: 3, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 1 },
      requestTimeoutMilliseconds: 300,
    });
    project = await server.services.projects.createProject({ name: 'Tokens' });
    await server.services.ingest.ingestAmplitudeEvents(
      project.project,
      accountIds.map((value, index) => ({
        event_type: 'Signed In',
        user_id: `user-${index}`,
        time: Date.parse('2026-01-10T10:00:00Z'),
        groups: { company: value },
      })),
    );
    expect((await save('refresh-1')).errors).toBeUndefined();
  });
  beforeEach(() => salesforce.reset());
  afterAll(async () => {
    await server?.stop();
    await salesforce?.stop();
  });

  it('retries a token endpoint that answers 503 twice, then syncs', async () => {
    salesforce.failNextOn(
      'token',
      { status: 503, body: 'Service Unavailable' },
      { status: 503, body: 'Service Unavailable' },
    );
    const run = (await graphql(server, project.secretKey, syncNowMutation)).data.runSalesforceSync;
    expect(run).toEqual({ status: 'SUCCEEDED', groupsMatched: 2, errors: [] });
    expect(salesforce.tokenRequests.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(salesforce.queries.map((query) => query.status)).toEqual([200]);
  });

  it('fails the run with a clear error when the token endpoint never answers', async () => {
    salesforce.failNextOn('token', { hang: true }, { hang: true }, { hang: true });
    const started = Date.now();
    const run = (await graphql(server, project.secretKey, syncNowMutation)).data.runSalesforceSync;
    expect(run).toEqual({
      status: 'FAILED',
      groupsMatched: 0,
      errors: [
        'Could not get a Salesforce access token after 3 attempts: The Salesforce token endpoint did not answer within 0.3 seconds.',
      ],
    });
    // Three attempts of 0.3 s, not jsforce's own 30 minutes.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(salesforce.tokenRequests.map((request) => request.status)).toEqual([0, 0, 0]);
    expect(salesforce.queries).toEqual([]);
  });

  it('does not retry a refused refresh token and says what to fix', async () => {
    expect((await save('revoked-refresh-token')).errors).toBeUndefined();
    const run = (await graphql(server, project.secretKey, syncNowMutation)).data.runSalesforceSync;
    expect(run).toEqual({
      status: 'FAILED',
      groupsMatched: 0,
      errors: [
        'Salesforce refused the refresh-token login (invalid_grant: expired access/refresh token). Check the client id, client secret and refresh token in the sync settings.',
      ],
    });
    expect(salesforce.tokenRequests).toEqual([
      { grantType: 'refresh_token', clientId: 'client-1', refreshToken: 'revoked-refresh-token', status: 400 },
    ]);
  });
});
