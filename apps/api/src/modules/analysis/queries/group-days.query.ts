// The rollup rows a group-counted chart reads, as (group, day of the range, events), for all
// groups of a type or for a few; and the groups' current breakdown values under the chart's
// group filters. Together they let group-days-cache.ts keep a range's rows in memory and re-read
// only the groups that the folds since changed.
import { joinSql, sql, type Sql } from '../../../database/sql';
import type { DayRange } from '@leadmaps/shared';
import type { PropertyFilter } from '../analysis-query';
import { propertyCondition, propertyText } from './property-condition';

export interface GroupDaysScope {
  projectId: number;
  groupTypeId: number;
  /** Null: any event (group_daily); else one event type (group_event_type_daily). */
  eventType: string | null;
  range: DayRange;
}

export interface GroupDayRow {
  groupId: bigint;
  /** Days since the range's first day. */
  dayIndex: number;
  events: number;
}

export function buildGroupDaysSql(scope: GroupDaysScope, groupIds: readonly bigint[] | null): Sql {
  const table = scope.eventType === null ? sql`group_daily` : sql`group_event_type_daily`;
  const conditions = [
    sql`d.project_id = ${scope.projectId}`,
    sql`d.group_type_id = ${scope.groupTypeId}::smallint`,
    sql`d.day >= ${scope.range.from}::date`,
    sql`d.day <= ${scope.range.to}::date`,
    sql`d.events > 0`,
  ];
  if (scope.eventType !== null) conditions.push(sql`d.event_type = ${scope.eventType}::text`);
  if (groupIds) conditions.push(sql`d.group_id = ANY(${groupIds as bigint[]}::bigint[])`);
  return sql`
    SELECT d.group_id AS "groupId", (d.day - ${scope.range.from}::date) AS "dayIndex", d.events
    FROM ${table} d
    WHERE ${joinSql(conditions, ' AND ')}`;
}

export interface GroupLabelRow {
  groupId: bigint;
  /** The breakdown property's current value as text; null when unset or without a breakdown. */
  rawValue: string | null;
}

/** Groups of the type that pass every group filter, with their breakdown value (one row per group). */
export function buildGroupLabelsSql(
  projectId: number,
  groupTypeId: number,
  groupFilters: readonly PropertyFilter[],
  breakdownKey: string | null,
): Sql {
  const conditions = [
    sql`g.project_id = ${projectId}`,
    sql`g.group_type_id = ${groupTypeId}::smallint`,
    ...groupFilters.map((filter) => propertyCondition('group', filter)),
  ];
  const rawValue = breakdownKey === null ? sql`NULL::text` : propertyText('group', breakdownKey);
  return sql`
    SELECT g.id AS "groupId", ${rawValue} AS "rawValue"
    FROM "group" g
    WHERE ${joinSql(conditions, ' AND ')}`;
}

export interface RollupVersion {
  /** The rollups hold every event up to this fold (null before the first). */
  lastFoldId: bigint | null;
  /** With the last property change, what the groups' labels depend on (see project-data-version.query.ts). */
  lastGroupId: bigint | null;
  lastPropertyChangeId: bigint | null;
}

/** Three index probes: where the rollups and the groups' properties stand. */
export function buildRollupVersionSql(projectId: number): Sql {
  return sql`
    SELECT
      (SELECT f.last_fold_id FROM rollup_fold_state f WHERE f.project_id = ${projectId}) AS "lastFoldId",
      (SELECT max(g.id) FROM "group" g WHERE g.project_id = ${projectId}) AS "lastGroupId",
      (SELECT max(c.id) FROM group_property_change c WHERE c.project_id = ${projectId}) AS "lastPropertyChangeId"`;
}

/**
 * The oldest fold whose changed groups are still recorded (the folds prune their records after a
 * while, oldest first); null when none are.
 */
export function buildOldestRecordedFoldSql(projectId: number): Sql {
  return sql`SELECT min(c.fold_id) AS "oldestFoldId" FROM rollup_change c WHERE c.project_id = ${projectId}`;
}
