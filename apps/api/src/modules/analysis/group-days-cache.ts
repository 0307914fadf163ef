// Keeps a range's rollup rows (events per group and day, of any event or of one event type) in
// memory between segmentation requests counted by groups. Reading them is most of such a chart's
// cost (at 10k accounts and 90 days, ~0.5–0.9M rows, more than 100 ms to read and aggregate in
// PostgreSQL); after new events only the groups that the folds since changed are read again
// (rollup_change, by fold number), so a chart right after fresh data costs a few milliseconds for
// this step. Exact: a project's folds commit in the order of their numbers, and an entry is dated
// by the fold number read before its rows. The folds forget their records of changed groups after
// two minutes (oldest first): an entry whose changes may no longer all be recorded is read whole.
import { rangeLength, TimeBoundCache } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { readChangedGroups } from '../analytics/queries/group-activity-totals.query';
import {
  buildGroupDaysSql,
  buildOldestRecordedFoldSql,
  type GroupDayRow,
  type GroupDaysScope,
} from './queries/group-days.query';

/** Rows are kept while charts are asked (memory bounds them); stale ones are refreshed, not dropped. */
export const groupDaysLifetimeMilliseconds = 15 * 60_000;
/**
 * Half the two minutes the folds keep their records of changed groups (rollup-folder.ts): an entry
 * brought up to date more recently than this needs no check that its changes are still recorded.
 */
const surelyRecordedMilliseconds = 60_000;
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
  /** When a caller that had just read `foldId` asked (the changes it needs came after). */
  foldIdSeenAt: number;
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
    const calledAt = this.clock();
    const key = JSON.stringify([scope.projectId, scope.groupTypeId, scope.eventType, scope.range.from, scope.range.to]);
    for (;;) {
      const entry = this.entries.get(key);
      if (!entry) break;
      // An entry from a later fold than the caller read is current enough for it.
      if (entry.foldId >= lastFoldId) {
        if (entry.foldId === lastFoldId) entry.foldIdSeenAt = Math.max(entry.foldIdSeenAt, calledAt);
        return entry;
      }
      if (entry.refreshing) {
        await entry.refreshing;
        continue;
      }
      const refresh = this.applyChanges(client, scope, entry, lastFoldId, calledAt);
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
    const entry: Entry = {
      eventsByGroup: toEventsByGroup(rows, days),
      days,
      foldId: lastFoldId,
      foldIdSeenAt: calledAt,
      refreshing: null,
    };
    this.entries.set(key, entry, { projectId: scope.projectId, storedAt: readAt });
    return entry;
  }

  /** Re-reads the groups the folds after the entry's changed; false when too many or not all recorded. */
  private async applyChanges(
    client: SqlExecutor,
    scope: GroupDaysScope,
    entry: Entry,
    lastFoldId: bigint,
    calledAt: number,
  ) {
    const changed = await readChangedGroups(client, scope.projectId, scope.groupTypeId, entry.foldId, lastFoldId);
    if (changed.length > maximumChangedGroups) return false;
    if (this.clock() - entry.foldIdSeenAt >= surelyRecordedMilliseconds) {
      // Checked after reading the changes: if the folds after the entry's are all still recorded
      // now, they were when the changes were read (records go oldest first; those folds had
      // committed). A fold that changed no group leaves no record, so this may read whole needlessly.
      const [{ oldestFoldId }] = await client.query<{ oldestFoldId: bigint | null }>(
        buildOldestRecordedFoldSql(scope.projectId),
      );
      if (oldestFoldId === null || oldestFoldId > entry.foldId + 1n) return false;
    }
    const rows = changed.length ? await client.query<GroupDayRow>(buildGroupDaysSql(scope, changed)) : [];
    const fresh = toEventsByGroup(rows, entry.days);
    // In place and synchronously: readers never see an entry half updated.
    for (const groupId of changed) {
      const events = fresh.get(groupId);
      if (events) entry.eventsByGroup.set(groupId, events);
      else entry.eventsByGroup.delete(groupId);
    }
    entry.foldId = lastFoldId;
    entry.foldIdSeenAt = calledAt;
    return true;
  }

  forgetProject(projectId: number): void {
    this.entries.forgetProject(projectId);
  }
}
