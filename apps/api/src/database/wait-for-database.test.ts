import { describe, expect, it } from 'vitest';
import type { Sql } from './sql';
import type { SqlExecutor } from './sql-database';
import { retryDelayAfter, waitForDatabase } from './wait-for-database';

/** An executor whose first `failures` statements fail with `error`. */
function failingExecutor(failures: number, error: Error): SqlExecutor & { calls: number } {
  const executor = {
    calls: 0,
    async query<Row>(_statement: Sql): Promise<Row[]> {
      executor.calls++;
      if (executor.calls <= failures) throw error;
      return [];
    },
    async execute() {
      return 0;
    },
  };
  return executor;
}

describe('waitForDatabase', () => {
  it('backs off from half a second up to ten', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayAfter)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('retries an unreachable database, saying so each time, until it answers', async () => {
    const executor = failingExecutor(2, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const waits: number[] = [];
    await waitForDatabase(executor, {
      maximumMilliseconds: 0,
      onWaiting: (attempt) => waits.push(attempt.retryInMilliseconds),
    });
    expect(executor.calls).toBe(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('fails at once on an error that waiting does not fix', async () => {
    const executor = failingExecutor(5, Object.assign(new Error('password authentication failed'), { code: '28P01' }));
    await expect(waitForDatabase(executor, { maximumMilliseconds: 0, onWaiting: () => {} })).rejects.toThrow(
      /password/,
    );
    expect(executor.calls).toBe(1);
  });

  it('gives up after the maximum wait', async () => {
    const executor = failingExecutor(100, Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    await expect(waitForDatabase(executor, { maximumMilliseconds: 1_200, onWaiting: () => {} })).rejects.toThrow(
      /refused/,
    );
    expect(executor.calls).toBe(2);
  });
});
