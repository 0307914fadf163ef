// A time-zone change moves every day boundary, so every rollup is recomputed. It runs in the
// background, in ONE transaction that stores the new zone, rebuilds the rollups and writes the
// audit row: until it commits, every reader sees the old zone with the old rollups (figures stay
// consistent and available), and an interruption (a crash, a stop) leaves the old ones whole.
//
// Progress and the last outcome are kept in this process's memory: the server that runs the
// rebuild is the one that reports it. On the embedded database (PGlite, one connection) readers
// queue behind the rebuild's transaction instead of reading the old rollups beside it.
import type { Database } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import type { Logger } from '../../lib/logger';
import { recordSettingsChange, type AuditActor } from '../audit/audit-log.repository';
import type { GroupAnalyticsService } from '../analytics/group-analytics.service';
import { lockSettingsForChange, saveTimeZone } from '../projects/project-settings.repository';
import { assertValidTimeZone, type ProjectService } from '../projects/project.service';
import { lockRollups } from '../rollups/rollup-lock';
import { rebuildRollups, rebuildSteps, type RebuildStep } from '../rollups/rebuild.repository';

export type RebuildState = 'running' | 'finished' | 'failed';

export interface TimeZoneChange {
  state: RebuildState;
  fromTimeZone: string | null;
  toTimeZone: string;
  /** The step running (or the last one reached), one of rebuildSteps. */
  step: RebuildStep | 'waiting' | 'committing' | 'done';
  /** Steps done out of totalSteps (the rebuild's steps and the commit). */
  completedSteps: number;
  totalSteps: number;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

const totalSteps = rebuildSteps.length + 1;

export class TimeZoneChangeService {
  private readonly changes = new Map<number, TimeZoneChange>();
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly database: Database,
    private readonly projects: ProjectService,
    private readonly analytics: GroupAnalyticsService,
    private readonly logger: Logger,
  ) {}

  /** Starts the change and returns at once; CONFLICT while another change of the project runs. */
  start(projectId: number, timeZone: string, actor: AuditActor): TimeZoneChange {
    const zone = timeZone.trim();
    assertValidTimeZone(zone);
    if (this.running.has(projectId)) {
      throw new DomainError(
        'CONFLICT',
        'A time-zone change is already rebuilding this project’s figures; wait until it finishes.',
      );
    }
    const change: TimeZoneChange = {
      state: 'running',
      fromTimeZone: null,
      toTimeZone: zone,
      step: 'waiting',
      completedSteps: 0,
      totalSteps,
      startedAt: new Date(),
      finishedAt: null,
      error: null,
    };
    this.changes.set(projectId, change);
    const run = this.run(projectId, change, actor).finally(() => this.running.delete(projectId));
    this.running.set(projectId, run);
    return { ...change };
  }

  /** The running or last change of the project in this process, or null. */
  status(projectId: number): TimeZoneChange | null {
    const change = this.changes.get(projectId);
    return change ? { ...change } : null;
  }

  /** Resolves when the project's running change (if any) has ended, however it ended. */
  async settled(projectId: number): Promise<void> {
    await this.running.get(projectId);
  }

  /** Waits for every running change: a graceful stop lets them commit. */
  async stop(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  private async run(projectId: number, change: TimeZoneChange, actor: AuditActor): Promise<void> {
    const started = performance.now();
    try {
      await this.database.transaction(
        async (transaction) => {
          // The project row first, then the rollup lock: the order every settings change takes them.
          const before = await lockSettingsForChange(transaction, projectId);
          change.fromTimeZone = before.timeZone;
          await lockRollups(transaction, projectId);
          await saveTimeZone(transaction, projectId, change.toTimeZone);
          await rebuildRollups(transaction, projectId, (step) => {
            change.step = step;
            change.completedSteps = rebuildSteps.indexOf(step);
          });
          await recordSettingsChange(transaction, projectId, {
            actor,
            action: 'project.time_zone',
            before: before.timeZone,
            after: change.toTimeZone,
          });
          change.step = 'committing';
          change.completedSteps = rebuildSteps.length;
        },
        { longRunning: true },
      );
      change.state = 'finished';
      change.step = 'done';
      change.completedSteps = totalSteps;
      this.logger.info(
        { projectId, timeZone: change.toTimeZone, seconds: (performance.now() - started) / 1000 },
        'time zone changed and rollups rebuilt',
      );
    } catch (error) {
      change.state = 'failed';
      change.error =
        error instanceof DomainError
          ? error.message
          : 'The rebuild failed and nothing was changed; the figures still use the old time zone. Try again, or see the server log.';
      this.logger.error({ err: error, projectId }, 'time zone change failed; the old zone and rollups stay');
    } finally {
      change.finishedAt = new Date();
      this.projects.forgetCachedSettings(projectId);
      this.analytics.forgetCachedPages(projectId);
    }
  }
}
