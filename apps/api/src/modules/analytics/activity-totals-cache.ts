// Keeps a range's per-group activity totals (one column of group_daily summed per group) between
// requests of the Groups list. Summing them is the costliest step of a page computed afresh
// (~130k rollup rows for 30 days at 10k accounts: 30-50 ms); after new events, only the groups
// the folds since changed are summed again (rollup_change, by fold number), so a page after fresh
// data costs a few milliseconds for this step. Exact: a project's folds commit in the order of
// their numbers. Totals are still summed afresh once they are five seconds old, as pages are.
import type { SqlExecutor } from '../../database/sql-database';
import { TimeBoundCache } from '@leadmaps/shared';
import type { CacheLookups } from '../../lib/metrics';
import { readActivityTotals, readChangedGroups, type ActivityTotalsScope } from './queries/group-activity-totals.query';

export const activityTotalsLifetimeMilliseconds = 5_000;
export const maximumCachedRanges = 50;
/** Past this many changed groups one full sum is cheaper than re-summing them one by one. */
export const maximumChangedGroups = 500;

interface Entry {
  totals: Map<bigint, number>;
  /** The totals include every fold up to this number. */
  foldId: bigint;
}

export class ActivityTotalsCache {
  private readonly entries: TimeBoundCache<Entry>;

  constructor(
    lifetimeMilliseconds = activityTotalsLifetimeMilliseconds,
    private readonly clock: () => number = Date.now,
  ) {
    this.entries = new TimeBoundCache({ lifetimeMilliseconds, maximumEntries: maximumCachedRanges, clock });
  }

  get lookups(): Readonly<CacheLookups> {
    return this.entries.lookups;
  }

  /**
   * Totals per group for `scope`, current as of `lastFoldId` (read by the caller before this
   * call). `settings` holds whatever else the totals depend on (key actions, time zone). The map
   * is shared: read it before the next await, never modify it.
   */
  async read(
    client: SqlExecutor,
    scope: ActivityTotalsScope,
    settings: string,
    lastFoldId: bigint | null,
  ): Promise<ReadonlyMap<bigint, number>> {
    if (lastFoldId === null) return new Map();
    const key = JSON.stringify([
      scope.projectId,
      scope.groupTypeId,
      scope.range.from,
      scope.range.to,
      scope.column,
      settings,
    ]);
    const entry = this.entries.get(key);
    if (entry && entry.foldId <= lastFoldId) {
      if (entry.foldId === lastFoldId) return entry.totals;
      const changed = await readChangedGroups(client, scope.projectId, scope.groupTypeId, entry.foldId, lastFoldId);
      if (changed.length <= maximumChangedGroups) {
        const fresh = changed.length ? await readActivityTotals(client, scope, changed) : new Map<bigint, number>();
        // In place: requests read the map synchronously, so none sees it half updated.
        for (const groupId of changed) {
          const total = fresh.get(groupId);
          if (total === undefined) entry.totals.delete(groupId);
          else entry.totals.set(groupId, total);
        }
        if (lastFoldId > entry.foldId) entry.foldId = lastFoldId;
        return entry.totals;
      }
    }
    const summedAt = this.clock();
    const totals = await readActivityTotals(client, scope);
    // Dated from before the sum: rows committed while it ran may be missing from it.
    this.entries.set(key, { totals, foldId: lastFoldId }, { projectId: scope.projectId, storedAt: summedAt });
    return totals;
  }

  forgetProject(projectId: number): void {
    this.entries.forgetProject(projectId);
  }
}
