// Salesforce sync settings through the real GraphQL endpoint: validation, write-only encrypted
// credentials, activation, export and import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceSyncRepository } from '../../apps/api/src/modules/salesforce/salesforce-sync.repository';
import { SalesforceSyncSettingsService } from '../../apps/api/src/modules/salesforce/salesforce-sync-settings.service';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

const encryptionKey = 'settings-test-encryption-key-0123456789';
const syncFields = `enabled instanceUrl loginUrl apiVersion authFlow clientId storedCredentials groupType objectName matchField nameField
  fieldMappings { field property } intervalDays activatedOn syncHourUtc nextJobAt`;
const saveMutation = `mutation Save($input: SalesforceSyncInput!) { saveSalesforceSync(input: $input) { ${syncFields} } }`;

const baseInput = {
  instanceUrl: 'https://acme.my.salesforce.com/some/path',
  authFlow: 'REFRESH_TOKEN',
  clientId: 'connected-app-id',
  groupType: 'company',
  nameField: 'Name',
  fieldMappings: [
    { field: 'Industry', property: 'industry' },
    { field: 'AnnualRevenue' },
    { field: 'Owner.Name', property: 'account_owner' },
  ],
  intervalDays: 7,
  credentials: { refreshToken: 'refresh-token-SECRET-1', clientSecret: 'client-secret-SECRET-2' },
};

async function createProjectWithGroups(server: TestServer, name: string) {
  const created = await server.services.projects.createProject({ name });
  await server.services.ingest.ingestAmplitudeEvents(created.project, [
    {
      event_type: 'Signed In',
      user_id: 'ada@acme.example',
      time: Date.parse('2026-01-10T10:00:00Z'),
      groups: { company: '001000000000001AAA' },
    },
  ]);
  return created;
}

