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

interface Born {
  rawValue: string | null;
  cohort: number;
  /** Period indexes (at or after the cohort) with a return event. */
  active: number[];
}

/** The rows buildRetentionCountsSql returns: of all units (kind ALL) and, with a breakdown, per label. */
export function retentionRowsInMemory(request: RetentionInMemoryRequest): {
  topValues: string[];
  total: RetentionCountRow[];
  byLabel: RetentionCountRow[];
} {
  const { periods, labels } = request;
  const cohortOfDay = periodIndexOfDays(request.range, request.starts.days, periods, request.interval);
  const periodOfDay = periodIndexOfDays(request.returns, request.returnDays.days, periods, request.interval);
  const seen = new Uint8Array(periods.length);
  const born: Born[] = [];
  for (const [groupId, starts] of request.starts.eventsByGroup) {
    let rawValue: string | null = null;
    if (labels !== null) {
      const label = labels.get(groupId);
      if (label === undefined) continue; // filtered out
      rawValue = label;
    }
    const firstDay = starts.findIndex((events) => events > 0);
    if (firstDay < 0) continue;
    const cohort = cohortOfDay[firstDay]!;
    const active: number[] = [];
    const returns = request.returnDays.eventsByGroup.get(groupId);
    if (returns) {
      seen.fill(0);
      for (let day = 0; day < returns.length; day += 1) {
        const period = periodOfDay[day]!;
        if (returns[day]! > 0 && period >= cohort && !seen[period]) {
          seen[period] = 1;
          active.push(period);
        }
      }
    }
    born.push({ rawValue, cohort, active });
  }
  const topValues = request.breakdownLimit === null ? [] : rankValues(born, request.breakdownLimit);
  const top = new Set(topValues);
  const total = countRows(born, () => ({ kind: 'ALL', value: null }), periods);
  const byLabel =
    request.breakdownLimit === null
      ? []
      : countRows(
          born,
          ({ rawValue }) =>
            rawValue === null
              ? { kind: 'NONE', value: null }
              : top.has(rawValue)
                ? { kind: 'VALUE', value: rawValue }
                : { kind: 'OTHER', value: null },
          periods,
        );
  return { topValues, total, byLabel };
}

/** Most groups born, then by value in byte order (as buildRetentionTopValuesSql). */
function rankValues(born: readonly Born[], limit: number): string[] {
  const perValue = new Map<string, number>();
  for (const { rawValue } of born) if (rawValue !== null) perValue.set(rawValue, (perValue.get(rawValue) ?? 0) + 1);
  return [...perValue]
    .sort(([leftValue, left], [rightValue, right]) => right - left || compareBytes(leftValue, rightValue))
    .slice(0, limit)
    .map(([value]) => value);
}

function countRows(
  born: readonly Born[],
  labelOf: (unit: Born) => Pick<RetentionCountRow, 'kind' | 'value'>,
  periods: readonly string[],
): RetentionCountRow[] {
  const counts = new Map<string, RetentionCountRow>();
  const add = (label: Pick<RetentionCountRow, 'kind' | 'value'>, cohort: number, active: number | null) => {
    const key = `${label.kind}|${label.value ?? ''}|${cohort}|${active ?? ''}`;
    const row = counts.get(key);
    if (row) row.units += 1;
    else
      counts.set(key, {
        ...label,
        cohort: periods[cohort]!,
        active: active === null ? null : periods[active]!,
        units: 1,
      });
  };
  for (const unit of born) {
    const label = labelOf(unit);
    add(label, unit.cohort, null);
    for (const period of unit.active) add(label, unit.cohort, period);
  }
  return [...counts.values()];
}
