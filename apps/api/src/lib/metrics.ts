// Prometheus metrics of one server (GET /metrics). Each server owns its registry, not prom-client's
// global one: tests and tools start several servers in one process, and their figures must not mix.
// The domain never imports prom-client: modules report through the small observer interfaces they
// declare (IngestObserver, FoldObserver), and gauges that describe state (pool, queue, caches) are
// read when Prometheus scrapes, so nothing is counted twice or kept in two places.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Hits and misses of one cache since the process started (TimeBoundCache keeps them). */
export interface CacheLookups {
  hits: number;
  misses: number;
}

export interface PoolUsage {
  total: number;
  idle: number;
  waiting: number;
}

export interface RollupQueueState {
  /** Ingest transactions waiting to be folded, their events, and the age of the oldest (seconds, 0 when empty). */
  transactions: number;
  events: number;
  oldestAgeSeconds: number;
}

// Latencies of ingest (a few ms) and of analytics reads (up to seconds) on one scale.
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'route' | 'method' | 'status'>;
  private readonly ingestEvents: Counter<'api' | 'outcome'>;
  private readonly ingestRefusals: Counter<'api' | 'reason'>;
  private readonly foldDuration: Histogram;
  private readonly foldedEvents: Counter;
  private readonly foldFailures: Counter;
  private readonly cacheSources: (() => Record<string, CacheLookups>)[] = [];
  private poolSource: (() => PoolUsage | null) | null = null;
  private queueSource: (() => Promise<RollupQueueState>) | null = null;
  private queue: RollupQueueState | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'leadmaps_' });
    this.requestDuration = new Histogram({
      name: 'leadmaps_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status code',
      labelNames: ['route', 'method', 'status'],
      buckets: latencyBuckets,
      registers: [this.registry],
    });
    this.ingestEvents = new Counter({
      name: 'leadmaps_ingest_events_total',
      help: 'Events and calls acknowledged by ingest, by API and outcome (stored, duplicate)',
      labelNames: ['api', 'outcome'],
      registers: [this.registry],
    });
    this.ingestRefusals = new Counter({
      name: 'leadmaps_ingest_refusals_total',
      help: 'Events and calls refused by ingest, by API and reason',
      labelNames: ['api', 'reason'],
      registers: [this.registry],
    });
    this.foldDuration = new Histogram({
      name: 'leadmaps_rollup_fold_duration_seconds',
      help: 'Duration of successful folds of queued events into the rollups',
      buckets: latencyBuckets,
      registers: [this.registry],
    });
    this.foldedEvents = new Counter({
      name: 'leadmaps_rollup_folded_events_total',
      help: 'Events added to the rollups by folds',
      registers: [this.registry],
    });
    this.foldFailures = new Counter({
      name: 'leadmaps_rollup_fold_failures_total',
      help: 'Folds that failed (they are retried with backoff)',
      registers: [this.registry],
    });
    this.defineScrapedGauges();
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requestDuration.observe({ route, method, status: String(status) }, seconds);
  }

  ingestAccepted(api: string, stored: number, duplicates: number): void {
    if (stored) this.ingestEvents.inc({ api, outcome: 'stored' }, stored);
    if (duplicates) this.ingestEvents.inc({ api, outcome: 'duplicate' }, duplicates);
  }

  ingestRefused(api: string, reason: string, count = 1): void {
    this.ingestRefusals.inc({ api, reason }, count);
  }

  foldSucceeded(seconds: number, events: number): void {
    this.foldDuration.observe(seconds);
    this.foldedEvents.inc(events);
  }

  foldFailed(): void {
    this.foldFailures.inc();
  }

  /** Caches whose hits and misses are read at each scrape, by name. */
  watchCaches(source: () => Record<string, CacheLookups>): void {
    this.cacheSources.push(source);
  }

  /** The database pool's connections (null: no pool, the embedded database). */
  watchPool(source: () => PoolUsage | null): void {
    this.poolSource = source;
  }

  watchRollupQueue(source: () => Promise<RollupQueueState>): void {
    this.queueSource = source;
  }

  /** The text Prometheus scrapes. The queue is read once per scrape (one statement), before the gauges. */
  async render(): Promise<{ contentType: string; body: string }> {
    if (this.queueSource) {
      try {
        this.queue = await this.queueSource();
      } catch {
        // The database is unreachable: the queue gauges are left out rather than failing the scrape.
        this.queue = null;
      }
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private defineScrapedGauges(): void {
    const metrics = this;
    const cacheLookups = (outcome: keyof CacheLookups) =>
      new Counter({
        name: `leadmaps_cache_${outcome}_total`,
        help: `Lookups of in-memory caches that ${outcome === 'hits' ? 'found' : 'missed'} an entry, by cache`,
        labelNames: ['cache'],
        registers: [this.registry],
        collect() {
          // Read from the caches' own tallies: set (reset + inc) rather than counted twice.
          this.reset();
          for (const source of metrics.cacheSources)
            for (const [cache, lookups] of Object.entries(source())) this.inc({ cache }, lookups[outcome]);
        },
      });
    cacheLookups('hits');
    cacheLookups('misses');
    new Gauge({
      name: 'leadmaps_database_pool_connections',
      help: 'Connections of the PostgreSQL pool by state (total, idle, waiting requests); absent on PGlite',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const usage = metrics.poolSource?.();
        this.reset();
        if (!usage) return;
        for (const [state, value] of Object.entries(usage)) this.set({ state }, value);
      },
    });
    const queueGauge = (name: string, help: string, field: keyof RollupQueueState) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          if (metrics.queue) this.set(metrics.queue[field]);
        },
      });
    queueGauge(
      'leadmaps_rollup_queue_transactions',
      'Committed ingest transactions not yet folded into the rollups',
      'transactions',
    );
    queueGauge('leadmaps_rollup_queue_events', 'Committed events not yet folded into the rollups', 'events');
    queueGauge(
      'leadmaps_rollup_fold_lag_seconds',
      'Age of the oldest committed ingest transaction not yet folded into the rollups (0 when none waits)',
      'oldestAgeSeconds',
    );
  }
}
