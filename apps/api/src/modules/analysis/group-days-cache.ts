// Keeps a range's rollup rows (events per group and day, of any event or of one event type) in
// memory between requests counted by groups (segmentation, retention). Reading them is most of such
// a chart's cost (at 10k accounts and 90 days, ~0.5–0.9M rows, more than 100 ms to read and
// aggregate in PostgreSQL); after new events only the groups that the folds since changed are read
// again (fold-synced-cache.ts), so a chart right after fresh data costs a few milliseconds here.
import { rangeLength } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { FoldSyncedCache, foldSyncedLifetimeMilliseconds } from './fold-synced-cache';
import { buildGroupDaysSql, type GroupDayRow, type GroupDaysScope } from './queries/group-days.query';

export const groupDaysLifetimeMilliseconds = foldSyncedLifetimeMilliseconds;
const maximumBytes = 256 * 1024 * 1024;

export interface GroupDays {
  /** Events per day of the range (index 0 is range.from), for each group with at least one. */
  readonly eventsByGroup: ReadonlyMap<bigint, Int32Array>;
  readonly days: number;
}

async function readGroupDays(
  client: SqlExecutor,
  scope: GroupDaysScope,
  groupIds: readonly bigint[] | null,
): Promise<Map<bigint, Int32Array>> {
  const days = rangeLength(scope.range);
  const rows = await client.query<GroupDayRow>(buildGroupDaysSql(scope, groupIds));
  const eventsByGroup = new Map<bigint, Int32Array>();
  for (const row of rows) {
    let events = eventsByGroup.get(row.groupId);
    if (!events) {
      events = new Int32Array(days);
      eventsByGroup.set(row.groupId, events);
    }
    events[row.dayIndex] = row.events;
  }
  return eventsByGroup;
}

export class GroupDaysCache {
  private readonly cache: FoldSyncedCache<GroupDaysScope, Int32Array>;

  constructor(lifetimeMilliseconds = groupDaysLifetimeMilliseconds, clock: () => number = Date.now) {
    this.cache = new FoldSyncedCache(
      {
        keyOf: (scope) =>
          JSON.stringify([scope.projectId, scope.groupTypeId, scope.eventType, scope.range.from, scope.range.to]),
        read: readGroupDays,
        sizeOf: (events) => events.byteLength,
      },
      { maximumBytes, lifetimeMilliseconds, clock },
    );
  }

  get lookups() {
    return this.cache.lookups;
  }

  /**
   * The rows of `scope`, current as of `lastFoldId` (read by the caller before this call, after
   * catching the rollups up). The result is shared: read it before the next await, never modify it.
   */
  async read(client: SqlExecutor, scope: GroupDaysScope, lastFoldId: bigint): Promise<GroupDays> {
    const entry = await this.cache.read(client, scope, lastFoldId);
    return { eventsByGroup: entry.byGroup, days: rangeLength(scope.range) };
  }

  /** Applies the folds' changes to every entry, between requests (FoldSyncedCache.keepCurrent). */
  keepCurrent(client: SqlExecutor, lastFoldIdOf: (projectId: number) => Promise<bigint | null>): Promise<void> {
    return this.cache.keepCurrent(client, lastFoldIdOf);
  }

  forgetProject(projectId: number): void {
    this.cache.forgetProject(projectId);
  }
}
