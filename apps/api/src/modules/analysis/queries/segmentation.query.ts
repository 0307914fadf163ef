// Segmentation from the raw events: `event` for the selection, `event_group` for attribution (the
// groups each event counts for, resolved at ingest by the Group rules: event-level groups, else the
// person's user-level group when the event arrived), `group` for group filters and breakdowns.
// Where a chart is exactly a count of attributed events per group and local day (counted by groups,
// no event property filter or breakdown), it reads the rollups the folds keep of the same
// attributions instead: `group_daily` (any event) or `group_event_type_daily` (one event type),
// whose rows are (group, day, events). Anything else, and Microscope (which needs each event's
// person), reads the raw events.
//
// Every statement is built from one "counted rows" body: one row per (unit, event) that the
// chart counts, with the event's local day, its bucket and its raw breakdown value.
import { joinSql, sql, emptySql, type Sql } from '../../../database/sql';
import { endOfDayInstant, startOfDayInstant } from '../../analytics/queries/sql-fragments';
import type {
  BreakdownValue,
  Breakdown,
  CountedBy,
  EventSelection,
  Interval,
  Measure,
  PropertyFilter,
} from '../analysis-query';
import { bucketStartSql } from '../buckets';
import { cohortBreakdownValues } from '../analysis-query';
import { cohortMembership } from '../../analytics/queries/cohort-scope.query';
import { propertyCondition, propertyText } from './property-condition';

export interface ResolvedGroupType {
  id: number;
  name: string;
  nameProperty: string;
}

/** Who is counted, resolved against the project (analysis-plan.ts). */
export interface Audience {
  projectId: number;
  timeZone: string;
  countedBy: CountedBy;
  /** The group type counted, filtered on or broken down by; null when the chart needs none. */
  groupType: ResolvedGroupType | null;
  groupFilters: PropertyFilter[];
  /** Only members of this cohort of groups (the chart's group type). */
  cohortId: number | null;
}

export interface SeriesSpec {
  audience: Audience;
  selection: EventSelection;
  breakdown: Breakdown | null;
  measure: Measure;
  interval: Interval;
  range: { from: string; to: string };
}

/** A COHORT breakdown's raw value of a group id column: NULL (no group) reads as "(none)". */
export function cohortSplit(projectId: number, cohortKey: string, groupId: Sql): Sql {
  return sql`(CASE WHEN ${groupId} IS NULL THEN NULL
    WHEN ${cohortMembership(projectId, Number(cohortKey), groupId)} THEN ${cohortBreakdownValues.member}::text
    ELSE ${cohortBreakdownValues.rest}::text END)`;
}

const localDay = (timeZone: string) => sql`(e.time AT TIME ZONE ${timeZone}::text)::date`;

/** One row per (unit, event): unit, event_id, person_id, day, raw_value. `from` null: since the first event. */
function buildEventRowsSql(spec: SeriesSpec, from: string | null): Sql {
  const { audience, selection, breakdown } = spec;
  const { projectId, timeZone, countedBy, groupType, groupFilters, cohortId } = audience;
  const needsGroupRow = groupFilters.length > 0 || breakdown?.source === 'GROUP_PROPERTY';
  const needsGroups = countedBy === 'GROUPS' || needsGroupRow || cohortId !== null || breakdown?.source === 'COHORT';
  if (needsGroups && groupType === null) throw new Error('a group type must be resolved for this chart');

  const conditions: Sql[] = [sql`e.project_id = ${projectId}`];
  if (from !== null) conditions.push(sql`e.time >= ${startOfDayInstant(from, timeZone)}`);
  conditions.push(sql`e.time < ${endOfDayInstant(spec.range.to, timeZone)}`);
  if (selection.eventType !== null) conditions.push(sql`e.event_type = ${selection.eventType}::text`);
  for (const filter of selection.filters) conditions.push(propertyCondition('event', filter));
  // Organisation-level events have no person: they count for groups and as events, never for people.
  if (countedBy === 'PEOPLE') conditions.push(sql`e.user_id IS NOT NULL`);
  for (const filter of groupFilters) conditions.push(propertyCondition('group', filter));
  if (cohortId !== null) conditions.push(cohortMembership(projectId, cohortId, sql`eg.group_id`));

  // Counting groups, or filtering on them, keeps only events attributed to a (matching) group;
  // counting people or events broken down by a group property keeps the others under "(none)".
  const inner = countedBy === 'GROUPS' || groupFilters.length > 0 || cohortId !== null;
  const join = inner ? sql`JOIN` : sql`LEFT JOIN`;
  const groupJoins = needsGroups
    ? sql`
      ${join} event_group eg ON eg.project_id = ${projectId} AND eg.event_id = e.id AND eg.group_type_id = ${groupType!.id}::smallint
      ${needsGroupRow ? sql`${join} "group" g ON g.project_id = ${projectId} AND g.id = eg.group_id` : emptySql}`
    : emptySql;
  const unit = countedBy === 'GROUPS' ? sql`eg.group_id` : countedBy === 'PEOPLE' ? sql`e.user_id` : sql`e.id`;
  const rawValue =
    breakdown === null
      ? sql`NULL::text`
      : breakdown.source === 'COHORT'
        ? cohortSplit(projectId, breakdown.key, sql`eg.group_id`)
        : propertyText(breakdown.source === 'GROUP_PROPERTY' ? 'group' : 'event', breakdown.key);
  return sql`
    SELECT ${unit} AS unit, e.id AS event_id, e.user_id AS person_id, ${localDay(timeZone)} AS day, ${rawValue} AS raw_value,
      1 AS weight
    FROM event e ${groupJoins}
    WHERE ${joinSql(conditions, ' AND ')}`;
}

