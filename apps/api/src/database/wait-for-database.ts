// At start, a PostgreSQL server that is not reachable yet (still starting, restarting, or not up
// yet in a compose file) is waited for, with a log line per attempt, instead of the process
// exiting: the orchestrator then sees one process that becomes ready, not a crash loop.
import { isDatabaseUnavailable } from './database-availability';
import { sql } from './sql';
import type { SqlExecutor } from './sql-database';

export interface WaitForDatabaseOptions {
  /** Gives up (rethrows the last error) after this long; 0 waits for ever. */
  maximumMilliseconds: number;
  /** Called before each pause: where, why, and when the next attempt is. */
  onWaiting(attempt: { reason: string; retryInMilliseconds: number }): void;
}

const firstRetryMilliseconds = 500;
const longestRetryMilliseconds = 10_000;

/** The pause before attempt `failures + 1`: 0.5 s doubling up to 10 s. */
export function retryDelayAfter(failures: number): number {
  return Math.min(longestRetryMilliseconds, firstRetryMilliseconds * 2 ** Math.max(0, failures - 1));
}

/** Resolves once `database` answers a statement; errors other than "unreachable" fail at once. */
export async function waitForDatabase(
  database: SqlExecutor,
  options: WaitForDatabaseOptions,
  clock: () => number = Date.now,
): Promise<void> {
  const started = clock();
  for (let failures = 1; ; failures++) {
    try {
      await database.query(sql`SELECT 1`);
      return;
    } catch (error) {
      // Wrong password, unknown database and the like do not fix themselves: say so at once.
      if (!isDatabaseUnavailable(error)) throw error;
      const elapsed = clock() - started;
      const delay = retryDelayAfter(failures);
      if (options.maximumMilliseconds > 0 && elapsed + delay > options.maximumMilliseconds) throw error;
      options.onWaiting({ reason: error instanceof Error ? error.message : String(error), retryInMilliseconds: delay });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
