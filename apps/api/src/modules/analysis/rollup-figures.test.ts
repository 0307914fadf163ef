import { describe, expect, it } from 'vitest';
import { rollupFigures } from './rollup-figures';

// Seven days from Wednesday 2026-10-07: WEEK buckets 2026-10-05 (Wed–Sun) and 2026-10-12 (Mon, Tue).
const range = { from: '2026-10-07', to: '2026-10-13' };
const days = (events: number[]) => Int32Array.from(events);
const groupDays = {
  days: 7,
  eventsByGroup: new Map([
    [1n, days([1, 0, 0, 0, 0, 2, 0])],
    [2n, days([0, 3, 0, 0, 0, 0, 0])],
    [3n, days([0, 0, 0, 0, 0, 0, 4])],
    [4n, days([5, 0, 0, 0, 0, 0, 0])],
    [5n, days([0, 0, 1, 0, 0, 0, 0])],
  ]),
};

describe('rollupFigures', () => {
  it('counts groups per bucket and distinct over the range, without labels', () => {
    const { topValues, rows } = rollupFigures(groupDays, {
      range,
      interval: 'WEEK',
      measure: 'UNIQUES',
      breakdownLimit: null,
      labels: null,
    });
    expect(topValues).toEqual([]);
    expect(rows).toEqual([
      { bucket: '2026-10-05', kind: 'NONE', value: null, uniques: 4, totals: 10 },
      { bucket: '2026-10-12', kind: 'NONE', value: null, uniques: 2, totals: 6 },
      { bucket: null, kind: 'NONE', value: null, uniques: 5, totals: 16 },
    ]);
  });

  it('ranks values by groups, then events, then byte order; the rest OTHER, unset NONE, filtered out absent', () => {
    const labels = new Map<bigint, string | null>([
      [1n, 'b'],
      [2n, 'a'],
      [3n, 'Z'],
      [4n, null],
      // group 5 does not pass the group filters
    ]);
    const { topValues, rows } = rollupFigures(groupDays, {
      range,
      interval: 'DAY',
      measure: 'UNIQUES',
      breakdownLimit: 2,
      labels,
    });
    // One group each: 'Z' has the most events; 'a' and 'b' tie (3 each) and go in byte order.
    expect(topValues).toEqual(['Z', 'a']);
    const range_ = rows.filter((row) => row.bucket === null);
    expect(range_).toEqual([
      { bucket: null, kind: 'VALUE', value: 'Z', uniques: 1, totals: 4 },
      { bucket: null, kind: 'VALUE', value: 'a', uniques: 1, totals: 3 },
      { bucket: null, kind: 'OTHER', value: null, uniques: 1, totals: 3 },
      { bucket: null, kind: 'NONE', value: null, uniques: 1, totals: 5 },
    ]);
    expect(rows.filter((row) => row.kind === 'OTHER' && row.bucket !== null)).toEqual([
      { bucket: '2026-10-07', kind: 'OTHER', value: null, uniques: 1, totals: 1 },
      { bucket: '2026-10-12', kind: 'OTHER', value: null, uniques: 1, totals: 2 },
    ]);
    const byTotals = rollupFigures(groupDays, { range, interval: 'DAY', measure: 'TOTALS', breakdownLimit: 3, labels });
    expect(byTotals.topValues).toEqual(['Z', 'a', 'b']);
  });
});