/** Charts whose rows are exactly the rollups' (group, day, events) rows. */
export function answersFromRollups(spec: SeriesSpec): boolean {
  return (
    spec.audience.countedBy === 'GROUPS' &&
    spec.selection.filters.length === 0 &&
    (spec.breakdown === null || spec.breakdown.source !== 'EVENT_PROPERTY')
  );
}

/** The rollup rows of the selection: one per (group, day) with its attributed events as weight. */
function buildRollupRowsSql(spec: SeriesSpec, from: string | null): Sql {
  const { audience, selection, breakdown } = spec;
  const { projectId, groupType, groupFilters, cohortId } = audience;
  const needsGroupRow = groupFilters.length > 0 || breakdown?.source === 'GROUP_PROPERTY';
  const conditions: Sql[] = [sql`d.project_id = ${projectId}`, sql`d.group_type_id = ${groupType!.id}::smallint`];
  if (from !== null) conditions.push(sql`d.day >= ${from}::date`);
  conditions.push(sql`d.day <= ${spec.range.to}::date`, sql`d.events > 0`);
  if (selection.eventType !== null) conditions.push(sql`d.event_type = ${selection.eventType}::text`);
  for (const filter of groupFilters) conditions.push(propertyCondition('group', filter));
  if (cohortId !== null) conditions.push(cohortMembership(projectId, cohortId, sql`d.group_id`));
  const table = selection.eventType === null ? sql`group_daily` : sql`group_event_type_daily`;
  const rawValue =
    breakdown === null
      ? sql`NULL::text`
      : breakdown.source === 'COHORT'
        ? cohortSplit(projectId, breakdown.key, sql`d.group_id`)
        : propertyText('group', breakdown.key);
  return sql`
    SELECT d.group_id AS unit, NULL::bigint AS event_id, NULL::bigint AS person_id, d.day, ${rawValue} AS raw_value,
      d.events AS weight
    FROM ${table} d ${needsGroupRow ? sql`JOIN "group" g ON g.project_id = ${projectId} AND g.id = d.group_id` : emptySql}
    WHERE ${joinSql(conditions, ' AND ')}`;
}

/**
 * The rows a chart counts, with their bucket. For NEW, only the rows of each unit's first bucket,
 * and only for units whose first matching event ever is inside the range.
 */
export function buildCountedRowsSql(spec: SeriesSpec, source: 'best' | 'events' = 'best'): Sql {
  const { range, interval } = spec;
  const rows = source === 'best' && answersFromRollups(spec) ? buildRollupRowsSql : buildEventRowsSql;
  if (spec.measure !== 'NEW') {
    return sql`SELECT r.*, ${bucketStartSql(sql`r.day`, interval)} AS bucket FROM (${rows(spec, range.from)}) r`;
  }
  return sql`
    WITH history AS (${rows(spec, null)}),
    firsts AS (SELECT unit, min(day) AS first_day FROM history GROUP BY unit)
    SELECT h.*, ${bucketStartSql(sql`h.day`, interval)} AS bucket
    FROM history h JOIN firsts f ON f.unit = h.unit
    WHERE f.first_day >= ${range.from}::date AND h.day >= ${range.from}::date
      AND ${bucketStartSql(sql`f.first_day`, interval)} = ${bucketStartSql(sql`h.day`, interval)}`;
}

