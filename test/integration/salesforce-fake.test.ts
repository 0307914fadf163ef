// The fake Salesforce itself, checked over plain HTTP against Salesforce's documented REST
// behaviour (no leadmaps code involved): the tests of the sync are only as strict as it is.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSalesforce, type FakeSalesforce } from '../support/fake-salesforce';

describe('fake Salesforce', () => {
  let salesforce: FakeSalesforce;

  const get = async (path: string, token = 'initial-access-token') => {
    const response = await fetch(`${salesforce.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('[') || text.startsWith('{') ? JSON.parse(text) : text };
  };
  const query = (soql: string, version = '62.0') =>
    get(`/services/data/v${version}/query?q=${encodeURIComponent(soql)}`);
  const token = async (form: Record<string, string>) => {
    const response = await fetch(`${salesforce.url}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams(form),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };

  beforeAll(async () => {
    salesforce = await startFakeSalesforce({
      clientId: 'client-1',
      clientSecret: 'secret-1',
      refreshToken: 'refresh-1',
      rotateRefreshTokens: true,
    });
    // Stored in the 15-character form; the 18-character one (worked out by hand) is what the API returns.
    salesforce.addRecords('Account', [{ Id: '001Dn00000aBc01', Name: 'Account 1', Owner: { Name: 'Ada' } }]);
  });
  afterEach(() => salesforce.reset());
  afterAll(async () => salesforce?.stop());

  it('matches 18-character ids in any case, 15-character ids only in theirs, and refuses what is no id', async () => {
    for (const id of ['001Dn00000aBc01', '001Dn00000aBc01IAC', '001dn00000abc01iac', '001DN00000ABC01IAC']) {
      const found = await query(`SELECT Id, Name FROM Account WHERE Id IN ('${id}')`);
      expect(found.status, id).toBe(200);
      expect(
        found.body.records.map((record: { Id: string }) => record.Id),
        id,
      ).toEqual(['001Dn00000aBc01IAC']);
    }
    expect((await query("SELECT Id FROM Account WHERE Id IN ('001dN00000AbC01')")).body.records).toEqual([]);
    for (const id of ['001Dn00000aBc01ZZZ', '001Dn00000aBc01IA9', '001Dn00000aBc0', 'not-an-id']) {
      const refused = await query(`SELECT Id FROM Account WHERE Id IN ('001Dn00000aBc01', '${id}')`);
      expect(refused, id).toEqual({
        status: 400,
        body: [{ errorCode: 'INVALID_QUERY_FILTER_OPERATOR', message: `invalid ID field: ${id}` }],
      });
    }
  });

  it('answers INVALID_FIELD and INVALID_TYPE for what the org does not have, and resolves names in any case', async () => {
    const field = await query("SELECT Id, Nope__c FROM Account WHERE Id IN ('001Dn00000aBc01')");
    expect(field.status).toBe(400);
    expect(field.body).toMatchObject([
      { errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Nope__c' on entity 'Account'") },
    ]);
    const relationship = await query("SELECT Id, Parent.Name FROM Account WHERE Id IN ('001Dn00000aBc01')");
    expect(relationship.body).toMatchObject([
      { errorCode: 'INVALID_FIELD', message: expect.stringContaining("Didn't understand relationship 'Parent'") },
    ]);
    const object = await query("SELECT Id FROM Acount WHERE Id IN ('001Dn00000aBc01')");
    expect(object.body).toMatchObject([
      { errorCode: 'INVALID_TYPE', message: expect.stringContaining("sObject type 'Acount' is not supported") },
    ]);
    const lowerCase = await query("select id, name, owner.name from account where id in ('001Dn00000aBc01')");
    expect(lowerCase.body.records).toEqual([
      {
        attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001Dn00000aBc01IAC' },
        Id: '001Dn00000aBc01IAC',
        Name: 'Account 1',
        Owner: { attributes: { type: 'Owner' }, Name: 'Ada' },
      },
    ]);
  });

  it('answers 414 for a URI over 16,384 bytes, 431 when URI and headers together pass it', async () => {
    const path = (length: number) => {
      const prefix = "/services/data/v62.0/query?q=SELECT+Id+FROM+Account+WHERE+Name+IN+('";
      return `${prefix}${'x'.repeat(length - prefix.length - 2)}')`;
    };
    expect(path(16_385)).toHaveLength(16_385);
    expect((await get(path(15_000))).status).toBe(200);
    expect((await get(path(16_380))).status).toBe(431);
    expect(await get(path(16_385))).toEqual({ status: 414, body: 'URI Too Long' });
  });

  it('serves API versions 31.0 to 66.0: older ones are gone, newer ones do not exist', async () => {
    const soql = "SELECT Id FROM Account WHERE Id IN ('001Dn00000aBc01')";
    expect((await query(soql, '31.0')).status).toBe(200);
    expect((await query(soql, '66.0')).status).toBe(200);
    expect((await query(soql, '30.0')).status).toBe(410);
    expect(await query(soql, '67.0')).toEqual({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    });
    expect(await query(soql, '62.5')).toMatchObject({ status: 404 });
    const versions = (await get('/services/data/')).body as Array<{ version: string }>;
    expect([versions[0]!.version, versions.at(-1)!.version, versions.length]).toEqual(['31.0', '66.0', 36]);
  });

  it('rotates refresh tokens: the answer carries a new one and the old one is refused', async () => {
    const grant = { grant_type: 'refresh_token', client_id: 'client-1', client_secret: 'secret-1' };
    const first = await token({ ...grant, refresh_token: 'refresh-1' });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBe('rotated-refresh-token-1');
    expect(await token({ ...grant, refresh_token: 'refresh-1' })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
    });
    const second = await token({ ...grant, refresh_token: 'rotated-refresh-token-1' });
    expect([second.status, second.body.refresh_token]).toEqual([200, 'rotated-refresh-token-2']);
    expect((await get('/services/data/v62.0/sobjects/Account/describe', second.body.access_token)).status).toBe(200);
  });

  it('injects failures on the token endpoint, describe and query, and can leave a request hanging', async () => {
    salesforce.failNextOn('token', { status: 503, body: 'Service Unavailable' });
    expect(
      (await token({ grant_type: 'client_credentials', client_id: 'client-1', client_secret: 'secret-1' })).status,
    ).toBe(503);
    expect(
      (await token({ grant_type: 'client_credentials', client_id: 'client-1', client_secret: 'secret-1' })).status,
    ).toBe(200);

    const limit = [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }];
    salesforce.failNextOn('describe', { status: 403, body: limit });
    expect(await get('/services/data/v62.0/sobjects/Account/describe')).toEqual({ status: 403, body: limit });
    const described = await get('/services/data/v62.0/sobjects/Account/describe');
    expect(described.body.fields.map((field: { name: string }) => field.name)).toEqual(
      expect.arrayContaining(['Id', 'Name', 'OwnerId']),
    );

    salesforce.failNext({ hang: true });
    const hanging = fetch(`${salesforce.url}/services/data/v62.0/query?q=x`, { signal: AbortSignal.timeout(200) });
    await expect(hanging).rejects.toThrow();
    expect(salesforce.queries.map((request) => request.status)).toEqual([0]);
  });
});