describe('Salesforce sync settings', () => {
  let server: TestServer;
  let project: Awaited<ReturnType<typeof createProjectWithGroups>>;

  beforeAll(async () => {
    server = await startTestServer({ LEADMAPS_ENCRYPTION_KEY: encryptionKey });
    server.services.salesforceSync.tune({ clock: () => new Date('2026-01-30T12:00:00Z') });
    project = await createProjectWithGroups(server, 'Settings');
  });
  afterAll(async () => server?.stop());

  it('has no sync until one is saved', async () => {
    const result = await graphql(server, project.secretKey, '{ salesforceSync { enabled } }');
    expect(result).toEqual({ data: { salesforceSync: null } });
  });

  it('saves settings with defaults and never returns the credentials', async () => {
    const result = await graphql(server, project.secretKey, saveMutation, { input: baseInput });
    expect(result.errors).toBeUndefined();
    expect(result.data.saveSalesforceSync).toEqual({
      enabled: true,
      instanceUrl: 'https://acme.my.salesforce.com',
      loginUrl: null,
      apiVersion: '62.0',
      authFlow: 'REFRESH_TOKEN',
      clientId: 'connected-app-id',
      storedCredentials: ['clientSecret', 'refreshToken'],
      groupType: 'company',
      objectName: 'Account',
      matchField: 'Id',
      nameField: 'Name',
      fieldMappings: [
        { field: 'Industry', property: 'industry' },
        { field: 'AnnualRevenue', property: 'AnnualRevenue' },
        { field: 'Owner.Name', property: 'account_owner' },
      ],
      intervalDays: 7,
      activatedOn: '2026-01-30',
      syncHourUtc: 6,
      nextJobAt: '2026-01-31T06:00:00.000Z',
    });
    // The first run is the next day's job.
    const pickup = await graphql(
      server,
      project.readKey,
      '{ salesforceSyncPickupDate(groupValue: "001000000000001AAA") }',
    );
    expect(pickup.data.salesforceSyncPickupDate).toBe('2026-01-31');
  });

  it('stores the credentials encrypted at rest', async () => {
    const rows = await server.database.prisma.$queryRaw<
      Record<string, unknown>[]
    >`SELECT * FROM salesforce_sync WHERE project_id = ${project.project.id}`;
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('SECRET-1');
    expect(stored).not.toContain('SECRET-2');
    expect(String(rows[0]!.encrypted_credentials)).toMatch(/^v1:/);
    const { connection } = await server.services.salesforceSync.settings.loadForRun(project.project.id);
    expect(connection.credentials).toEqual({
      refreshToken: 'refresh-token-SECRET-1',
      clientSecret: 'client-secret-SECRET-2',
    });
  });

  it('keeps stored credentials when saved without them, and replaces them when given', async () => {
    const { credentials: _omitted, ...withoutCredentials } = baseInput;
    const kept = await graphql(server, project.secretKey, saveMutation, {
      input: { ...withoutCredentials, intervalDays: 30 },
    });
    expect(kept.data.saveSalesforceSync.storedCredentials).toEqual(['clientSecret', 'refreshToken']);
    expect(kept.data.saveSalesforceSync.activatedOn).toBe('2026-01-30');
    const replaced = await graphql(server, project.secretKey, saveMutation, {
      input: { ...withoutCredentials, authFlow: 'ACCESS_TOKEN', credentials: { accessToken: 'access-SECRET-3' } },
    });
    expect(replaced.data.saveSalesforceSync.storedCredentials).toEqual(['accessToken']);
    const { connection } = await server.services.salesforceSync.settings.loadForRun(project.project.id);
    expect(connection.credentials).toEqual({ accessToken: 'access-SECRET-3' });
  });

  it('refuses incomplete or unsafe settings with messages a user can act on', async () => {
    const { credentials: _omitted, ...withoutCredentials } = baseInput;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...baseInput, instanceUrl: 'http://acme.my.salesforce.com' }, /https/],
      [{ ...baseInput, instanceUrl: 'https://acme.lightning.force.com' }, /My Domain/],
      [{ ...baseInput, fieldMappings: [{ field: 'Name FROM User' }] }, /field API name/],
      [{ ...baseInput, objectName: 'Account WHERE Id' }, /object API name/],
      [{ ...baseInput, intervalDays: 0 }, /at least 1 day/],
      [{ ...baseInput, groupType: 'team' }, /no group type "team"/],
      [
        {
          ...baseInput,
          fieldMappings: [
            { field: 'Industry', property: 'x' },
            { field: 'Type', property: 'x' },
          ],
        },
        /same group property/,
      ],
      [{ ...baseInput, fieldMappings: [{ field: 'Site', property: 'name' }] }, /name property/],
      [{ ...withoutCredentials, authFlow: 'CLIENT_CREDENTIALS' }, /needs clientSecret/],
      [{ ...baseInput, clientId: null, credentials: { refreshToken: 'x' } }, /needs clientId/],
    ];
    for (const [input, message] of cases) {
      const result = await graphql(server, project.secretKey, saveMutation, { input });
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('INVALID_INPUT');
      expect(result.errors?.[0]?.message).toMatch(message);
    }
  });

  it('needs the secret key to change settings', async () => {
    const result = await graphql(server, project.readKey, saveMutation, { input: baseInput });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await graphql(server, null, '{ salesforceSync { enabled } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('moves pickup dates when the interval changes and restarts them when re-activated', async () => {
    await graphql(server, project.secretKey, saveMutation, { input: { ...baseInput, intervalDays: 7 } });
    // As if the group had been updated on Jan 31 with a weekly interval.
    await server.database.prisma
      .$executeRaw`UPDATE "group" SET sync_pickup_date = '2026-02-07' WHERE project_id = ${project.project.id}`;
    const { credentials: _omitted, ...withoutCredentials } = baseInput;
    await graphql(server, project.secretKey, saveMutation, { input: { ...withoutCredentials, intervalDays: 30 } });
    let pickup = await graphql(
      server,
      project.readKey,
      '{ salesforceSyncPickupDate(groupValue: "001000000000001AAA") }',
    );
    expect(pickup.data.salesforceSyncPickupDate).toBe('2026-03-02');
    await graphql(server, project.secretKey, saveMutation, { input: { ...withoutCredentials, intervalDays: 1 } });
    pickup = await graphql(server, project.readKey, '{ salesforceSyncPickupDate(groupValue: "001000000000001AAA") }');
    expect(pickup.data.salesforceSyncPickupDate).toBe('2026-02-01');

    server.services.salesforceSync.tune({ clock: () => new Date('2026-02-10T09:00:00Z') });
    await graphql(server, project.secretKey, saveMutation, { input: { ...withoutCredentials, enabled: false } });
    const reactivated = await graphql(server, project.secretKey, saveMutation, { input: withoutCredentials });
    expect(reactivated.data.saveSalesforceSync.activatedOn).toBe('2026-02-10');
    pickup = await graphql(server, project.readKey, '{ salesforceSyncPickupDate(groupValue: "001000000000001AAA") }');
    expect(pickup.data.salesforceSyncPickupDate).toBe('2026-02-11');
    server.services.salesforceSync.tune({ clock: () => new Date('2026-01-30T12:00:00Z') });
  });

  it('exports the settings as JSON without credentials and imports them into another project', async () => {
    await graphql(server, project.secretKey, saveMutation, { input: baseInput });
    const exported = await graphql(server, project.secretKey, '{ exportSalesforceSync }');
    const json = exported.data.exportSalesforceSync as string;
    expect(json).not.toContain('SECRET');
    expect(JSON.parse(json)).toMatchObject({
      format: 'leadmaps.salesforce-sync',
      version: 1,
      settings: { groupType: 'company', intervalDays: 7, authFlow: 'refresh_token' },
    });

    const other = await createProjectWithGroups(server, 'Imported');
    const importMutation = `mutation Import($json: String!) { importSalesforceSync(json: $json) { ${syncFields} } }`;
    // Credentials never travel in exports: switched on, the import needs them first.
    const refused = await graphql(server, other.secretKey, importMutation, { json });
    expect(refused.errors?.[0]?.message).toMatch(/needs refreshToken/);
    const draft = JSON.stringify({ ...JSON.parse(json), settings: { ...JSON.parse(json).settings, enabled: false } });
    const imported = await graphql(server, other.secretKey, importMutation, { json: draft });
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importSalesforceSync).toMatchObject({
      enabled: false,
      groupType: 'company',
      intervalDays: 7,
      storedCredentials: [],
      fieldMappings: baseInput.fieldMappings.map((mapping) => ({ property: mapping.field, ...mapping })),
    });

    for (const [bad, message] of [
      ['{', /not valid JSON/],
      ['{"format":"other","version":1,"settings":{}}', /Not a leadmaps Salesforce sync export/],
      [JSON.stringify({ ...JSON.parse(json), settings: { ...JSON.parse(json).settings, password: 'x' } }), /password/],
    ] as const) {
      const result = await graphql(server, other.secretKey, importMutation, { json: bad });
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    // The first project's settings are untouched: each project has its own.
    const first = await graphql(server, project.secretKey, '{ salesforceSync { enabled storedCredentials } }');
    expect(first.data.salesforceSync).toEqual({ enabled: true, storedCredentials: ['clientSecret', 'refreshToken'] });
  });

  it('refuses to store credentials when the server has no encryption key', async () => {
    const withoutKey = new SalesforceSyncSettingsService(
      server.database.sql,
      new SalesforceSyncRepository(server.database.sql),
      { encryptionKey: undefined, clock: () => new Date() },
    );
    const { credentials, ...settings } = baseInput;
    const attempt = withoutKey.save(project.project.id, { ...settings, authFlow: 'refresh_token' }, credentials);
    await expect(attempt).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { reason: 'ENCRYPTION_KEY_MISSING' },
    });
    await expect(attempt).rejects.toThrow(/LEADMAPS_ENCRYPTION_KEY/);
    // Credentials stored under a key cannot be read without it either: runs say so instead of failing obscurely.
    await expect(withoutKey.loadForRun(project.project.id)).rejects.toThrow(/LEADMAPS_ENCRYPTION_KEY/);
  });

  it('deletes the settings', async () => {
    const deleted = await graphql(server, project.secretKey, 'mutation { deleteSalesforceSync }');
    expect(deleted.data.deleteSalesforceSync).toBe(true);
    expect((await graphql(server, project.secretKey, '{ salesforceSync { enabled } }')).data.salesforceSync).toBeNull();
  });
});
