// Keeps rollup rows (events per group and day, of any event or of one event type) in memory
// between requests counted by groups (segmentation, retention). Reading them is most of such a
// chart's cost (at 10k accounts and 90 days, ~0.5–0.9M rows, 1 s at 10M events and 3 s at 30M to
// read); after new events only the groups that the folds since changed are read again
// (fold-synced-cache.ts), so a chart right after fresh data costs a few milliseconds here.
// One entry per (group type, event type) covers a span of days that grows to hold every range
// asked (and a month past the last day asked, so tomorrow's range still fits): a question never
// asked before, another range or interval, is a slice of rows already held, not a new read.
import { addDays, type DayRange, rangeLength } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { FoldSyncedCache, foldSyncedLifetimeMilliseconds } from './fold-synced-cache';
import { buildGroupDaysSql, type GroupDayRow, type GroupDaysScope } from './queries/group-days.query';

export const groupDaysLifetimeMilliseconds = foldSyncedLifetimeMilliseconds;
const maximumBytes = 256 * 1024 * 1024;

/** Days held past the last day asked, so that the next days' ranges are inside the span. */
const spanPaddingDays = 31;

function covers(span: DayRange, range: DayRange): boolean {
  return span.from <= range.from && range.to <= span.to;
}

function spanOf(held: DayRange | undefined, range: DayRange): DayRange {
  const to = addDays(range.to, spanPaddingDays);
  if (!held) return { from: range.from, to };
  // Days as YYYY-MM-DD strings: their order is the calendar's.
  const from = [held.from, range.from].sort()[0]!;
  const last = [held.to, to].sort()[1]!;
  return { from, to: last };
}

/** The days of `range` out of rows held for `span` (views, not copies). */
function sliceDays(byGroup: ReadonlyMap<bigint, Int32Array>, span: DayRange, range: DayRange): Map<bigint, Int32Array> {
  const offset = rangeLength({ from: span.from, to: range.from }) - 1;
  const days = rangeLength(range);
  const sliced = new Map<bigint, Int32Array>();
  for (const [groupId, events] of byGroup) sliced.set(groupId, events.subarray(offset, offset + days));
  return sliced;
}

export interface GroupDays {
  /**
   * Events per day of the range (index 0 is range.from), for each group with at least one in the
   * span held (a group may have none inside the range: all zeros).
   */
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
  /** The span each (project, group type, event type) entry holds, widened when a range falls outside. */
  private readonly spans = new Map<string, DayRange>();

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
    const spanKey = JSON.stringify([scope.projectId, scope.groupTypeId, scope.eventType]);
    let span = this.spans.get(spanKey);
    if (!span || !covers(span, scope.range)) {
      // The entry of the old span is no longer asked for and leaves with its idle lifetime.
      span = spanOf(span, scope.range);
      this.spans.set(spanKey, span);
    }
    const entry = await this.cache.read(client, { ...scope, range: span }, lastFoldId);
    return { eventsByGroup: sliceDays(entry.byGroup, span, scope.range), days: rangeLength(scope.range) };
  }

  /** Applies the folds' changes to every entry, between requests (FoldSyncedCache.keepCurrent). */
  keepCurrent(client: SqlExecutor, lastFoldIdOf: (projectId: number) => Promise<bigint | null>): Promise<void> {
    return this.cache.keepCurrent(client, lastFoldIdOf);
  }

  forgetProject(projectId: number): void {
    for (const key of this.spans.keys()) if ((JSON.parse(key) as [number])[0] === projectId) this.spans.delete(key);
    this.cache.forgetProject(projectId);
  }
}
