// Keeps a range's rollup rows (events per group and day, of any event or of one event type) in
// memory between segmentation requests counted by groups. Reading them is most of such a chart's
// cost (at 10k accounts and 90 days, ~0.5–0.9M rows, more than 100 ms to read and aggregate in
// PostgreSQL); after new events only the groups that the folds since changed are read again
// (rollup_change, by fold number), so a chart right after fresh data costs a few milliseconds for
// this step. Exact: a project's folds commit in the order of their numbers, and an entry is dated
// by the fold number read before its rows. Entries are read afresh after a lifetime well inside the
// retention of rollup_change, so the changes an entry needs are always still recorded.
import { rangeLength, TimeBoundCache } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { readChangedGroups } from '../analytics/queries/group-activity-totals.query';
import { buildGroupDaysSql, type GroupDayRow, type GroupDaysScope } from './queries/group-days.query';

/** Half the folds' retention of rollup_change (two minutes, rollup-folder.ts): a wide margin. */
export const groupDaysLifetimeMilliseconds = 60_000;
/** Past this many changed groups one full read is about as cheap as reading them one by one. */
export const maximumChangedGroups = 1_000;
const maximumBytes = 256 * 1024 * 1024;

export interface GroupDays {
  /** Events per day of the range (index 0 is range.from), for each group with at least one. */
  readonly eventsByGroup: ReadonlyMap<bigint, Int32Array>;
  readonly days: number;
}

interface Entry {
  eventsByGroup: Map<bigint, Int32Array>;
  days: number;
  /** The rows include every fold up to this number. */
  foldId: bigint;
  /** The refresh under way, so concurrent requests apply changes one at a time. */
  refreshing: Promise<void> | null;
}

function toEventsByGroup(rows: readonly GroupDayRow[], days: number): Map<bigint, Int32Array> {
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
  private readonly entries: TimeBoundCache<Entry>;

  constructor(
    lifetimeMilliseconds = groupDaysLifetimeMilliseconds,
    private readonly clock: () => number = Date.now,
  ) {
    this.entries = new TimeBoundCache({
      lifetimeMilliseconds,
      maximumSize: maximumBytes,
      sizeOf: (entry) => entry.eventsByGroup.size * (entry.days * 4 + 80),
      clock,
    });
  }

  get lookups() {
    return this.entries.lookups;
  }

  /**
   * The rows of `scope`, current as of `lastFoldId` (read by the caller before this call, after
   * catching the rollups up). The result is shared: read it before the next await, never modify it.
   */
  async read(client: SqlExecutor, scope: GroupDaysScope, lastFoldId: bigint): Promise<GroupDays> {
    const key = JSON.stringify([scope.projectId, scope.groupTypeId, scope.eventType, scope.range.from, scope.range.to]);
    for (;;) {
      const entry = this.entries.get(key);
      if (!entry) break;
      // An entry from a later fold than the caller read is current enough for it.
      if (entry.foldId >= lastFoldId) return entry;
      if (entry.refreshing) {
        await entry.refreshing;
        continue;
      }
      const refresh = this.applyChanges(client, scope, entry, lastFoldId);
      entry.refreshing = refresh.then(
        () => undefined,
        () => undefined,
      );
      const applied = await refresh.finally(() => {
        entry.refreshing = null;
      });
      if (applied) return entry;
      this.entries.delete(key);
      break;
    }
    const readAt = this.clock();
    const days = rangeLength(scope.range);
    const rows = await client.query<GroupDayRow>(buildGroupDaysSql(scope, null));
    const entry: Entry = { eventsByGroup: toEventsByGroup(rows, days), days, foldId: lastFoldId, refreshing: null };
    // Dated from before the read: the lifetime bounds how old the recorded changes it needs can be.
    this.entries.set(key, entry, { projectId: scope.projectId, storedAt: readAt });
    return entry;
  }

  /** Re-reads the groups the folds after the entry's changed; false when there are too many. */
  private async applyChanges(client: SqlExecutor, scope: GroupDaysScope, entry: Entry, lastFoldId: bigint) {
    const changed = await readChangedGroups(client, scope.projectId, scope.groupTypeId, entry.foldId, lastFoldId);
    if (changed.length > maximumChangedGroups) return false;
    const rows = changed.length ? await client.query<GroupDayRow>(buildGroupDaysSql(scope, changed)) : [];
    const fresh = toEventsByGroup(rows, entry.days);
    // In place and synchronously: readers never see an entry half updated.
    for (const groupId of changed) {
      const events = fresh.get(groupId);
      if (events) entry.eventsByGroup.set(groupId, events);
      else entry.eventsByGroup.delete(groupId);
    }
    entry.foldId = lastFoldId;
    return true;
  }

  forgetProject(projectId: number): void {
    this.entries.forgetProject(projectId);
  }
}
