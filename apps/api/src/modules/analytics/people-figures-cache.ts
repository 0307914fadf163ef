// Keeps the exact people figures of the Groups list's groups between requests. Counting them is
// the costliest step of a page computed afresh once the activity totals are incremental (50 of
// the largest accounts hold ~50,000 members at 300k people: 55 ms on a slow machine). People
// figures change only through events attributed to the group, so after new events only the
// groups the folds since changed (rollup_change, as for the activity totals) are counted again;
// the others keep their figures. Exact: folds of a project commit in the order of their numbers.
// Figures are still counted afresh once they are five seconds old.
import type { AnalyticsWindow } from './analytics-window';
import { activityTotalsLifetimeMilliseconds, maximumCachedRanges, maximumChangedGroups } from './activity-totals-cache';
import type { SqlExecutor } from '../../database/sql-database';
import { TimeBoundCache } from '@leadmaps/shared';
import type { CacheLookups } from '../../lib/metrics';
import { readChangedGroups } from './queries/group-activity-totals.query';
import { countGroupPeople, type GroupPeopleRow } from './queries/group-people.query';

interface Entry {
  people: Map<bigint, GroupPeopleRow>;
  /** The figures include every fold up to this number. */
  foldId: bigint;
}

export class PeopleFiguresCache {
  private readonly entries: TimeBoundCache<Entry>;

  constructor(lifetimeMilliseconds = activityTotalsLifetimeMilliseconds, clock: () => number = Date.now) {
    this.entries = new TimeBoundCache({ lifetimeMilliseconds, maximumEntries: maximumCachedRanges, clock });
  }

  get lookups(): Readonly<CacheLookups> {
    return this.entries.lookups;
  }

  /** People figures of `groupIds` (of one group type) for `window`, current as of `lastFoldId`. */
  async read(
    client: SqlExecutor,
    window: AnalyticsWindow,
    groupTypeId: number,
    groupIds: readonly bigint[],
    lastFoldId: bigint | null,
  ): Promise<Map<bigint, GroupPeopleRow>> {
    if (groupIds.length === 0 || lastFoldId === null) return countGroupPeople(client, window, groupIds);
    const key = JSON.stringify([window.projectId, groupTypeId, window.timeZone, window.range, window.recentFrom]);
    // Only entries younger than the lifetime come back.
    let entry = this.entries.get(key);
    // Newer than the caller's view of the data (a request that read the data version earlier):
    // count directly and leave the entry to the newer requests.
    if (entry && entry.foldId > lastFoldId) return countGroupPeople(client, window, groupIds);
    if (entry && entry.foldId < lastFoldId) {
      const changed = await readChangedGroups(client, window.projectId, groupTypeId, entry.foldId, lastFoldId);
      if (changed.length > maximumChangedGroups) entry = undefined;
      // Unless a newer request moved the entry on while the changes were read.
      else if (entry.foldId < lastFoldId) {
        for (const groupId of changed) entry.people.delete(groupId);
        entry.foldId = lastFoldId;
      }
    }
    if (!entry) {
      entry = { people: new Map(), foldId: lastFoldId };
      this.entries.set(key, entry, { projectId: window.projectId });
    }
    // Taken before the next await: a newer request may drop changed groups from the entry meanwhile.
    const result = new Map<bigint, GroupPeopleRow>();
    const missing: bigint[] = [];
    for (const groupId of groupIds) {
      const known = entry.people.get(groupId);
      if (known) result.set(groupId, known);
      else missing.push(groupId);
    }
    const counted = await countGroupPeople(client, window, missing);
    // Stored only if no newer request moved the entry on meanwhile (it may have dropped some of these groups as changed).
    const current = this.entries.get(key) === entry && entry.foldId === lastFoldId;
    for (const [groupId, row] of counted) {
      result.set(groupId, row);
      if (current) entry.people.set(groupId, row);
    }
    return result;
  }

  forgetProject(projectId: number): void {
    this.entries.forgetProject(projectId);
  }
}
