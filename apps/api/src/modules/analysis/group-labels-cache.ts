// Keeps the groups' breakdown values under a chart's group filters (one row per group of the type:
// 10k rows of jsonb read and parsed, about as much as the rest of a chart answered from
// group-days-cache.ts) between requests. Labels change only with new groups and property writes,
// which move the last group id and the last property change id the entry is keyed by. As for the
// response cache, an entry is read afresh after five seconds: two ingest transactions can commit
// out of id order, so one keyed between them would miss the earlier one's change until the next.
import { TimeBoundCache } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import type { PropertyFilter } from './analysis-query';
import { buildGroupLabelsSql, type GroupLabelRow, type RollupVersion } from './queries/group-days.query';

export const groupLabelsLifetimeMilliseconds = 5_000;

export interface GroupLabelsScope {
  projectId: number;
  groupTypeId: number;
  groupFilters: readonly PropertyFilter[];
  breakdownKey: string | null;
}

export class GroupLabelsCache {
  private readonly entries: TimeBoundCache<Promise<Map<bigint, string | null>>>;

  constructor(lifetimeMilliseconds = groupLabelsLifetimeMilliseconds, clock: () => number = Date.now) {
    this.entries = new TimeBoundCache({ lifetimeMilliseconds, maximumEntries: 50, clock });
  }

  /** Groups that pass the filters, each with its breakdown value (null: unset or no breakdown). */
  read(client: SqlExecutor, scope: GroupLabelsScope, version: RollupVersion): Promise<Map<bigint, string | null>> {
    const key = JSON.stringify([
      scope.projectId,
      scope.groupTypeId,
      scope.groupFilters,
      scope.breakdownKey,
      String(version.lastGroupId),
      String(version.lastPropertyChangeId),
    ]);
    const cached = this.entries.get(key);
    if (cached) return cached;
    const labels = client
      .query<GroupLabelRow>(
        buildGroupLabelsSql(scope.projectId, scope.groupTypeId, scope.groupFilters, scope.breakdownKey),
      )
      .then((rows) => new Map(rows.map((row) => [row.groupId, row.rawValue])));
    this.entries.set(key, labels, { projectId: scope.projectId });
    // A failed read is not kept.
    labels.catch(() => this.entries.delete(key));
    return labels;
  }

  forgetProject(projectId: number): void {
    this.entries.forgetProject(projectId);
  }
}
