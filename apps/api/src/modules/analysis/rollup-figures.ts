// A group-counted chart's figures from its rollup rows held in memory (group-days-cache.ts): the
// same numbers buildTopValuesSql and buildFiguresSql compute from the same rows in SQL (top values
// by uniques, then totals, then value in byte order; "(none)" and "other" aside; uniques distinct
// per bucket and over the range), in one pass over each group's days.
import { addDays, type DayRange } from '@leadmaps/shared';
import type { Interval, Measure } from './analysis-query';
import { bucketStart, listBuckets } from './buckets';
import type { GroupDays } from './group-days-cache';
import type { FigureRow } from './queries/segmentation.query';

export interface RollupFiguresRequest {
  range: DayRange;
  interval: Interval;
  measure: Measure;
  /** Null without a breakdown. */
  breakdownLimit: number | null;
  /**
   * The groups that pass the chart's group filters, with their breakdown value; null when the
   * chart has neither (every group counts, unlabelled).
   */
  labels: ReadonlyMap<bigint, string | null> | null;
}

/** Byte order of the UTF-8 text, as PostgreSQL's "C" collation sorts. */
export function compareBytes(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

interface GroupTotals {
  rawValue: string | null;
  total: number;
}

export function rollupFigures(
  groupDays: GroupDays,
  request: RollupFiguresRequest,
): { topValues: string[]; rows: FigureRow[] } {
  const buckets = listBuckets(request.range, request.interval);
  const bucketIndex = new Map(buckets.map((bucket, index) => [bucket, index]));
  const bucketOfDay = Int32Array.from(
    { length: groupDays.days },
    (_, day) => bucketIndex.get(bucketStart(addDays(request.range.from, day), request.interval))!,
  );

  // First pass: the groups that count (group filters) and their range totals, for the top values.
  const counted: { events: Int32Array; totals: GroupTotals }[] = [];
  for (const [groupId, events] of groupDays.eventsByGroup) {
    let rawValue: string | null = null;
    if (request.labels !== null) {
      const label = request.labels.get(groupId);
      if (label === undefined) continue; // filtered out
      rawValue = label;
    }
    let total = 0;
    for (let day = 0; day < events.length; day++) total += events[day]!;
    if (total > 0) counted.push({ events, totals: { rawValue, total } });
  }
  const topValues =
    request.breakdownLimit === null
      ? []
      : rankValues(
          counted.map((group) => group.totals),
          request,
        );

  // Labels by index: the top values in order, then OTHER, then NONE.
  const labelIndex = new Map(topValues.map((value, index) => [value, index]));
  const otherIndex = topValues.length;
  const noneIndex = topValues.length + 1;
  const width = buckets.length + 1; // the last column is the range
  const uniques = new Float64Array((topValues.length + 2) * width);
  const totals = new Float64Array((topValues.length + 2) * width);
  const perBucket = new Float64Array(buckets.length);
  for (const group of counted) {
    const { rawValue, total } = group.totals;
    const label = rawValue === null ? noneIndex : (labelIndex.get(rawValue) ?? otherIndex);
    perBucket.fill(0);
    for (let day = 0; day < group.events.length; day++) perBucket[bucketOfDay[day]!]! += group.events[day]!;
    const base = label * width;
    for (let bucket = 0; bucket < buckets.length; bucket++) {
      const events = perBucket[bucket]!;
      if (events === 0) continue;
      uniques[base + bucket]! += 1;
      totals[base + bucket]! += events;
    }
    uniques[base + buckets.length]! += 1;
    totals[base + buckets.length]! += total;
  }

  const rows: FigureRow[] = [];
  for (let label = 0; label < topValues.length + 2; label++) {
    const kind: FigureRow['kind'] = label === noneIndex ? 'NONE' : label === otherIndex ? 'OTHER' : 'VALUE';
    const value = kind === 'VALUE' ? topValues[label]! : null;
    for (let column = 0; column < width; column++) {
      const count = uniques[label * width + column]!;
      if (count === 0) continue;
      const bucket = column < buckets.length ? buckets[column]! : null;
      rows.push({ bucket, kind, value, uniques: count, totals: totals[label * width + column]! });
    }
  }
  return { topValues, rows };
}

function rankValues(groups: readonly GroupTotals[], request: RollupFiguresRequest): string[] {
  const perValue = new Map<string, { uniques: number; totals: number }>();
  for (const group of groups) {
    if (group.rawValue === null) continue;
    const figures = perValue.get(group.rawValue) ?? { uniques: 0, totals: 0 };
    figures.uniques += 1;
    figures.totals += group.total;
    perValue.set(group.rawValue, figures);
  }
  const byTotals = request.measure === 'TOTALS';
  return [...perValue.entries()]
    .sort(([leftValue, left], [rightValue, right]) => {
      const first = byTotals ? right.totals - left.totals : right.uniques - left.uniques;
      const second = byTotals ? right.uniques - left.uniques : right.totals - left.totals;
      return first || second || compareBytes(leftValue, rightValue);
    })
    .slice(0, request.breakdownLimit ?? 0)
    .map(([value]) => value);
}
