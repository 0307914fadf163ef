import { describe, expect, it } from 'vitest';
import type { ProjectRecord } from '../projects/project.repository';
import { IngestBatcher, type BatchOutcome } from './ingest-batcher';
import type { NormalizedEvent } from './normalized-event';

const project = { id: 1 } as ProjectRecord;
const events = (count: number, tag: string) =>
  Array.from(
    { length: count },
    (_, index) => ({ index, eventType: tag, dedupKey: `${tag}-${index}` }) as unknown as NormalizedEvent,
  );

describe('IngestBatcher (group commit)', () => {
  it('merges requests that arrive while a transaction runs, and answers each with its own indexes', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const firstRunning = new Promise<void>((resolve) => (release = resolve));
    const batcher = new IngestBatcher(async (_project, merged): Promise<BatchOutcome> => {
      batches.push(merged.map((event) => event.eventType));
      if (batches.length === 1) await firstRunning;
      const last = merged.length - 1;
      return {
        duplicateIndexes: new Set([last]),
        notes: [{ index: last, message: 'note' }],
        partiallyRefusedIndexes: new Set([0]),
      };
    }, 1);
    const first = batcher.submit(project, events(1, 'a'), new Date());
    const second = batcher.submit(project, events(2, 'b'), new Date());
    const third = batcher.submit(project, events(3, 'c'), new Date());
    release();
    const [one, two, three] = await Promise.all([first, second, third]);
    expect(batches).toEqual([['a'], ['b', 'b', 'c', 'c', 'c']]);
    expect(one).toEqual({ ingested: 0, duplicates: 1, warnings: ['event 0: note'], partiallyRefused: [0] });
    expect(two).toEqual({ ingested: 2, duplicates: 0, warnings: [], partiallyRefused: [0] });
    expect(three).toEqual({ ingested: 2, duplicates: 1, warnings: ['event 2: note'], partiallyRefused: [] });
  });

  it('isolates a failing request from the others merged with it', async () => {
    let release!: () => void;
    const firstRunning = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const batcher = new IngestBatcher(async (_project, merged): Promise<BatchOutcome> => {
      calls++;
      if (calls === 1) await firstRunning;
      if (merged.some((event) => event.eventType === 'poison')) throw new Error('cannot store');
      return { duplicateIndexes: new Set(), notes: [], partiallyRefusedIndexes: new Set() };
    }, 1);
    const first = batcher.submit(project, events(1, 'a'), new Date());
    const good = batcher.submit(project, events(2, 'good'), new Date());
    const poison = batcher.submit(project, events(1, 'poison'), new Date());
    release();
    await first;
    await expect(good).resolves.toMatchObject({ ingested: 2 });
    await expect(poison).rejects.toThrow('cannot store');
  });

  it('fails every merged request at once when the database is unreachable, without running each alone', async () => {
    let release!: () => void;
    const firstRunning = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const batcher = new IngestBatcher(async (): Promise<BatchOutcome> => {
      calls++;
      if (calls === 1) {
        await firstRunning;
        return { duplicateIndexes: new Set(), notes: [], partiallyRefusedIndexes: new Set() };
      }
      throw new Error('Connection terminated unexpectedly');
    }, 1);
    const first = batcher.submit(project, events(1, 'a'), new Date());
    const merged = [
      batcher.submit(project, events(1, 'b'), new Date()),
      batcher.submit(project, events(1, 'c'), new Date()),
    ];
    release();
    await first;
    for (const request of merged) await expect(request).rejects.toThrow('Connection terminated');
    expect(calls).toBe(2);
  });

  it('runs up to the given number of transactions of one project at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = new IngestBatcher(async (): Promise<BatchOutcome> => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return { duplicateIndexes: new Set(), notes: [], partiallyRefusedIndexes: new Set() };
    }, 2);
    await Promise.all(
      Array.from({ length: 6 }, (_, index) => batcher.submit(project, events(1, `r${index}`), new Date())),
    );
    expect(most).toBe(2);
  });
});
