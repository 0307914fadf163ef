import { describe, expect, it } from 'vitest';
import {
  addDays,
  effectiveIntervalDays,
  firstPickupDate,
  isDue,
  nextDailyRunAt,
  nextHourlyRunAt,
  nextPickupDate,
  reschedulePickupDate,
  utcDay,
} from './pickup-dates';

describe('pickup dates', () => {
  it('adds the interval to the day of the last update', () => {
    expect(nextPickupDate('2017-09-01', 7)).toBe('2017-09-08');
    expect(nextPickupDate('2026-03-10', 1)).toBe('2026-03-11');
  });

  it('crosses month and year ends and leap days', () => {
    expect(nextPickupDate('2026-01-31', 1)).toBe('2026-02-01');
    expect(nextPickupDate('2026-01-31', 30)).toBe('2026-03-02');
    expect(nextPickupDate('2028-01-31', 30)).toBe('2028-03-01');
    expect(nextPickupDate('2026-02-28', 1)).toBe('2026-03-01');
    expect(nextPickupDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(nextPickupDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(nextPickupDate('2026-12-25', 7)).toBe('2027-01-01');
    expect(nextPickupDate('2026-04-30', 30)).toBe('2026-05-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('does not shift across daylight-saving changes (days are UTC)', () => {
    expect(nextPickupDate('2026-03-28', 1)).toBe('2026-03-29');
    expect(nextPickupDate('2026-10-24', 7)).toBe('2026-10-31');
  });

  it('runs first at the next day’s job after activation', () => {
    expect(firstPickupDate('2026-09-01')).toBe('2026-09-02');
    expect(firstPickupDate('2026-08-31')).toBe('2026-09-01');
    expect(isDue(null, '2026-09-01', '2026-09-01')).toBe(false);
    expect(isDue(null, '2026-09-01', '2026-09-02')).toBe(true);
    expect(isDue(null, null, '2026-09-02')).toBe(false);
  });

  it('is due on and after the pickup date', () => {
    expect(isDue('2026-09-08', '2026-08-01', '2026-09-07')).toBe(false);
    expect(isDue('2026-09-08', '2026-08-01', '2026-09-08')).toBe(true);
    expect(isDue('2026-09-08', '2026-08-01', '2026-09-10')).toBe(true);
  });

  it('moves scheduled pickups when the interval changes', () => {
    // Last update Sep 1, weekly: due Sep 8. Switched to monthly: Oct 1. Switched to daily: Sep 2.
    expect(reschedulePickupDate('2026-09-08', 7, 30)).toBe('2026-10-01');
    expect(reschedulePickupDate('2026-09-08', 7, 1)).toBe('2026-09-02');
    expect(reschedulePickupDate('2026-02-28', 1, 3)).toBe('2026-03-02');
    expect(nextPickupDate('2026-09-01', 30)).toBe(reschedulePickupDate(nextPickupDate('2026-09-01', 7), 7, 30));
  });

  it('takes the UTC day of an instant', () => {
    expect(utcDay(new Date('2026-09-01T23:30:00-05:00'))).toBe('2026-09-02');
  });

  it('finds the next daily job time', () => {
    expect(nextDailyRunAt(new Date('2026-09-01T05:59:59Z'), 6).toISOString()).toBe('2026-09-01T06:00:00.000Z');
    expect(nextDailyRunAt(new Date('2026-09-01T06:00:00Z'), 6).toISOString()).toBe('2026-09-02T06:00:00.000Z');
    expect(nextDailyRunAt(new Date('2026-12-31T12:00:00Z'), 6).toISOString()).toBe('2027-01-01T06:00:00.000Z');
  });

  it('hourly: due again the same day, first due on the activation day, next job at the next full hour', () => {
    expect(effectiveIntervalDays({ hourly: true, intervalDays: 7 })).toBe(0);
    expect(effectiveIntervalDays({ hourly: false, intervalDays: 7 })).toBe(7);
    expect(nextPickupDate('2026-09-01', effectiveIntervalDays({ hourly: true, intervalDays: 7 }))).toBe('2026-09-01');
    expect(firstPickupDate('2026-09-01', true)).toBe('2026-09-01');
    expect(firstPickupDate('2026-09-01', false)).toBe('2026-09-02');
    expect(nextHourlyRunAt(new Date('2026-09-01T10:20:00Z')).toISOString()).toBe('2026-09-01T11:00:00.000Z');
    expect(nextHourlyRunAt(new Date('2026-09-01T10:00:00Z')).toISOString()).toBe('2026-09-01T11:00:00.000Z');
    expect(nextHourlyRunAt(new Date('2026-12-31T23:59:59Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
