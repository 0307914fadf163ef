// Keeps dynamic group properties current. Projects have their own time zones, so the job runs
// every hour and computes the properties whose period has moved since their last success: a
// rolling window shortly after each local midnight, a week or month once per interval.
import type { DynamicPropertyService } from '../modules/dynamic-properties/dynamic-property.service';
import type { ScheduledJob } from './scheduler';

/** Minute 7 of every hour (UTC), away from the top of the hour when other work piles up. */
export const dynamicPropertiesSchedule = '7 * * * *';

export function createDynamicPropertiesJob(service: Pick<DynamicPropertyService, 'computeDue'>): ScheduledJob {
  return {
    name: 'dynamic-properties',
    expression: dynamicPropertiesSchedule,
    run: (dueAt) => service.computeDue(dueAt),
  };
}
