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
function compareBytes(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

interface GroupTotals {
  groupId: bigint;
  rawValue: string | null;
  /** Events per bucket of the chart. */
  perBucket: number[];
  total: number;
}

export function rollupFigures(
  groupDays: GroupDays,
  request: RollupFiguresRequest,
): { topValues: string[]; rows: FigureRow[] } {
  const buckets = listBuckets(request.range, request.interval);
  const bucketIndex = new Map(buckets.map((bucket, index) => [bucket, index]));
  const bucketOfDay = Array.from(
    { length: groupDays.days },
    (_, day) => bucketIndex.get(bucketStart(addDays(request.range.from, day), request.interval))!,
  );

  const groups: GroupTotals[] = [];
  for (const [groupId, events] of groupDays.eventsByGroup) {
    let rawValue: string | null = null;
    if (request.labels !== null) {
      const label = request.labels.get(groupId);
      if (label === undefined) continue; // filtered out
      rawValue = label;
    }
    const perBucket = new Array<number>(buckets.length).fill(0);
    let total = 0;
    for (let day = 0; day < events.length; day++) {
      const count = events[day]!;
      if (count === 0) continue;
      perBucket[bucketOfDay[day]!]! += count;
      total += count;
    }
    if (total > 0) groups.push({ groupId, rawValue, perBucket, total });
  }

  const topValues = request.breakdownLimit === null ? [] : rankValues(groups, request);
  const topSet = new Set(topValues);
  const figures = new Map<string, FigureRow>();
  const figureOf = (bucket: string | null, kind: FigureRow['kind'], value: string | null) => {
    const key = JSON.stringify([bucket, kind, value]);
    let row = figures.get(key);
    if (!row) {
      row = { bucket, kind, value, uniques: 0, totals: 0 };
      figures.set(key, row);
    }
    return row;
  };
  for (const group of groups) {
    const kind: FigureRow['kind'] =
      group.rawValue === null ? 'NONE' : topSet.has(group.rawValue) ? 'VALUE' : 'OTHER';
    const value = kind === 'VALUE' ? group.rawValue : null;
    group.perBucket.forEach((events, index) => {
      if (events === 0) return;
      const row = figureOf(buckets[index]!, kind, value);
      row.uniques += 1;
      row.totals += events;
    });
    const range = figureOf(null, kind, value);
    range.uniques += 1;
    range.totals += group.total;
  }
  return { topValues, rows: [...figures.values()] };
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
