// Group commit: requests for the same project that arrive while its previous transaction is
// running are merged into the next one. Each request is still acknowledged only after the
// transaction holding its events commits, but a burst of small requests (one event each, from many
// clients) costs one transaction instead of hundreds. A project runs at most
// `transactionsPerProject` ingest transactions at once: two keep both of PostgreSQL's cores busy
// (one statement runs on one core) while rows are written in a fixed order so they rarely
// deadlock, and a deadlock is retried.
import { isDatabaseUnavailable } from '../../database/database-availability';
import type { ProjectRecord } from '../projects/project.repository';
import type { NormalizedEvent } from './normalized-event';

/** What one transaction reports, by event index within the batch it was given. */
export interface BatchOutcome {
  duplicateIndexes: Set<number>;
  notes: { index: number | null; message: string }[];
  partiallyRefusedIndexes: Set<number>;
}

export interface RequestOutcome {
  ingested: number;
  duplicates: number;
  warnings: string[];
  partiallyRefused: number[];
}

type RunBatch = (project: ProjectRecord, events: NormalizedEvent[], receivedAt: Date) => Promise<BatchOutcome>;

interface Pending {
  project: ProjectRecord;
  events: NormalizedEvent[];
  receivedAt: Date;
  resolve(outcome: RequestOutcome): void;
  reject(error: unknown): void;
}

/** Merged transactions stop growing past this many events (a single request may be larger). */
export const maximumEventsPerTransaction = 10_000;
export const transactionsPerProject = 2;

export class IngestBatcher {
  private readonly queues = new Map<number, { pending: Pending[]; running: number }>();

  constructor(
    private readonly runBatch: RunBatch,
    private readonly concurrency = transactionsPerProject,
  ) {}

  submit(project: ProjectRecord, events: NormalizedEvent[], receivedAt: Date): Promise<RequestOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(project.id);
      if (!queue) {
        queue = { pending: [], running: 0 };
        this.queues.set(project.id, queue);
      }
      queue.pending.push({ project, events, receivedAt, resolve, reject });
      void this.drain(project.id);
    });
  }

  private async drain(projectId: number): Promise<void> {
    const queue = this.queues.get(projectId);
    if (!queue || queue.running >= this.concurrency || !queue.pending.length) return;
    queue.running++;
    const taken: Pending[] = [];
    let size = 0;
    while (
      queue.pending.length &&
      (taken.length === 0 || size + queue.pending[0]!.events.length <= maximumEventsPerTransaction)
    ) {
      const next = queue.pending.shift()!;
      taken.push(next);
      size += next.events.length;
    }
    try {
      await this.runMerged(taken);
    } catch (error) {
      // One bad request must not fail the others merged with it: run them one by one. Unless the
      // database is unreachable: each would only wait out the same timeouts in turn.
      if (taken.length === 1 || isDatabaseUnavailable(error)) for (const item of taken) item.reject(error);
      else for (const item of taken) await this.runMerged([item]).catch((itemError) => item.reject(itemError));
    } finally {
      queue.running--;
      if (queue.pending.length) void this.drain(projectId);
      else if (queue.running === 0) this.queues.delete(projectId);
    }
  }

  private async runMerged(items: Pending[]): Promise<void> {
    const merged: NormalizedEvent[] = [];
    const owner: { item: number; index: number }[] = [];
    items.forEach((item, itemNumber) => {
      for (const event of item.events) {
        owner.push({ item: itemNumber, index: event.index });
        merged.push({ ...event, index: merged.length });
      }
    });
    const latest = items[items.length - 1]!;
    const outcome = await this.runBatch(latest.project, merged, latest.receivedAt);

    const results: RequestOutcome[] = items.map(() => ({
      ingested: 0,
      duplicates: 0,
      warnings: [],
      partiallyRefused: [],
    }));
    owner.forEach(({ item }, globalIndex) => {
      if (outcome.duplicateIndexes.has(globalIndex)) results[item]!.duplicates++;
      else results[item]!.ingested++;
      if (outcome.partiallyRefusedIndexes.has(globalIndex))
        results[item]!.partiallyRefused.push(owner[globalIndex]!.index);
    });
    for (const note of outcome.notes) {
      if (note.index === null) for (const result of results) result.warnings.push(note.message);
      else results[owner[note.index]!.item]!.warnings.push(`event ${owner[note.index]!.index}: ${note.message}`);
    }
    items.forEach((item, itemNumber) => {
      item.resolve(results[itemNumber]!);
    });
  }
}
