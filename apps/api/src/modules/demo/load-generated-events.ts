// Streams generated batches into a project through the same ingest path as the HTTP API. Batches
// go one at a time, in order: an identify in one batch must be committed before the events after
// it are attributed, so parallel batches would attribute some events to no company.
import type { ProjectRecord } from '../projects/project.repository';
import { generateEventBatches, type GeneratorOptions, planGeneration } from './generator/generate-events';

/** What the loader needs from the ingest service (IngestService satisfies it). */
export interface AmplitudeIngester {
  ingestAmplitudeEvents(project: ProjectRecord, events: unknown[]): Promise<{ ingested: number; duplicates: number }>;
  refreshStatistics?(): Promise<void>;
  waitForRollups?(): Promise<void>;
}

export interface LoadProgress {
  events: number;
  estimatedEvents: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface LoadSummary {
  events: number;
  ingested: number;
  duplicates: number;
  seconds: number;
  eventsPerSecond: number;
}

/** The ingest API accepts at most this many events per request. */
const maximumBatchSize = 2000;

export async function loadGeneratedEvents(
  ingester: AmplitudeIngester,
  project: ProjectRecord,
  options: Omit<GeneratorOptions, 'onProgress'>,
  onProgress?: (progress: LoadProgress) => void,
): Promise<LoadSummary> {
  const started = performance.now();
  const estimatedEvents = planGeneration(options).estimatedEvents;
  const summary: LoadSummary = { events: 0, ingested: 0, duplicates: 0, seconds: 0, eventsPerSecond: 0 };
  const batchSize = Math.min(maximumBatchSize, options.batchSize ?? 1000);
  for (const batch of generateEventBatches({ ...options, batchSize })) {
    const result = await ingester.ingestAmplitudeEvents(project, batch);
    summary.events += batch.length;
    summary.ingested += result.ingested;
    summary.duplicates += result.duplicates;
    summary.seconds = (performance.now() - started) / 1000;
    summary.eventsPerSecond = Math.round(summary.events / Math.max(summary.seconds, 1e-3));
    onProgress?.({
      events: summary.events,
      estimatedEvents,
      seconds: summary.seconds,
      eventsPerSecond: summary.eventsPerSecond,
    });
    // The embedded database answers through promises that never wait for I/O: without a macrotask
    // break, a loading server would not answer a single request (health checks included) until done.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The loaded data is only useful once it is in the rollups (folded right behind ingest).
  await ingester.waitForRollups?.();
  // Planner statistics of tables that grew from nothing are stale until autovacuum's next pass;
  // measured on 10k accounts, the Groups page took 23 s before ANALYZE and 16 ms after.
  await ingester.refreshStatistics?.();
  return summary;
}
