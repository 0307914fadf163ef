// A Salesforce sync batch commits as ONE transaction: its groups' properties and history, their
// pickup dates and the run's progress. A failure after the properties were written but before the
// progress was recorded must leave neither behind, and a resumed run picks that batch up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../apps/api/src/database/sql';
import type { Database, SqlExecutor } from '../../apps/api/src/database/sql-database';
import { createLogger } from '../../apps/api/src/lib/logger';
import type { CreatedProject } from '../../apps/api/src/modules/projects/project.service';
import {
  createSalesforceSyncModule,
  type SalesforceSyncModule,
} from '../../apps/api/src/modules/salesforce/salesforce-sync.module';
import { startFakeSalesforce, type FakeSalesforce } from '../support/fake-salesforce';
import { refreshTokenSyncInput, saveSalesforceSyncMutation } from '../support/salesforce-sync-input';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

const encryptionKey = 'batch-test-encryption-key-0123456789';
/** Groups are Salesforce Account ids (18 characters); the first six exist in Salesforce. */
const groupValues = Array.from({ length: 9 }, (_, index) => `001000000000B${index + 1}0AAA`);
const salesforceAccounts = [
  { Name: 'Northwind', Industry: 'Software', AnnualRevenue: 1000 },
  { Name: 'Contoso', Industry: null, AnnualRevenue: 2000 },
  { Name: 'Fabrikam', Industry: 'Retail', AnnualRevenue: 3000 },
  { Name: 'Tailspin', Industry: null, AnnualRevenue: 4000 },
  { Name: 'Litware', Industry: 'Software', AnnualRevenue: 5000 },
  { Name: 'Adatum', Industry: 'Banking', AnnualRevenue: 6000 },
].map((fields, index) => ({ Id: groupValues[index]!, ...fields }));

/** The mapping the test saves (Name → name, Industry → industry, AnnualRevenue → annual_revenue); empty fields are not written. */
function expectedProperties(value: string): Record<string, unknown> {
  const record = salesforceAccounts.find((account) => account.Id === value);
  if (!record) return {};
  return {
    name: record.Name,
    annual_revenue: record.AnnualRevenue,
    ...(record.Industry ? { industry: record.Industry } : {}),
  };
}

/**
 * The façade, except that inside transactions the second write to salesforce_sync_run (the second
 * batch's progress) fails. Statements run in that transaction before the failure are kept.
 */
function failingSecondProgress(database: Database) {
  let progressWrites = 0;
  const failedTransaction: string[] = [];
  const wrap = (executor: SqlExecutor): SqlExecutor => {
    const seen: string[] = [];
    return {
      query: <Row>(statement: Sql) => {
        seen.push(statement.text);
        return executor.query<Row>(statement);
      },
      execute: async (statement: Sql) => {
        seen.push(statement.text);
        if (/UPDATE salesforce_sync_run/.test(statement.text) && ++progressWrites === 2) {
          failedTransaction.push(...seen);
          throw new Error('injected failure while recording the batch progress');
        }
        return executor.execute(statement);
      },
    };
  };
  const failing: Database = {
    ...database,
    transaction: (work) => database.transaction((executor) => work(wrap(executor))),
  };
  return { database: failing, failedTransaction };
}

