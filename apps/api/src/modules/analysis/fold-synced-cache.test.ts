import { describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../database/sql-database';
import { FoldSyncedCache, foldSyncedLifetimeMilliseconds } from './fold-synced-cache';

interface Scope {
  projectId: number;
  groupTypeId: number;
  /** Days from this one on. */
  fromDay: number;
}

/** A source whose whole reads finish when the test says, counted. */
function controlledSource() {
  const reads: { scope: Scope; finish: () => void }[] = [];
  return {
    reads,
    source: {
      keyOf: (scope: Scope) => JSON.stringify([scope.projectId, scope.groupTypeId]),
      covers: (held: Scope, wanted: Scope) => held.fromDay <= wanted.fromDay,
      widen: (held: Scope, wanted: Scope) => ({ ...wanted, fromDay: Math.min(held.fromDay, wanted.fromDay) }),
      read: (_client: SqlExecutor, scope: Scope) =>
        new Promise<Map<bigint, number>>((resolve) => {
          reads.push({ scope, finish: () => resolve(new Map([[1n, scope.fromDay]])) });
        }),
      sizeOf: () => 8,
    },
  };
}

// Whole reads only: callers ask at the fold the entry was read at, so no change is read (no SQL).
const noClient = {} as SqlExecutor;
const scope = (fromDay: number): Scope => ({ projectId: 1, groupTypeId: 2, fromDay });

describe('FoldSyncedCache', () => {
  it('shares a whole read under way with callers whose scope it covers, and widens for the others', async () => {
    const { reads, source } = controlledSource();
    const cache = new FoldSyncedCache(source, { maximumBytes: 1_000_000 });
    const preload = cache.read(noClient, scope(10), 5n);
    await Promise.resolve();
    const covered = cache.read(noClient, scope(20), 5n);
    const earlier = cache.read(noClient, scope(3), 5n);
    await Promise.resolve();
    // The covered caller waits for the read under way; the earlier one reads the union at once.
    expect(reads.map((read) => read.scope.fromDay)).toEqual([10, 3]);
    reads[0]!.finish();
    reads[1]!.finish();
    expect((await preload).scope.fromDay).toBe(10);
    expect((await covered).byGroup.get(1n)).toBeGreaterThanOrEqual(3);
    expect((await earlier).scope.fromDay).toBe(3);
    expect(reads).toHaveLength(2);
  });

  it('keeps an entry while it is used, and drops it once idle for the lifetime', async () => {
    const { reads, source } = controlledSource();
    let now = 0;
    const cache = new FoldSyncedCache(source, { maximumBytes: 1_000_000, clock: () => now });
    const first = cache.read(noClient, scope(10), 5n);
    await Promise.resolve();
    reads[0]!.finish();
    await first;
    for (let minute = 1; minute <= (3 * foldSyncedLifetimeMilliseconds) / 60_000; minute += 1) {
      now = minute * 60_000;
      await cache.read(noClient, scope(10), 5n);
    }
    expect(reads).toHaveLength(1);
    now += foldSyncedLifetimeMilliseconds;
    const again = cache.read(noClient, scope(10), 5n);
    await Promise.resolve();
    expect(reads).toHaveLength(2);
    reads[1]!.finish();
    await again;
  });
});
