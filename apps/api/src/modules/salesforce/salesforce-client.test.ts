// jsforce for real, against the fake Salesforce on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSalesforce, type FakeSalesforce } from '../../../../../test/support/fake-salesforce';
import { createJsforceClient, type SalesforceConnectionSettings } from './salesforce-client';

const fastRetries = {
  retryPolicy: { maximumAttempts: 3, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 5 },
  requestTimeoutMilliseconds: 2_000,
};
const accounts = Array.from({ length: 5 }, (_, index) => ({
  Id: `00100000000000${index}AAA`,
  Name: `Account ${index}`,
  Domain__c: `account${index}.example`,
}));
const allIds = `SELECT Id, Name FROM Account WHERE Id IN (${accounts.map((account) => `'${account.Id}'`).join(', ')})`;

describe('jsforce Salesforce client', () => {
  let salesforce: FakeSalesforce;
  const settings = (overrides: Partial<SalesforceConnectionSettings> = {}): SalesforceConnectionSettings => ({
    instanceUrl: salesforce.url,
    loginUrl: null,
    apiVersion: '62.0',
    authFlow: 'access_token',
    clientId: null,
    credentials: { accessToken: 'initial-access-token' },
    ...overrides,
  });

  beforeAll(async () => {
    salesforce = await startFakeSalesforce({
      clientId: 'client-1',
      clientSecret: 'secret-1',
      refreshToken: 'refresh-1',
      pageSize: 2,
    });
    salesforce.addRecords('Account', accounts);
  });
  afterEach(() => {
    salesforce.reset();
    salesforce.validTokens.add('initial-access-token');
  });
  afterAll(async () => salesforce?.stop());

  it('follows nextRecordsUrl through every page', async () => {
    const records = await createJsforceClient(settings(), fastRetries).query(allIds);
    expect(records.map((record) => record.Name)).toEqual(accounts.map((account) => account.Name));
    expect(salesforce.queries.map((query) => [query.soql !== null, query.locator !== null])).toEqual([
      [true, false],
      [false, true],
      [false, true],
    ]);
    expect(
      salesforce.queries.every(
        (query) => query.apiVersion === '62.0' && query.authorization === 'Bearer initial-access-token',
      ),
    ).toBe(true);
  });

  it('refreshes an expired token with the refresh-token flow and repeats the request', async () => {
    const client = createJsforceClient(
      settings({
        authFlow: 'refresh_token',
        clientId: 'client-1',
        credentials: { accessToken: 'initial-access-token', refreshToken: 'refresh-1', clientSecret: 'secret-1' },
      }),
      fastRetries,
    );
    await client.query(allIds);
    salesforce.expireTokens();
    const records = await client.query(allIds);
    expect(records).toHaveLength(5);
    expect(salesforce.tokenRequests).toEqual([
      { grantType: 'refresh_token', clientId: 'client-1', refreshToken: 'refresh-1', status: 200 },
    ]);
    expect(salesforce.queries.map((query) => query.status)).toEqual([200, 200, 200, 401, 200, 200, 200]);
  });

  it('gets a token with the client-credentials flow when none is stored', async () => {
    const client = createJsforceClient(
      settings({ authFlow: 'client_credentials', clientId: 'client-1', credentials: { clientSecret: 'secret-1' } }),
      fastRetries,
    );
    expect(await client.query(allIds)).toHaveLength(5);
    expect(salesforce.tokenRequests.map((request) => request.grantType)).toEqual(['client_credentials']);
    expect(salesforce.queries[0]!.authorization).toMatch(/^Bearer issued-token-/);
  });

  it('fails with an actionable message when a lone access token expires', async () => {
    salesforce.expireTokens();
    await expect(createJsforceClient(settings(), fastRetries).query(allIds)).rejects.toThrow(
      /INVALID_SESSION_ID|access token/,
    );
    expect(salesforce.tokenRequests).toEqual([]);
  });

  it('reports a refused refresh token', async () => {
    salesforce.expireTokens();
    const client = createJsforceClient(
      settings({
        authFlow: 'refresh_token',
        clientId: 'client-1',
        credentials: { accessToken: 'old', refreshToken: 'revoked', clientSecret: 'secret-1' },
      }),
      fastRetries,
    );
    await expect(client.query(allIds)).rejects.toThrow(/expired access\/refresh token|invalid_grant/);
  });

  it('retries 5xx, REQUEST_LIMIT_EXCEEDED and timeouts with backoff, then succeeds', async () => {
    const delays: number[] = [];
    const client = createJsforceClient(settings(), {
      ...fastRetries,
      retryPolicy: { maximumAttempts: 4, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 50 },
      requestTimeoutMilliseconds: 300,
      sleep: async (milliseconds) => void delays.push(milliseconds),
    });
    salesforce.failNext(
      { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' }] },
      { status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }] },
      { status: 200, delayMilliseconds: 1_000, body: [] },
    );
    const records = await client.query(allIds);
    expect(records).toHaveLength(5);
    expect(delays).toEqual([1, 2, 4]);
  });

  it('gives up after the bounded number of attempts', async () => {
    const client = createJsforceClient(settings(), fastRetries);
    salesforce.failNext(
      ...Array.from({ length: 5 }, () => ({
        status: 500,
        body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred' }],
      })),
    );
    await expect(client.query(allIds)).rejects.toThrow('An unexpected error occurred');
    expect(salesforce.queries).toHaveLength(3);
  });

  it('does not retry a malformed query', async () => {
    const client = createJsforceClient(settings(), fastRetries);
    await expect(client.query('SELECT Id FROM Account')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    expect(salesforce.queries).toHaveLength(1);
  });

  it('fails a query that never answers with a clear timeout after its attempts', async () => {
    salesforce.failNext({ hang: true }, { hang: true }, { hang: true });
    const client = createJsforceClient(settings(), { ...fastRetries, requestTimeoutMilliseconds: 200 });
    await expect(client.query(allIds)).rejects.toThrow('Salesforce did not answer a query within 0.2 seconds.');
    expect(salesforce.queries).toHaveLength(3);
  });
});

