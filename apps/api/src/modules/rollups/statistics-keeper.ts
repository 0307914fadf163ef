// Keeps the planner's statistics of the ingest tables in step with their growth. Every ingest
// statement is planned from those statistics; while they describe tables far smaller than the
// real ones, PostgreSQL reads a project's people and groups whole instead of by key (measured:
// loading 1M events with 230k people, ingest fell from 5,000 to 2,400 events/s on a server
// without autovacuum, and went back to 8,000 once ANALYZE had run). Autovacuum takes care of
// this on a normally configured server, but not within its first minute on a fresh database, not
// where it is switched off, and never in the embedded PGlite, which has no background workers.
// So ingest runs ANALYZE itself, in the background, whenever the events written since the last
// one reach half of those there were then: a handful of times while a database grows from
// nothing, then rarely.

export interface StatisticsKeeperOptions {
  /** The first ANALYZE runs after this many events. */
  minimumEvents: number;
  /** Later ones run when the events written since the last reach this share of those before it. */
  growthRatio: number;
}

const defaultOptions: StatisticsKeeperOptions = { minimumEvents: 5_000, growthRatio: 0.5 };

export class StatisticsKeeper {
  private eventsAtLastAnalyze: number | null = null;
  private eventsSinceLastAnalyze = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly analyze: () => Promise<void>,
    /** Events already stored when the process starts (the planner's estimate is enough). */
    private readonly countStoredEvents: () => Promise<number>,
    private readonly onError: (error: unknown) => void,
    private readonly options: StatisticsKeeperOptions = defaultOptions,
  ) {}

  /** Called after a transaction committed `events` events. Never waits for the ANALYZE it starts. */
  recordCommitted(events: number): void {
    this.eventsSinceLastAnalyze += events;
    if (this.running) return;
    // The common case, decided without starting any asynchronous work.
    if (this.eventsAtLastAnalyze !== null && this.eventsSinceLastAnalyze < this.threshold(this.eventsAtLastAnalyze))
      return;
    this.running = this.analyzeIfGrown().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no ANALYZE is running (before the database closes). */
  async idle(): Promise<void> {
    await this.running;
  }

  private threshold(eventsAtLastAnalyze: number): number {
    return Math.max(this.options.minimumEvents, this.options.growthRatio * eventsAtLastAnalyze);
  }

  private async analyzeIfGrown(): Promise<void> {
    try {
      this.eventsAtLastAnalyze ??= await this.countStoredEvents();
      if (this.eventsSinceLastAnalyze < this.threshold(this.eventsAtLastAnalyze)) return;
      const written = this.eventsSinceLastAnalyze;
      await this.analyze();
      this.eventsAtLastAnalyze += written;
      this.eventsSinceLastAnalyze -= written;
    } catch (error) {
      // Try again only after as much growth again, rather than after every commit.
      this.eventsSinceLastAnalyze = 0;
      this.onError(error);
    }
  }
}
