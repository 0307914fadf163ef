// Runs the process's cron jobs (node-cron, UTC). Each job is a named schedule and a function of
// the time it was due; a failing run is logged and never stops the schedule. Jobs run in the one
// process started with LEADMAPS_SCHEDULER=true, so a deployment runs them once.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../lib/logger';

export interface ScheduledJob {
  name: string;
  /** A cron expression in UTC (minute hour day-of-month month day-of-week). */
  expression: string;
  run(dueAt: Date): Promise<unknown>;
}

// A daily job must not be skipped because the event loop was busy for a second at the due time.
const missedExecutionToleranceMilliseconds = 15 * 60_000;

export class JobScheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly executions = new Set<Promise<void>>();

  constructor(
    private readonly jobs: ScheduledJob[],
    private readonly logger: Logger,
  ) {
    for (const job of jobs) {
      if (!cron.validate(job.expression))
        throw new Error(`Job "${job.name}" has an invalid cron expression: ${job.expression}`);
    }
  }

  get started(): boolean {
    return this.tasks.length > 0;
  }

  start(): void {
    if (this.started) return;
    for (const job of this.jobs) {
      const task = cron.schedule(job.expression, (context) => this.execute(job, context.date), {
        name: job.name,
        timezone: 'UTC',
        noOverlap: true,
        missedExecutionTolerance: missedExecutionToleranceMilliseconds,
      });
      this.tasks.push(task);
    }
    this.logger.info({ jobs: this.jobs.map((job) => `${job.name} (${job.expression} UTC)`) }, 'scheduler started');
  }

  /** Stops the schedules and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.destroy();
    await Promise.allSettled([...this.executions]);
  }

  private execute(job: ScheduledJob, dueAt: Date): Promise<void> {
    const execution = (async () => {
      const startedAt = Date.now();
      try {
        await job.run(dueAt);
        this.logger.info({ job: job.name, dueAt, milliseconds: Date.now() - startedAt }, 'scheduled job finished');
      } catch (error) {
        this.logger.error({ job: job.name, dueAt, err: error }, 'scheduled job failed');
      }
    })();
    this.executions.add(execution);
    void execution.finally(() => this.executions.delete(execution));
    return execution;
  }
}
