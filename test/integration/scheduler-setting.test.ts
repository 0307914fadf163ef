// LEADMAPS_SCHEDULER as the README documents it: `false` (API-only replicas) schedules no cron
// job at all; `true` schedules the Salesforce sync daily at LEADMAPS_SALESFORCE_SYNC_HOUR UTC
// (default 6) and the ingest dedup pruning. node-cron keeps every scheduled task in one registry
// per process, which is what is read here; each test file runs in its own process.
import { getTasks } from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

const hour = 60 * 60_000;

function scheduled() {
  return [...getTasks().values()]
    .filter((task) => task.getStatus() !== 'destroyed' && task.getStatus() !== 'stopped')
    .map((task) => ({ name: task.name, pattern: task.getPattern(), nextRun: task.getNextRun() }))
    .sort((left, right) => String(left.name).localeCompare(String(right.name)));
}

describe('LEADMAPS_SCHEDULER', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('false: no cron job is scheduled in this process', async () => {
    server = await startTestServer({ LEADMAPS_SCHEDULER: 'false' });
    expect(server.services.scheduler.started).toBe(false);
    expect(scheduled()).toEqual([]);
  });

  it('true: the Salesforce sync runs daily at 06:00 UTC by default, beside the dedup pruning, the cohort recompute and the dynamic properties', async () => {
    server = await startTestServer({ LEADMAPS_SCHEDULER: 'true' });
    const tasks = scheduled();
    expect(tasks.map((task) => [task.name, task.pattern])).toEqual([
      ['cohort-recompute', '20 * * * *'],
      ['dynamic-properties', '7 * * * *'],
      ['ingest-dedup-prune', '17 * * * *'],
      ['salesforce-sync', '0 6 * * *'],
      ['salesforce-sync-hourly', '0 * * * *'],
    ]);
    const nextSync = tasks.find((task) => task.name === 'salesforce-sync')!.nextRun!;
    expect(nextSync.toISOString()).toMatch(/T06:00:00\.000Z$/);
    expect(nextSync.getTime() - Date.now()).toBeGreaterThan(0);
    expect(nextSync.getTime() - Date.now()).toBeLessThanOrEqual(24 * hour);
    await server.stop();
    server = undefined;
    // Stopping the server ends its schedules.
    expect(scheduled()).toEqual([]);
  });

  it('true with LEADMAPS_SALESFORCE_SYNC_HOUR=8: the sync moves to 08:00 UTC', async () => {
    server = await startTestServer({ LEADMAPS_SCHEDULER: 'true', LEADMAPS_SALESFORCE_SYNC_HOUR: '8' });
    const sync = scheduled().find((task) => task.name === 'salesforce-sync')!;
    expect(sync.pattern).toBe('0 8 * * *');
    expect(sync.nextRun!.toISOString()).toMatch(/T08:00:00\.000Z$/);
  });
});
