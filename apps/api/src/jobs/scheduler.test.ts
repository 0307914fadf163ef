import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../lib/logger';
import { createSalesforceHourlySyncJob, createSalesforceSyncJob, salesforceSyncSchedule } from './salesforce-sync.job';
import { JobScheduler } from './scheduler';

// node-cron reads the time through Date and waits with setTimeout: vitest's fake timers are the
// injectable clock, so a day passes in milliseconds.
describe('JobScheduler with the Salesforce sync job', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires the daily job at the configured hour UTC, once a day', async () => {
    vi.setSystemTime(new Date('2026-08-31T23:59:00Z'));
    const firedAt: Date[] = [];
    const scheduler = new JobScheduler(
      [
        createSalesforceSyncJob(
          {
            runDueSyncs: async (dueAt) => {
              firedAt.push(dueAt);
              return [];
            },
          },
          6,
        ),
      ],
      createLogger('silent'),
    );
    scheduler.start();

    await vi.advanceTimersByTimeAsync(6 * 60 * 60_000); // 05:59
    expect(firedAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * 60_000); // 06:01
    expect(firedAt.map((date) => date.toISOString())).toEqual(['2026-09-01T06:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(firedAt.map((date) => date.toISOString())).toEqual(['2026-09-01T06:00:00.000Z', '2026-09-02T06:00:00.000Z']);

    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(48 * 60 * 60_000);
    expect(firedAt).toHaveLength(2);
  });

  it('keeps the schedule after a failing run and honours another hour', async () => {
    vi.setSystemTime(new Date('2026-01-31T00:00:00Z'));
    const calls: string[] = [];
    const scheduler = new JobScheduler(
      [
        createSalesforceSyncJob(
          {
            runDueSyncs: async (dueAt) => {
              calls.push(dueAt.toISOString());
              throw new Error('Salesforce down');
            },
          },
          8,
        ),
      ],
      createLogger('silent'),
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * 24 * 60 * 60_000);
    expect(calls).toEqual(['2026-01-31T08:00:00.000Z', '2026-02-01T08:00:00.000Z']);
    await scheduler.stop();
  });

  it('fires the hourly job every hour but the daily job’s, for hourly projects only', async () => {
    vi.setSystemTime(new Date('2026-09-01T03:30:00Z'));
    const calls: string[] = [];
    const record = (kind: string) => ({
      runDueSyncs: async (dueAt: Date, options?: { hourlyOnly?: boolean }) => {
        calls.push(`${kind} ${dueAt.toISOString().slice(11, 16)}${options?.hourlyOnly ? ' hourly only' : ''}`);
        return [];
      },
    });
    const scheduler = new JobScheduler(
      [createSalesforceSyncJob(record('daily'), 6), createSalesforceHourlySyncJob(record('hourly'), 6)],
      createLogger('silent'),
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4 * 60 * 60_000 + 60_000); // 07:31
    expect(calls).toEqual([
      'hourly 04:00 hourly only',
      'hourly 05:00 hourly only',
      'daily 06:00',
      'hourly 07:00 hourly only',
    ]);
    await scheduler.stop();
  });

  it('validates the hour', () => {
    expect(salesforceSyncSchedule(6)).toBe('0 6 * * *');
    expect(() => salesforceSyncSchedule(24)).toThrow(RangeError);
  });
});
