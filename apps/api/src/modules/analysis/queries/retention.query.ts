// Retention from the same "counted rows" as segmentation (segmentation.query.ts): one row per
// (unit, event) — or per (group, day) where the rollups answer — with its local day, its period
// and its raw breakdown value. Retention only needs, per unit, the first day of a start event in
// the range and the set of periods with a return event, so counted by groups without event
// property filters it reads `group_daily` / `group_event_type_daily` (days × groups, not events);
// anything else reads the raw events with `event_group` attribution, like every chart.
import { sql, type Sql } from '../../../database/sql';
import { groupDisplayName } from '../../groups/group-display-name';
import type { Breakdown, BreakdownValue, EventSelection, Interval } from '../analysis-query';
import { bucketStartSql } from '../buckets';
import { buildCountedRowsSql, type Audience } from './segmentation.query';

export interface RetentionSpec {
  audience: Audience;
  startEvent: EventSelection;
  returnEvent: EventSelection;
  /** Null: one table of all units. */
  breakdown: Breakdown | null;
  interval: Interval;
  /** Births: first start event inside these days. */
  range: { from: string; to: string };
  /** The days whose return events count (whole periods, never past yesterday). */
  returns: { from: string; to: string };
}

function rowsOf(spec: RetentionSpec, selection: EventSelection, range: { from: string; to: string }): Sql {
  return buildCountedRowsSql({
    audience: spec.audience,
    selection,
    breakdown: spec.breakdown,
    measure: 'UNIQUES',
    interval: spec.interval,
    range,
  });
}

/** The breakdown label of a counted row: kind and value (null unless VALUE); ALL without a breakdown. */
function labelOf(spec: RetentionSpec, topValues: readonly string[], alias: Sql): { kind: Sql; value: Sql } {
  if (spec.breakdown === null) return { kind: sql`'ALL'::text`, value: sql`NULL::text` };
  const raw = sql`${alias}.raw_value`;
  const top = [...topValues];
  return {
    kind: sql`CASE WHEN ${raw} IS NULL THEN 'NONE' WHEN ${raw} = ANY(${top}::text[]) THEN 'VALUE' ELSE 'OTHER' END`,
    value: sql`CASE WHEN ${raw} = ANY(${top}::text[]) THEN ${raw} END`,
  };
}

/** The breakdown's top values: most units with a start event in the range, then by value. */
export function buildRetentionTopValuesSql(spec: RetentionSpec, limit: number): Sql {
  return sql`
    WITH starts AS (${rowsOf(spec, spec.startEvent, spec.range)}),
    pairs AS (SELECT DISTINCT raw_value, unit FROM starts WHERE raw_value IS NOT NULL)
    SELECT raw_value AS value FROM pairs GROUP BY raw_value
    ORDER BY count(*) DESC, raw_value COLLATE "C" ASC LIMIT ${limit}`;
}

export interface RetentionCountRow {
  kind: 'ALL' | 'VALUE' | 'NONE' | 'OTHER';
  value: string | null;
  cohort: string;
  /** Null: the cohort's size (units born in it); else the units of the cohort with a return in this period. */
  active: string | null;
  units: number;
}

/**
 * Per breakdown label and birth period: the units born there, and per later period the units
 * with a return event in it. A unit's label comes from its rows, so counted by people a person
 * is followed separately within each label (as if the chart were filtered to that label's events).
 */
export function buildRetentionCountsSql(spec: RetentionSpec, topValues: readonly string[]): Sql {
  const start = labelOf(spec, topValues, sql`s`);
  const back = labelOf(spec, topValues, sql`r`);
  return sql`
    WITH births AS (
      SELECT s.unit, ${start.kind} AS kind, ${start.value} AS value, min(s.day) AS first_day
      FROM (${rowsOf(spec, spec.startEvent, spec.range)}) s GROUP BY 1, 2, 3),
    cohorts AS (
      SELECT unit, kind, value, coalesce(value, '') AS value_key, ${bucketStartSql(sql`first_day`, spec.interval)} AS cohort
      FROM births),
    returns AS (
      SELECT DISTINCT r.unit, ${back.kind} AS kind, coalesce(${back.value}, '') AS value_key, r.bucket AS active
      FROM (${rowsOf(spec, spec.returnEvent, spec.returns)}) r)
    SELECT c.kind, c.value, to_char(c.cohort, 'YYYY-MM-DD') AS cohort, NULL::text AS active, count(*)::int AS units
    FROM cohorts c GROUP BY c.kind, c.value, c.cohort
    UNION ALL
    SELECT c.kind, c.value, to_char(c.cohort, 'YYYY-MM-DD'), to_char(r.active, 'YYYY-MM-DD'), count(*)::int
    FROM cohorts c JOIN returns r ON r.unit = c.unit AND r.kind = c.kind AND r.value_key = c.value_key AND r.active >= c.cohort
    GROUP BY c.kind, c.value, c.cohort, r.active`;
}

