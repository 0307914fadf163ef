// A group-counted retention table from the rollup rows kept in memory (group-days-cache.ts): the
// same rows buildRetentionCountsSql reads in SQL when the rollups answer (group_event_type_daily or
// group_daily, events per group and local day), so the same figures. Per group: its birth day is
// the first day of the range with a start event, its return periods the periods with a return
// event; a group's breakdown label is its current value (group-labels-cache.ts). Answers retention
// counted by groups without event property filters, without a cohort (filter or breakdown).
import { addDays, type DayRange } from '@leadmaps/shared';
import type { Interval } from './analysis-query';
import { bucketStart } from './buckets';
import type { GroupDays } from './group-days-cache';
import type { RetentionCountRow } from './queries/retention.query';
import type { Audience } from './queries/segmentation.query';
import type { RetentionQuery } from './retention-query';
import { compareBytes } from './rollup-figures';

export function retentionAnswersFromMemory(audience: Audience, query: RetentionQuery): boolean {
  return (
    audience.countedBy === 'GROUPS' &&
    audience.groupType !== null &&
    audience.cohortId === null &&
    (query.breakdown === null || query.breakdown.source === 'GROUP_PROPERTY') &&
    query.startEvent.filters.length === 0 &&
    query.returnEvent.filters.length === 0
  );
}

export interface RetentionInMemoryRequest {
  interval: Interval;
  /** The births' range and its start events per group and day. */
  range: DayRange;
  starts: GroupDays;
  /** The days whose return events count, and those events per group and day. */
  returns: DayRange;
  returnDays: GroupDays;
  /** Period starts from the first cohort on (cohorts are its first entries). */
  periods: readonly string[];
  /** The last offset the table shows (the query's periods): later periods are not counted. */
  maximumOffset: number;
  /** Null without a breakdown. */
  breakdownLimit: number | null;
  /** The groups that pass the group filters, with their breakdown value; null: every group, unlabelled. */
  labels: ReadonlyMap<bigint, string | null> | null;
}

/** For each day of a range, the index in `periods` of its period. */
function periodIndexOfDays(range: DayRange, days: number, periods: readonly string[], interval: Interval): Int32Array {
  const index = new Map(periods.map((period, position) => [period, position]));
  return Int32Array.from(
    { length: days },
    (_, day) => index.get(bucketStart(addDays(range.from, day), interval)) ?? -1,
  );
}

/**
 * Where each period's days lie in the return days ([first, end) per period; empty when none): the
 * days are consecutive, so each period's are too, and a group's return periods are found by
 * looking at its days of the periods the table shows, up to the first with an event.
 */
function returnDaysOfPeriods(periodOfDay: Int32Array, periodCount: number) {
  const first = new Int32Array(periodCount);
  const end = new Int32Array(periodCount);
  for (let day = periodOfDay.length - 1; day >= 0; day -= 1) {
    const period = periodOfDay[day]!;
    if (period < 0) continue;
    if (end[period] === 0) end[period] = day + 1;
    first[period] = day;
  }
  return { first, end };
}

/** The groups born in the range, in parallel arrays (no object per group: 10k groups per request). */
interface Born {
  count: number;
  cohorts: Int32Array;
  rawValues: (string | null)[];
  /** Per born group, `width` flags: 1 at each offset from its cohort (0 to the maximum) with a return event. */
  returned: Uint8Array;
  width: number;
}

/** The rows buildRetentionCountsSql returns: of all units (kind ALL) and, with a breakdown, per label. */
export function retentionRowsInMemory(request: RetentionInMemoryRequest): {
  topValues: string[];
  total: RetentionCountRow[];
  byLabel: RetentionCountRow[];
} {
  const born = bornGroups(request);
  const cohorts = request.periods.length - request.maximumOffset;
  const total = countRows(born, null, ['ALL'], [null], cohorts, request);
  if (request.breakdownLimit === null) return { topValues: [], total, byLabel: [] };
  const topValues = rankValues(born, request.breakdownLimit);
  const top = new Map(topValues.map((value, index) => [value, index]));
  // Label indexes: the top values in order, then OTHER, then NONE.
  const labelOfBorn = new Int32Array(born.count);
  for (let index = 0; index < born.count; index += 1) {
    const rawValue = born.rawValues[index]!;
    labelOfBorn[index] = rawValue === null ? topValues.length + 1 : (top.get(rawValue) ?? topValues.length);
  }
  const kinds: RetentionCountRow['kind'][] = [...topValues.map(() => 'VALUE' as const), 'OTHER', 'NONE'];
  const values: (string | null)[] = [...topValues, null, null];
  const byLabel = countRows(born, labelOfBorn, kinds, values, cohorts, request);
  return { topValues, total, byLabel };
}

