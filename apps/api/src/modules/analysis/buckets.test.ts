import { describe, expect, it } from 'vitest';
import { bucketStart, listBuckets } from './buckets';

describe('chart buckets', () => {
  it('starts weeks on Monday and months on the first, across year ends', () => {
    expect(bucketStart('2026-10-04', 'WEEK')).toBe('2026-09-28'); // a Sunday
    expect(bucketStart('2026-10-05', 'WEEK')).toBe('2026-10-05'); // a Monday
    expect(bucketStart('2027-01-01', 'WEEK')).toBe('2026-12-28');
    expect(bucketStart('2026-12-31', 'MONTH')).toBe('2026-12-01');
    expect(bucketStart('2026-12-31', 'DAY')).toBe('2026-12-31');
  });

  it('lists every bucket holding a day of the range, partial ones at the edges included', () => {
    expect(listBuckets({ from: '2026-10-30', to: '2026-11-02' }, 'DAY')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
    expect(listBuckets({ from: '2026-10-01', to: '2026-10-19' }, 'WEEK')).toEqual([
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
    ]);
    expect(listBuckets({ from: '2026-11-15', to: '2027-02-01' }, 'MONTH')).toEqual([
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
    ]);
  });
});
