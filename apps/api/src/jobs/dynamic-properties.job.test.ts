import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../lib/logger';
import { createDynamicPropertiesJob } from './dynamic-properties.job';
import { JobScheduler } from './scheduler';

// Fake timers are node-cron's clock here, so a day of hourly runs passes in milliseconds.
describe('the dynamic properties job', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at minute 7 of every hour and keeps going after a failing run', async () => {
    vi.setSystemTime(new Date('2026-10-25T13:00:00Z'));
    const dueTimes: string[] = [];
    const scheduler = new JobScheduler(
      [
        createDynamicPropertiesJob({
          computeDue: async (dueAt) => {
            dueTimes.push(dueAt.toISOString());
            if (dueTimes.length === 1) throw new Error('database down');
            return { computed: 0, failed: 0 };
          },
        }),
      ],
      createLogger('silent'),
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 60 * 60_000);
    expect(dueTimes).toEqual(['2026-10-25T13:07:00.000Z', '2026-10-25T14:07:00.000Z', '2026-10-25T15:07:00.000Z']);
    await scheduler.stop();
  });
});