describe('jsforce Salesforce client: token requests', () => {
  let salesforce: FakeSalesforce;
  const refreshFlow = (refreshToken = 'refresh-1'): SalesforceConnectionSettings => ({
    instanceUrl: salesforce.url,
    loginUrl: null,
    apiVersion: '62.0',
    authFlow: 'refresh_token',
    clientId: 'client-1',
    credentials: { refreshToken, clientSecret: 'secret-1' },
  });
  const unavailable = { status: 503, body: '<html><body>Service Unavailable</body></html>' };

  beforeAll(async () => {
    salesforce = await startFakeSalesforce({
      clientId: 'client-1',
      clientSecret: 'secret-1',
      refreshToken: 'refresh-1',
      pageSize: 2,
    });
    salesforce.addRecords('Account', accounts);
  });
  afterEach(() => salesforce.reset());
  afterAll(async () => salesforce?.stop());

  it('retries the first token request after two 503s with backoff, then queries with the token', async () => {
    const delays: number[] = [];
    salesforce.failNextOn('token', unavailable, unavailable);
    const client = createJsforceClient(refreshFlow(), {
      ...fastRetries,
      sleep: async (milliseconds) => void delays.push(milliseconds),
    });
    expect(await client.query(allIds)).toHaveLength(5);
    expect(salesforce.tokenRequests.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(delays).toEqual([1, 2]);
    expect(salesforce.queries[0]!.authorization).toMatch(/^Bearer issued-token-\d+$/);
  });

  it('retries REQUEST_LIMIT_EXCEEDED from the token endpoint, and a refresh in the middle of a run', async () => {
    salesforce.failNextOn('token', {
      status: 403,
      body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
    });
    const client = createJsforceClient(
      { ...refreshFlow(), authFlow: 'client_credentials', credentials: { clientSecret: 'secret-1' } },
      fastRetries,
    );
    expect(await client.query(allIds)).toHaveLength(5);
    salesforce.expireTokens();
    salesforce.failNextOn('token', {
      status: 500,
      body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred' }],
    });
    expect(await client.query(allIds)).toHaveLength(5);
    expect(salesforce.tokenRequests.map((request) => [request.grantType, request.status])).toEqual([
      ['client_credentials', 403],
      ['client_credentials', 200],
      ['client_credentials', 500],
      ['client_credentials', 200],
    ]);
  });

  it('times out a token endpoint that never answers, with a clear error and no query sent', async () => {
    salesforce.failNextOn('token', { hang: true }, { hang: true }, { hang: true });
    const started = Date.now();
    const client = createJsforceClient(refreshFlow(), { ...fastRetries, requestTimeoutMilliseconds: 200 });
    await expect(client.query(allIds)).rejects.toThrow(
      'Could not get a Salesforce access token after 3 attempts: The Salesforce token endpoint did not answer within 0.2 seconds.',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(salesforce.tokenRequests.map((request) => request.status)).toEqual([0, 0, 0]);
    expect(salesforce.queries).toEqual([]);
  });

  it('does not retry invalid_grant and says what to fix', async () => {
    const client = createJsforceClient(refreshFlow('revoked-refresh-token'), fastRetries);
    await expect(client.query(allIds)).rejects.toThrow(
      'Salesforce refused the refresh-token login (invalid_grant: expired access/refresh token). Check the client id, client secret and refresh token in the sync settings.',
    );
    expect(salesforce.tokenRequests).toEqual([
      { grantType: 'refresh_token', clientId: 'client-1', refreshToken: 'revoked-refresh-token', status: 400 },
    ]);
    expect(salesforce.queries).toEqual([]);
  });

  it('uses a rotated refresh token for the next refresh and hands it to the caller', async () => {
    const rotating = await startFakeSalesforce({
      clientId: 'client-1',
      clientSecret: 'secret-1',
      refreshToken: 'refresh-1',
      rotateRefreshTokens: true,
    });
    try {
      rotating.addRecords('Account', accounts);
      const rotated: string[] = [];
      const client = createJsforceClient(
        { ...refreshFlow(), instanceUrl: rotating.url },
        { ...fastRetries, onRefreshTokenRotated: (token) => void rotated.push(token) },
      );
      expect(await client.query(allIds)).toHaveLength(5);
      rotating.expireTokens();
      expect(await client.query(allIds)).toHaveLength(5);
      expect(rotating.tokenRequests.map((request) => [request.refreshToken, request.status])).toEqual([
        ['refresh-1', 200],
        ['rotated-refresh-token-1', 200],
      ]);
      expect(rotated).toEqual(['rotated-refresh-token-1', 'rotated-refresh-token-2']);
    } finally {
      await rotating.stop();
    }
  });
});
