// The Salesforce object's fields through the real GraphQL endpoint: jsforce's describe call for
// real against the fake Salesforce on 127.0.0.1, with the stored (encrypted) connection.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../apps/api/src/modules/projects/project.service';
import { startFakeSalesforce, type FakeSalesforce } from '../support/fake-salesforce';
import { refreshTokenSyncInput, saveSalesforceSyncMutation } from '../support/salesforce-sync-input';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

const fieldsQuery = `query Fields($objectName: String) {
  salesforceObjectFields(objectName: $objectName) { name fields { name label type relationshipName } }
}`;

describe('Salesforce object fields', () => {
  let server: TestServer;
  let salesforce: FakeSalesforce;
  let project: CreatedProject;

  beforeAll(async () => {
    [server, salesforce] = await Promise.all([
      startTestServer({ LEADMAPS_ENCRYPTION_KEY: 'fields-test-encryption-key-0123456789' }),
      startFakeSalesforce({ clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1' }),
    ]);
    server.services.salesforceSync.tune({
      sleep: async () => {},
      retryPolicy: { maximumAttempts: 3, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 1 },
    });
    salesforce.addRecords('Account', [
      { Id: '001000000000001AAA', Name: 'Acme', Industry: 'Software', Owner: { Name: 'Grace' } },
    ]);
    project = await server.services.projects.createProject({ name: 'Fields' });
    await server.services.ingest.ingestAmplitudeEvents(project.project, [
      {
        event_type: 'Signed In',
        user_id: 'ada@acme.example',
        time: Date.parse('2026-01-10T10:00:00Z'),
        groups: { company: 'x' },
      },
    ]);
  });
  beforeEach(() => salesforce.reset());
  afterAll(async () => {
    await server?.stop();
    await salesforce?.stop();
  });

  it('answers NOT_FOUND before a sync is configured', async () => {
    const result = await graphql(server, project.secretKey, fieldsQuery, {});
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(salesforce.describeRequests).toEqual([]);
  });

  it('describes the configured object with the stored credentials, for a read key too', async () => {
    const saved = await graphql(server, project.secretKey, saveSalesforceSyncMutation, {
      input: refreshTokenSyncInput(salesforce.url),
    });
    expect(saved.errors).toBeUndefined();

    const result = await graphql(server, project.readKey, fieldsQuery, {});
    expect(result.errors).toBeUndefined();
    const description = result.data.salesforceObjectFields;
    expect(description.name).toBe('Account');
    const byName = Object.fromEntries(
      description.fields.map((field: { name: string }) => [field.name, field]),
    ) as Record<string, { type: string; relationshipName: string | null }>;
    expect(Object.keys(byName).sort()).toEqual(['Id', 'Industry', 'Name', 'OwnerId']);
    expect(byName.Id!.type).toBe('id');
    expect(byName.OwnerId).toMatchObject({ type: 'reference', relationshipName: 'Owner' });
    expect(byName.Industry!.relationshipName).toBeNull();
    expect(salesforce.describeRequests).toEqual(['Account']);
    // The token came from the stored refresh token: the fake accepts no other.
    expect(salesforce.tokenRequests.length).toBeGreaterThan(0);
  });

  it('describes another object by name, and says which object Salesforce does not know', async () => {
    const contact = await graphql(server, project.secretKey, fieldsQuery, { objectName: 'Contact' });
    expect(contact.errors).toBeUndefined();
    expect(contact.data.salesforceObjectFields.name).toBe('Contact');

    const unknown = await graphql(server, project.secretKey, fieldsQuery, { objectName: 'Nothing__c' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('EXTERNAL_SERVICE');
    expect(unknown.errors?.[0]?.message).toMatch(/Nothing__c/);

    const invalid = await graphql(server, project.secretKey, fieldsQuery, { objectName: 'Account; DROP' });
    expect(invalid.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(salesforce.describeRequests).toEqual(['Contact', 'Nothing__c']);
  });

  it('retries a describe that Salesforce answers with a 5xx', async () => {
    salesforce.failNextOn('describe', { status: 503 });
    const result = await graphql(server, project.secretKey, fieldsQuery, {});
    expect(result.errors).toBeUndefined();
    expect(salesforce.describeRequests).toEqual(['Account', 'Account']);
  });
});