/**
 * Rows of one (unit, event) may repeat only when people or events are counted through their
 * groups (an event in two groups): then each (unit, event) is kept once per breakdown label.
 * Counting groups, every row is already one (group, event).
 */
function distinctIfRepeated(spec: SeriesSpec): Sql {
  return spec.audience.countedBy === 'GROUPS' ? emptySql : sql`DISTINCT`;
}

/**
 * The breakdown's top values over the range (by the range figure, then by value), "(none)" aside.
 * Counted in two hash aggregations (per value and unit, then per value) rather than with
 * count(DISTINCT …), which sorts every group's rows.
 */
export function buildTopValuesSql(spec: SeriesSpec, limit: number): Sql {
  const order = spec.measure === 'TOTALS' ? sql`totals DESC, uniques DESC` : sql`uniques DESC, totals DESC`;
  return sql`
    WITH counted AS (${buildCountedRowsSql(spec)}),
    pairs AS (SELECT ${distinctIfRepeated(spec)} c.raw_value, c.unit, c.event_id, c.weight FROM counted c WHERE c.raw_value IS NOT NULL),
    per_unit AS (SELECT raw_value, unit, sum(weight) AS events FROM pairs GROUP BY raw_value, unit)
    SELECT raw_value AS value FROM (
      SELECT raw_value, count(*) AS uniques, sum(events) AS totals FROM per_unit GROUP BY raw_value) ranked
    ORDER BY ${order}, raw_value COLLATE "C" ASC LIMIT ${limit}`;
}

function breakdownKindSql(topValues: readonly string[]): Sql {
  return sql`CASE WHEN c.raw_value IS NULL THEN 'NONE' WHEN c.raw_value = ANY(${[...topValues]}::text[]) THEN 'VALUE' ELSE 'OTHER' END`;
}

export interface FigureRow {
  /** Null on the range total of a breakdown value. */
  bucket: string | null;
  kind: 'VALUE' | 'NONE' | 'OTHER';
  value: string | null;
  uniques: number;
  totals: number;
}

/**
 * Uniques and totals per (bucket, breakdown value), and over the whole range per breakdown value
 * (distinct over the range). Each unit's events are counted first, so uniques are rows and totals
 * sums: hash aggregations only.
 */
export function buildFiguresSql(spec: SeriesSpec, topValues: readonly string[]): Sql {
  return sql`
    WITH counted AS (${buildCountedRowsSql(spec)}),
    labelled AS (
      SELECT ${distinctIfRepeated(spec)} c.unit, c.event_id, c.bucket, c.weight, ${breakdownKindSql(topValues)} AS kind,
        CASE WHEN c.raw_value = ANY(${[...topValues]}::text[]) THEN c.raw_value END AS value
      FROM counted c),
    per_bucket AS (SELECT bucket, kind, value, unit, sum(weight) AS events FROM labelled GROUP BY bucket, kind, value, unit),
    per_range AS (SELECT kind, value, unit, sum(weight) AS events FROM labelled GROUP BY kind, value, unit)
    SELECT to_char(bucket, 'YYYY-MM-DD') AS bucket, kind, value, count(*)::int AS uniques, sum(events)::int AS totals
    FROM per_bucket GROUP BY bucket, kind, value
    UNION ALL
    SELECT NULL, kind, value, count(*)::int, sum(events)::int FROM per_range GROUP BY kind, value`;
}

/**
 * The units behind one data point (series × bucket × breakdown value), each with its matching
 * events and distinct people in the point: the set Microscope lists and cohorts will save.
 */
export function buildPointUnitsSql(
  spec: SeriesSpec,
  bucket: string,
  label: BreakdownValue | null,
  topValues: readonly string[],
): Sql {
  let labelCondition: Sql = sql`TRUE`;
  if (spec.breakdown !== null && label !== null) {
    if (label.kind === 'VALUE') labelCondition = sql`c.raw_value = ${label.value}::text`;
    else if (label.kind === 'NONE') labelCondition = sql`c.raw_value IS NULL`;
    else labelCondition = sql`c.raw_value IS NOT NULL AND NOT (c.raw_value = ANY(${[...topValues]}::text[]))`;
  }
  return sql`
    SELECT c.unit, count(DISTINCT c.event_id)::int AS events, count(DISTINCT c.person_id)::int AS people
    FROM (${buildCountedRowsSql(spec, 'events')}) c
    WHERE c.bucket = ${bucket}::date AND ${labelCondition}
    GROUP BY c.unit`;
}
