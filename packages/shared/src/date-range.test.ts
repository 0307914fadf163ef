import { describe, expect, it } from 'vitest';
import {
  addDays,
  defaultRange,
  describeInvalidRange,
  isLocalDay,
  listDays,
  listWeekStarts,
  previousRange,
  rangeLength,
  todayInTimeZone,
  weekStart,
  weeksBetween,
} from './date-range';

describe('date ranges on project-local days', () => {
  it('recognises only real calendar days', () => {
    expect(isLocalDay('2026-02-28')).toBe(true);
    expect(isLocalDay('2026-02-29')).toBe(false);
    expect(isLocalDay('2026-2-1')).toBe(false);
    expect(isLocalDay('2024-02-29')).toBe(true);
    expect(isLocalDay('2026-02-30')).toBe(false);
    expect(isLocalDay('2026-04-31')).toBe(false);
    expect(isLocalDay('2026-12-31')).toBe(true);
    expect(isLocalDay('2026-13-01')).toBe(false);
    expect(isLocalDay('2026-00-10')).toBe(false);
    expect(isLocalDay('2026-01-00')).toBe(false);
    expect(isLocalDay('1900-02-29')).toBe(false);
    expect(isLocalDay('2000-02-29')).toBe(true);
    expect(isLocalDay(' 2026-01-01')).toBe(false);
    expect(isLocalDay('')).toBe(false);
    expect(isLocalDay(null)).toBe(false);
    expect(isLocalDay(undefined)).toBe(false);
  });

  it('adds days across months, years and daylight-saving changes', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('measures inclusive lengths and the previous range of equal length', () => {
    const range = { from: '2026-11-01', to: '2026-11-30' };
    expect(rangeLength(range)).toBe(30);
    expect(previousRange(range)).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(previousRange({ from: '2026-11-05', to: '2026-11-05' })).toEqual({ from: '2026-11-04', to: '2026-11-04' });
    expect(listDays({ from: '2026-10-30', to: '2026-11-02' })).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
  });

  it('finds ISO weeks (Monday first)', () => {
    expect(weekStart('2026-11-25')).toBe('2026-11-23'); // a Wednesday
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-22')).toBe('2026-11-16'); // a Sunday
    expect(listWeekStarts({ from: '2026-11-22', to: '2026-12-01' })).toEqual([
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
    expect(weeksBetween('2026-11-16', '2026-11-30')).toBe(2);
  });

  it('knows which day it is in the project time zone', () => {
    const instant = new Date('2026-11-25T23:30:00Z');
    expect(todayInTimeZone('UTC', instant)).toBe('2026-11-25');
    expect(todayInTimeZone('Asia/Tokyo', instant)).toBe('2026-11-26');
    expect(todayInTimeZone('America/Los_Angeles', instant)).toBe('2026-11-25');
    expect(defaultRange('Asia/Tokyo', instant)).toEqual({ from: '2026-10-28', to: '2026-11-26' });
  });

  it('explains unusable ranges', () => {
    expect(describeInvalidRange({ from: '2026-11-02', to: '2026-11-01' })).toMatch(/after it ends/);
    expect(describeInvalidRange({ from: 'yesterday', to: '2026-11-01' })).toMatch(/YYYY-MM-DD/);
    expect(describeInvalidRange({ from: '2020-01-01', to: '2026-11-01' })).toMatch(/at most/);
    expect(describeInvalidRange({ from: '2026-11-01', to: '2026-11-01' })).toBeNull();
  });
});