describe('Salesforce sync batch transaction', () => {
  let server: TestServer;
  let salesforce: FakeSalesforce;
  let project: CreatedProject;
  const now = new Date('2026-02-02T10:00:00Z');

  function moduleOn(database: Database): SalesforceSyncModule {
    const module = createSalesforceSyncModule({
      database,
      logger: createLogger('silent'),
      groupProperties: server.services.groupProperties,
      encryptionKey,
      syncHourUtc: 6,
    });
    module.tune({
      clock: () => now,
      sleep: async () => {},
      retryPolicy: { maximumAttempts: 1, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 1 },
      // Batches of three groups: the run writes three batches.
      chunkLimits: { maximumValues: 3, maximumEncodedLength: 12_000 },
    });
    return module;
  }

  async function groupsById() {
    const groups = await server.database.prisma.group.findMany({
      where: { projectId: project.project.id },
      orderBy: { id: 'asc' },
    });
    return groups.map((group) => ({
      id: group.id,
      value: group.value,
      properties: group.properties,
      pickup: group.syncPickupDate,
    }));
  }

  async function salesforceHistory(groupIds: bigint[]) {
    return server.database.prisma.groupPropertyChange.count({
      where: { projectId: project.project.id, source: 'salesforce', groupId: { in: groupIds } },
    });
  }

  beforeAll(async () => {
    [server, salesforce] = await Promise.all([
      startTestServer({ LEADMAPS_ENCRYPTION_KEY: encryptionKey }),
      startFakeSalesforce({ clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1' }),
    ]);
    salesforce.addRecords('Account', salesforceAccounts);
    project = await server.services.projects.createProject({ name: 'Batches' });
    await server.services.ingest.ingestAmplitudeEvents(
      project.project,
      groupValues.map((value, index) => ({
        event_type: 'Signed In',
        user_id: `user-${index}`,
        time: Date.parse('2026-01-20T10:00:00Z') + index,
        groups: { company: value },
      })),
    );
    const saved = await graphql(server, project.secretKey, saveSalesforceSyncMutation, {
      input: refreshTokenSyncInput(salesforce.url, {
        fieldMappings: [
          { field: 'Industry', property: 'industry' },
          { field: 'AnnualRevenue', property: 'annual_revenue' },
        ],
        intervalDays: 7,
      }),
    });
    expect(saved.errors).toBeUndefined();
  });
  afterAll(async () => {
    await server?.stop();
    await salesforce?.stop();
  });

  it('keeps the batches before the failure, writes nothing of the failed one, and resumes it', async () => {
    const before = await groupsById();
    expect(before.map((group) => group.value).sort()).toEqual([...groupValues].sort());
    expect(before.every((group) => JSON.stringify(group.properties) === '{}' && group.pickup === null)).toBe(true);
    const [firstBatch, secondBatch, thirdBatch] = [before.slice(0, 3), before.slice(3, 6), before.slice(6)];

    const failing = failingSecondProgress(server.database.sql);
    const run = await moduleOn(failing.database).runs.syncNow(project.project.id, { groupValue: null, wait: true });
    expect(run.status).toBe('failed');
    expect(run.errors).toEqual(['injected failure while recording the batch progress']);
    // The failure landed mid-batch: the second batch's properties, history and pickup dates had been written.
    expect(failing.failedTransaction.some((text) => /UPDATE "group" g SET properties/.test(text))).toBe(true);
    expect(failing.failedTransaction.some((text) => /INSERT INTO group_property_change/.test(text))).toBe(true);
    expect(failing.failedTransaction.some((text) => /SET sync_pickup_date/.test(text))).toBe(true);

    const afterFailure = await groupsById();
    // Pickup: 2026-02-02 + 7 days.
    for (const group of afterFailure.slice(0, 3)) {
      expect(group.properties).toEqual(expectedProperties(group.value));
      expect(group.pickup?.toISOString().slice(0, 10)).toBe('2026-02-09');
    }
    for (const group of afterFailure.slice(3)) {
      expect(group.properties).toEqual({});
      expect(group.pickup).toBeNull();
    }
    expect(await salesforceHistory(secondBatch.map((group) => group.id))).toBe(0);
    expect(await salesforceHistory(firstBatch.map((group) => group.id))).toBeGreaterThan(0);
    const recorded = (await server.services.salesforceSync.runs.getRun(project.project.id, run.id))!;
    const matchedIn = (batch: typeof before) =>
      batch.filter((group) => salesforceAccounts.some((account) => account.Id === group.value)).length;
    expect(recorded).toMatchObject({
      lastGroupId: firstBatch[2]!.id,
      groupsMatched: matchedIn(firstBatch),
      groupsUpdated: matchedIn(firstBatch),
      groupsUnmatched: 3 - matchedIn(firstBatch),
    });

    const resumed = await moduleOn(server.database.sql).runs.resume(project.project.id, run.id, { wait: true });
    expect(resumed).toMatchObject({
      status: 'succeeded',
      groupsMatched: 6,
      groupsUpdated: 6,
      groupsUnmatched: 3,
      lastGroupId: thirdBatch[2]!.id,
      attempts: 2,
    });
    for (const group of await groupsById()) {
      expect(group.properties).toEqual(expectedProperties(group.value));
      expect(group.pickup?.toISOString().slice(0, 10)).toBe('2026-02-09');
    }
  });
});
