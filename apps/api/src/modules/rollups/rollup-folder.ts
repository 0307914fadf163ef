// Folds committed events into the rollups, after the ingest transaction that stored them.
//
// Why not in that transaction: every batch of a project updates the same hot rows (a busy group's
// day, its first and last seen, its people's rows), so two concurrent ingest transactions spent
// about half their time waiting on each other's row locks, and deadlocked now and then. Ingest now
// writes only new rows (events, attributions, a queue row) and acknowledges; one fold per project
// at a time then adds everything queued since the last fold to the rollups. Under load a fold
// takes tens of batches at once, so each hot row is updated once for all of them.
//
// Nothing is lost in between: the queue row commits with its events, and a fold deletes it in the
// transaction that adds them to the rollups. A queue left by a crash is folded at the next start.
//
// Reads see every acknowledged event: analytics calls `catchUp(project)` first, which waits for
// the folds of everything committed before the call. Folds of other processes (several servers
// on one database) are picked up by a sweep of the queue every `sweepIntervalMilliseconds`.
import type { Database } from '../../database/sql-database';
import type { Logger } from '../../lib/logger';
import { foldQueuedEvents, listQueuedProjects, pruneRollupChanges, type FoldOutcome } from './fold.repository';
import { withTransactionRetry } from '../../lib/transaction-retry';

export interface RollupFolderOptions {
  /** Queue rows (ingest transactions) one fold takes at most. */
  maximumQueueRowsPerFold: number;
  /**
   * Ingest transactions of a project this process lets wait for a fold before new ones wait too:
   * under more load than the folds keep up with, ingest slows down instead of the rollups falling
   * ever further behind.
   */
  maximumBacklog: number;
  /**
   * How long a fold waits after the first commit it would take. Under load it then takes a few
   * thousand events at once, so each busy group's rows are updated once for all of them rather
   * than once per batch. Reads never wait for it: catchUp folds at once.
   */
  foldDelayMilliseconds: number;
  sweepIntervalMilliseconds: number;
  /** How long the record of which groups a fold changed is kept (caches of figures live 5 s). */
  changeRetentionMilliseconds: number;
  /** First wait before a failed fold is tried again; doubles up to 30 s. */
  retryDelayMilliseconds: number;
  /** Told of every fold's outcome (the server's metrics). */
  observer?: FoldObserver;
}

export interface FoldObserver {
  foldSucceeded(seconds: number, events: number): void;
  foldFailed(): void;
}

const defaultOptions: RollupFolderOptions = {
  maximumQueueRowsPerFold: 100,
  maximumBacklog: 200,
  foldDelayMilliseconds: 250,
  sweepIntervalMilliseconds: 2_000,
  changeRetentionMilliseconds: 120_000,
  retryDelayMilliseconds: 500,
};

const maximumRetryDelayMilliseconds = 30_000;

interface ProjectFolds {
  /** Counts notifications of committed ingest transactions. */
  notified: number;
  /** Every notification up to this count is folded. */
  foldedThrough: number;
  running: Promise<void> | null;
  failures: number;
  retryTimer: NodeJS.Timeout | null;
  delayTimer: NodeJS.Timeout | null;
  /** Fold ids with their times, oldest first, for pruning rollup_change. */
  recentFolds: { foldId: bigint; at: number }[];
  /** Called when the next fold ends, however it ends. */
  foldWaiters: (() => void)[];
}

export interface FoldStatistics {
  folds: number;
  events: number;
}

