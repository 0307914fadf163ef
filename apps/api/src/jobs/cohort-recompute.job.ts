// Keeps behavioural cohorts current: every hour (UTC) each one is recomputed as of the time the run
// was due, project by project; a cohort that fails is logged and keeps its error, the others go on
// (CohortService.recomputeAll).
import type { CohortService } from '../modules/cohorts/cohort.service';
import type { ScheduledJob } from './scheduler';

/** At minute 20 of every hour: away from the top of the hour, where daily jobs run. */
export const cohortRecomputeSchedule = '20 * * * *';

export function createCohortRecomputeJob(cohorts: Pick<CohortService, 'recomputeAll'>): ScheduledJob {
  return {
    name: 'cohort-recompute',
    expression: cohortRecomputeSchedule,
    run: (dueAt) => cohorts.recomputeAll(dueAt),
  };
}