function bornGroups(request: RetentionInMemoryRequest): Born {
  const { periods, labels, maximumOffset } = request;
  const cohortOfDay = periodIndexOfDays(request.range, request.starts.days, periods, request.interval);
  const periodOfDay = periodIndexOfDays(request.returns, request.returnDays.days, periods, request.interval);
  const returnDays = returnDaysOfPeriods(periodOfDay, periods.length);
  const width = maximumOffset + 1;
  const capacity = request.starts.eventsByGroup.size;
  const born: Born = {
    count: 0,
    cohorts: new Int32Array(capacity),
    rawValues: [],
    returned: new Uint8Array(capacity * width),
    width,
  };
  for (const [groupId, starts] of request.starts.eventsByGroup) {
    let rawValue: string | null = null;
    if (labels !== null) {
      const label = labels.get(groupId);
      if (label === undefined) continue; // filtered out
      rawValue = label;
    }
    let firstDay = 0;
    while (firstDay < starts.length && starts[firstDay]! <= 0) firstDay += 1;
    if (firstDay === starts.length) continue;
    const cohort = cohortOfDay[firstDay]!;
    const index = born.count;
    born.count += 1;
    born.cohorts[index] = cohort;
    born.rawValues.push(rawValue);
    const returns = request.returnDays.eventsByGroup.get(groupId);
    if (returns === undefined || cohort < 0) continue;
    const lastPeriod = Math.min(cohort + maximumOffset, periods.length - 1);
    for (let period = cohort; period <= lastPeriod; period += 1) {
      const end = returnDays.end[period]!;
      for (let day = returnDays.first[period]!; day < end; day += 1) {
        if (returns[day]! > 0) {
          born.returned[index * width + period - cohort] = 1;
          break;
        }
      }
    }
  }
  return born;
}

/** Most groups born, then by value in byte order (as buildRetentionTopValuesSql). */
function rankValues(born: Born, limit: number): string[] {
  const perValue = new Map<string, number>();
  for (const rawValue of born.rawValues)
    if (rawValue !== null) perValue.set(rawValue, (perValue.get(rawValue) ?? 0) + 1);
  return [...perValue]
    .sort(([leftValue, left], [rightValue, right]) => right - left || compareBytes(leftValue, rightValue))
    .slice(0, limit)
    .map(([value]) => value);
}

/** Born per (label, cohort) and retained per (label, cohort, offset), counted in typed arrays. */
function countRows(
  born: Born,
  /** Per born group, its label's index; null: one label. */
  labelOfBorn: Int32Array | null,
  kinds: readonly RetentionCountRow['kind'][],
  values: readonly (string | null)[],
  cohorts: number,
  request: RetentionInMemoryRequest,
): RetentionCountRow[] {
  const { width, returned } = born;
  const bornCounts = new Int32Array(kinds.length * cohorts);
  const retained = new Int32Array(kinds.length * cohorts * width);
  for (let index = 0; index < born.count; index += 1) {
    const cell = (labelOfBorn === null ? 0 : labelOfBorn[index]!) * cohorts + born.cohorts[index]!;
    bornCounts[cell]! += 1;
    for (let offset = 0; offset < width; offset += 1)
      retained[cell * width + offset]! += returned[index * width + offset]!;
  }
  const rows: RetentionCountRow[] = [];
  for (let label = 0; label < kinds.length; label += 1) {
    for (let cohort = 0; cohort < cohorts; cohort += 1) {
      const cell = label * cohorts + cohort;
      if (bornCounts[cell] === 0) continue;
      const common = { kind: kinds[label]!, value: values[label] ?? null, cohort: request.periods[cohort]! };
      rows.push({ ...common, active: null, units: bornCounts[cell]! });
      for (let offset = 0; offset < width; offset += 1) {
        const units = retained[cell * width + offset]!;
        if (units > 0) rows.push({ ...common, active: request.periods[cohort + offset]!, units });
      }
    }
  }
  return rows;
}
