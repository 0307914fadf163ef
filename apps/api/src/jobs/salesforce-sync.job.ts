// The Salesforce sync's daily job: at the configured hour (UTC) it updates every group whose
// pickup date has arrived, project by project.
import type { SalesforceSyncRunService } from '../modules/salesforce/salesforce-sync-run.service';
import type { ScheduledJob } from './scheduler';

export const defaultSalesforceSyncHourUtc = 6;

export function salesforceSyncSchedule(hourUtc: number): string {
  if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23)
    throw new RangeError(`The sync hour must be 0–23, got ${hourUtc}`);
  return `0 ${hourUtc} * * *`;
}

/**
 * The hourly job, for projects synced hourly. It skips the daily job's hour, whose run already
 * covers them: two runs in the same minute would update every hourly group twice.
 */
export function createSalesforceHourlySyncJob(
  runs: Pick<SalesforceSyncRunService, 'runDueSyncs'>,
  dailyHourUtc: number,
): ScheduledJob {
  salesforceSyncSchedule(dailyHourUtc);
  return {
    name: 'salesforce-sync-hourly',
    expression: '0 * * * *',
    run: async (dueAt) => {
      if (dueAt.getUTCHours() === dailyHourUtc) return [];
      return runs.runDueSyncs(dueAt, { hourlyOnly: true });
    },
  };
}

export function createSalesforceSyncJob(
  runs: Pick<SalesforceSyncRunService, 'runDueSyncs'>,
  hourUtc: number,
): ScheduledJob {
  return {
    name: 'salesforce-sync',
    expression: salesforceSyncSchedule(hourUtc),
    run: (dueAt) => runs.runDueSyncs(dueAt),
  };
}