export class RollupFolder {
  private readonly projects = new Map<number, ProjectFolds>();
  private readonly options: RollupFolderOptions;
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly statistics: FoldStatistics = { folds: 0, events: 0 };

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    options: Partial<RollupFolderOptions> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.options = { ...defaultOptions, ...options };
  }

  /** Folds what an earlier run left queued, then sweeps the queue periodically. */
  start(): void {
    if (this.sweepTimer || this.stopped) return;
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMilliseconds);
    this.sweepTimer.unref();
  }

  /** Called after an ingest transaction of the project committed: folds it soon. */
  notify(projectId: number): void {
    const project = this.stateOf(projectId);
    project.notified++;
    this.schedule(projectId, project);
  }

  /** Resolves at once, unless the project's folds are `maximumBacklog` transactions behind. */
  async throttle(projectId: number): Promise<void> {
    const project = this.projects.get(projectId);
    // A failing fold must not stop ingest: the queue keeps the events until a fold succeeds.
    while (
      project &&
      project.notified - project.foldedThrough >= this.options.maximumBacklog &&
      project.running &&
      project.failures === 0
    ) {
      await new Promise<void>((resolve) => project.foldWaiters.push(resolve));
    }
  }

  /** Resolves once every ingest transaction of the project committed before this call is folded. */
  async catchUp(projectId: number): Promise<void> {
    const project = this.projects.get(projectId);
    if (!project) return;
    const target = project.notified;
    while (project.foldedThrough < target) {
      // A fold that fails rejects here: the reader gets the error rather than stale figures.
      await (project.running ?? this.ensureRunning(projectId));
    }
  }

  /** catchUp for every project this process has seen. */
  async catchUpAll(): Promise<void> {
    for (const projectId of [...this.projects.keys()]) await this.catchUp(projectId);
  }

  /** Stops sweeping and folds what is queued, so a graceful stop leaves an empty queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const project of this.projects.values()) if (project.retryTimer) clearTimeout(project.retryTimer);
    try {
      await this.sweep();
      await this.catchUpAll();
    } catch (error) {
      this.logger.warn({ err: error }, 'folding the queued events at shutdown failed; the next start folds them');
    }
  }

  /** Notes every project with queued events (left by a crash or by another process). */
  async sweep(): Promise<void> {
    let projectIds: number[];
    try {
      projectIds = await listQueuedProjects(this.database);
    } catch (error) {
      this.logger.warn({ err: error }, 'reading the rollup queue failed');
      return;
    }
    for (const projectId of projectIds) {
      const project = this.stateOf(projectId);
      if (project.running || project.foldedThrough < project.notified) continue;
      this.notify(projectId);
    }
  }

  private stateOf(projectId: number): ProjectFolds {
    let project = this.projects.get(projectId);
    if (!project) {
      project = {
        notified: 0,
        foldedThrough: 0,
        running: null,
        failures: 0,
        retryTimer: null,
        delayTimer: null,
        recentFolds: [],
        foldWaiters: [],
      };
      this.projects.set(projectId, project);
    }
    return project;
  }

  private schedule(projectId: number, project: ProjectFolds): void {
    if (project.running || project.delayTimer || this.stopped) return;
    const backlog = project.notified - project.foldedThrough;
    if (backlog >= this.options.maximumBacklog / 2) {
      void this.ensureRunning(projectId);
      return;
    }
    project.delayTimer = setTimeout(() => void this.ensureRunning(projectId), this.options.foldDelayMilliseconds);
    project.delayTimer.unref();
  }

  private ensureRunning(projectId: number): Promise<void> {
    const project = this.stateOf(projectId);
    if (project.delayTimer) clearTimeout(project.delayTimer);
    project.delayTimer = null;
    if (!project.running) {
      const run = this.drain(projectId, project).finally(() => {
        project.running = null;
        // Commits that arrived during the fold: the next one, after the usual delay.
        if (project.failures === 0 && project.foldedThrough < project.notified) this.schedule(projectId, project);
      });
      project.running = run;
      // Background folds report failures through the log and the retry timer, not as unhandled rejections.
      run.catch(() => {});
    }
    return project.running;
  }

  private async drain(projectId: number, project: ProjectFolds): Promise<void> {
    if (project.retryTimer) clearTimeout(project.retryTimer);
    project.retryTimer = null;
    // One pass over what was notified when it began (more folds only while one fold's limit is hit).
    const through = project.notified;
    while (project.foldedThrough < through) {
      // Every transaction notified up to here has committed, so this fold's snapshot sees its queue row.
      let outcome: FoldOutcome;
      const started = performance.now();
      try {
        outcome = await withTransactionRetry(this.logger, () =>
          // Long-running: after a backlog (a restart, an outage) one fold may take a hundred queued
          // batches; under the request timeout it would fail the same way on every retry.
          this.database.transaction(
            (transaction) => foldQueuedEvents(transaction, projectId, this.options.maximumQueueRowsPerFold),
            { longRunning: true },
          ),
        );
      } catch (error) {
        this.options.observer?.foldFailed();
        this.releaseWaiters(project);
        project.failures++;
        const delay = Math.min(
          maximumRetryDelayMilliseconds,
          this.options.retryDelayMilliseconds * 2 ** (project.failures - 1),
        );
        this.logger.error(
          { err: error, projectId, failures: project.failures, retryInMilliseconds: delay },
          'folding queued events into the rollups failed; will retry',
        );
        if (!this.stopped) {
          project.retryTimer = setTimeout(() => void this.ensureRunning(projectId), delay);
          project.retryTimer.unref();
        }
        throw error;
      }
      project.failures = 0;
      if (outcome.foldId !== null) {
        this.options.observer?.foldSucceeded((performance.now() - started) / 1000, outcome.events);
        this.logger.debug(
          {
            projectId,
            foldId: String(outcome.foldId),
            events: outcome.events,
            milliseconds: Math.round(performance.now() - started),
          },
          'folded queued events into the rollups',
        );
        this.statistics.folds++;
        this.statistics.events += outcome.events;
        await this.pruneChanges(projectId, project, outcome.foldId);
      }
      if (!outcome.more) project.foldedThrough = Math.max(project.foldedThrough, through);
      this.releaseWaiters(project);
    }
  }

  private releaseWaiters(project: ProjectFolds): void {
    for (const release of project.foldWaiters.splice(0)) release();
  }

  private async pruneChanges(projectId: number, project: ProjectFolds, foldId: bigint): Promise<void> {
    const now = this.clock();
    project.recentFolds.push({ foldId, at: now });
    let expired: bigint | null = null;
    while (project.recentFolds.length && now - project.recentFolds[0]!.at > this.options.changeRetentionMilliseconds) {
      expired = project.recentFolds.shift()!.foldId;
    }
    if (expired === null) return;
    try {
      await pruneRollupChanges(this.database, projectId, expired);
    } catch (error) {
      this.logger.warn({ err: error, projectId }, 'pruning rollup changes failed; the next fold tries again');
    }
  }
}
