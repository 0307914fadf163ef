// The hourly Salesforce sync through the real GraphQL endpoint, jsforce against the fake org and a
// real database: the hourly job updates every group of an hourly project at each hour (from the
// activation hour on, across midnight), leaves daily projects to the daily job, and switching the
// interval moves pickup dates as if they had been computed with the new one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../apps/api/src/modules/projects/project.service';
import { startFakeSalesforce, type FakeSalesforce } from '../support/fake-salesforce';
import { refreshTokenSyncInput } from '../support/salesforce-sync-input';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

const saveMutation = `mutation Save($input: SalesforceSyncInput!) {
  saveSalesforceSync(input: $input) { hourly intervalDays activatedOn nextJobAt }
}`;
const accountIds = ['001000000000001AAA', '001000000000002AAA'];

describe('hourly Salesforce sync', () => {
  let server: TestServer;
  let salesforce: FakeSalesforce;
  let hourlyProject: CreatedProject;
  let dailyProject: CreatedProject;
  let now = new Date('2026-03-10T10:20:00Z');

  async function createProject(name: string) {
    const created = await server.services.projects.createProject({ name });
    await server.services.ingest.ingestAmplitudeEvents(
      created.project,
      accountIds.map((value, index) => ({
        event_type: 'Signed In',
        user_id: `user-${index}@example.com`,
        time: Date.parse('2026-03-01T10:00:00Z') + index,
        groups: { company: value },
      })),
    );
    return created;
  }

  async function pickups(project: CreatedProject) {
    const groups = await server.database.prisma.group.findMany({
      where: { projectId: project.project.id },
      orderBy: { id: 'asc' },
    });
    return groups.map((group) => group.syncPickupDate?.toISOString().slice(0, 10) ?? null);
  }

  const hourlyJob = (at: string) => {
    now = new Date(at);
    return server.services.salesforceSync.runs.runDueSyncs(new Date(at), { hourlyOnly: true });
  };

  beforeAll(async () => {
    [server, salesforce] = await Promise.all([
      startTestServer({ LEADMAPS_ENCRYPTION_KEY: 'hourly-test-encryption-key-0123456789' }),
      startFakeSalesforce({ clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1' }),
    ]);
    salesforce.addRecords('Account', [
      { Id: accountIds[0]!, Name: 'Acme', Industry: 'Software' },
      { Id: accountIds[1]!, Name: 'Globex', Industry: 'Retail' },
    ]);
    server.services.salesforceSync.tune({ clock: () => now, sleep: async () => {} });
    hourlyProject = await createProject('Hourly');
    dailyProject = await createProject('Daily');
  });
  beforeEach(() => salesforce.reset());
  afterAll(async () => {
    await server?.stop();
    await salesforce?.stop();
  });

  it('saves hourly, and the next job is the next full hour', async () => {
    const saved = await graphql(server, hourlyProject.secretKey, saveMutation, {
      input: refreshTokenSyncInput(salesforce.url, { hourly: true, fieldMappings: [{ field: 'Industry' }] }),
    });
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveSalesforceSync).toEqual({
      hourly: true,
      intervalDays: 1,
      activatedOn: '2026-03-10',
      nextJobAt: '2026-03-10T11:00:00.000Z',
    });
    const daily = await graphql(server, dailyProject.secretKey, saveMutation, {
      input: refreshTokenSyncInput(salesforce.url, { intervalDays: 7 }),
    });
    expect(daily.data.saveSalesforceSync).toMatchObject({ hourly: false, nextJobAt: '2026-03-11T06:00:00.000Z' });
    const exported = await graphql(server, hourlyProject.secretKey, '{ exportSalesforceSync }');
    expect(JSON.parse(exported.data.exportSalesforceSync).settings.hourly).toBe(true);
  });

  it('updates every group of the hourly project at each hourly job, from the activation hour on', async () => {
    const first = await hourlyJob('2026-03-10T11:00:00Z');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ status: 'succeeded', runDate: '2026-03-10', groupsMatched: 2, groupsUpdated: 2 });
    // Only the hourly project was read from Salesforce: the daily one waits for its job.
    expect(await pickups(hourlyProject)).toEqual(['2026-03-10', '2026-03-10']);
    expect(await pickups(dailyProject)).toEqual([null, null]);

    // A change in Salesforce shows within the hour.
    const acmeRecord = salesforce.records.get('Account')!.find((record) => record.Id === accountIds[0])!;
    acmeRecord.Industry = 'Fintech';
    const second = await hourlyJob('2026-03-10T12:00:00Z');
    expect(second[0]).toMatchObject({ status: 'succeeded', groupsMatched: 2, groupsUpdated: 1 });
    const acme = await server.database.prisma.group.findFirstOrThrow({
      where: { projectId: hourlyProject.project.id, value: accountIds[0] },
    });
    expect((acme.properties as Record<string, unknown>).Industry).toBe('Fintech');

    // Past midnight the groups picked up yesterday are due again.
    const nextDay = await hourlyJob('2026-03-11T00:00:00Z');
    expect(nextDay[0]).toMatchObject({ runDate: '2026-03-11', groupsMatched: 2 });
    expect(await pickups(hourlyProject)).toEqual(['2026-03-11', '2026-03-11']);
  });

  it('the daily job covers hourly and daily projects alike', async () => {
    now = new Date('2026-03-11T06:00:00Z');
    const runs = await server.services.salesforceSync.runs.runDueSyncs(new Date('2026-03-11T06:00:00Z'));
    expect(runs).toHaveLength(2);
    expect(await pickups(dailyProject)).toEqual(['2026-03-18', '2026-03-18']);
    expect(await pickups(hourlyProject)).toEqual(['2026-03-11', '2026-03-11']);
    expect(await hourlyJob('2026-03-11T07:00:00Z')).toHaveLength(1);
  });

  it('switching between hourly and weekly moves pickups as if computed with the new interval', async () => {
    const toHourly = await graphql(server, dailyProject.secretKey, saveMutation, {
      input: refreshTokenSyncInput(salesforce.url, { intervalDays: 7, hourly: true }),
    });
    expect(toHourly.data.saveSalesforceSync.activatedOn).toBe('2026-03-10');
    // Updated on Mar 11 weekly (due Mar 18) → hourly: due again from Mar 11, so at the next hour.
    expect(await pickups(dailyProject)).toEqual(['2026-03-11', '2026-03-11']);
    expect(await hourlyJob('2026-03-11T08:00:00Z')).toHaveLength(2);

    await graphql(server, dailyProject.secretKey, saveMutation, {
      input: refreshTokenSyncInput(salesforce.url, { intervalDays: 7, hourly: false }),
    });
    expect(await pickups(dailyProject)).toEqual(['2026-03-18', '2026-03-18']);
    expect(await hourlyJob('2026-03-11T09:00:00Z')).toHaveLength(1);
  });
});
