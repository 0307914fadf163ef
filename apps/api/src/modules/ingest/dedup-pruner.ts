import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../../database/sql-database';
import type { Logger } from '../../lib/logger';
import { pruneDedupKeys } from './ingest.repository';

/** Dedup keys are kept at least this long (Amplitude promises 7 days; one spare day for late retries). */
export const dedupRetentionDays = 8;
export const dedupPruneSchedule = '17 * * * *';

export function startDedupPruner(database: Database, logger: Logger): ScheduledTask {
  return cron.schedule(
    dedupPruneSchedule,
    async () => {
      try {
        // A day's worth of keys at a busy hour can take a while to delete: the long statement timeout.
        const removed = await database.transaction(
          (transaction) => pruneDedupKeys(transaction, new Date(Date.now() - dedupRetentionDays * 86_400_000)),
          { longRunning: true },
        );
        if (removed) logger.info({ removed }, 'pruned expired ingest dedup keys');
      } catch (error) {
        logger.error({ err: error }, 'pruning ingest dedup keys failed');
      }
    },
    { timezone: 'UTC', name: 'ingest-dedup-prune' },
  );
}