function labelCondition(label: BreakdownValue | null, topValues: readonly string[], alias: Sql): Sql {
  if (label === null) return sql`TRUE`;
  const raw = sql`${alias}.raw_value`;
  if (label.kind === 'VALUE') return sql`${raw} = ${label.value}::text`;
  if (label.kind === 'NONE') return sql`${raw} IS NULL`;
  return sql`${raw} IS NOT NULL AND NOT (${raw} = ANY(${[...topValues]}::text[]))`;
}

export interface RetentionMemberRow {
  unit: bigint;
  bornOn: string;
  returnEvents: number;
  value: string | null;
  name: string;
  userId: string | null;
  deviceId: string | null;
  totalCount: number;
}

export interface RetentionCellTarget {
  cohort: string;
  /** The days of period cohort + offset. */
  period: { from: string; to: string };
  label: BreakdownValue | null;
  retained: boolean;
}

/**
 * A page of one cell's units: born in the cohort (within the label), with (retained) or without
 * (lost) a return event in the cell's period. Retained first by return events, then by name.
 */
export function buildRetentionMembersSql(
  spec: RetentionSpec,
  target: RetentionCellTarget,
  topValues: readonly string[],
  page: { limit: number; offset: number },
): Sql {
  const { projectId, countedBy, groupType } = spec.audience;
  // Counted by people one event can be a row per group; counted by groups each row is one (group, event) or (group, day).
  const events = countedBy === 'PEOPLE' ? sql`count(DISTINCT r.event_id)` : sql`sum(r.weight)`;
  const named =
    countedBy === 'GROUPS'
      ? sql`
        SELECT m.unit, m.born_on, m.return_events, g.value, ${groupDisplayName('g', groupType!.nameProperty)} AS name,
          NULL::text AS user_id, NULL::text AS device_id
        FROM members m JOIN "group" g ON g.project_id = ${projectId} AND g.id = m.unit`
      : sql`
        SELECT m.unit, m.born_on, m.return_events, NULL::text AS value, coalesce(u.user_id, u.device_id, u.id::text) AS name,
          u.user_id, u.device_id
        FROM members m JOIN app_user u ON u.project_id = ${projectId} AND u.id = m.unit`;
  return sql`
    WITH births AS (
      SELECT s.unit, min(s.day) AS first_day
      FROM (${rowsOf(spec, spec.startEvent, spec.range)}) s
      WHERE ${labelCondition(target.label, topValues, sql`s`)}
      GROUP BY s.unit),
    hits AS (
      SELECT r.unit, (${events})::int AS return_events
      FROM (${rowsOf(spec, spec.returnEvent, target.period)}) r
      WHERE ${labelCondition(target.label, topValues, sql`r`)}
      GROUP BY r.unit),
    members AS (
      SELECT b.unit, to_char(b.first_day, 'YYYY-MM-DD') AS born_on, coalesce(h.return_events, 0) AS return_events
      FROM births b LEFT JOIN hits h ON h.unit = b.unit
      WHERE ${bucketStartSql(sql`b.first_day`, spec.interval)} = ${target.cohort}::date
        AND (h.unit IS NOT NULL) = ${target.retained}::boolean),
    named AS (${named})
    SELECT unit, born_on AS "bornOn", return_events AS "returnEvents", value, name, user_id AS "userId",
      device_id AS "deviceId", count(*) OVER ()::int AS "totalCount"
    FROM named
    ORDER BY return_events DESC, name COLLATE "C" ASC, unit ASC
    LIMIT ${page.limit} OFFSET ${page.offset}`;
}
