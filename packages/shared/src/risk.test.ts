import { describe, expect, it } from 'vitest';
import { formatPercentChange } from './format';
import { assessRisk, isRiskCandidate, minimumPreviousActivity } from './risk';
import { classifyTrend } from './trend';

const thresholds = { steadyPercent: 15, sharpPercent: -50 };

function input(
  current: number,
  previous: number,
  people: { onRecord: number; activeRecently: number },
  activeRecently = true,
) {
  return {
    trend: classifyTrend(current, previous, thresholds),
    metric: 'KEY_ACTIONS' as const,
    rangeDays: 30,
    peopleOnRecord: people.onRecord,
    peopleActiveRecently: people.activeRecently,
    activeRecently,
  };
}

describe('going quiet', () => {
  it('flags a busy account that fell sharply, with reasons in words and numbers', () => {
    expect(assessRisk(input(13, 100, { onRecord: 11, activeRecently: 2 }))).toEqual({
      atRisk: true,
      reasons: ['key actions \u221287% vs previous 30 days (13 vs 100)', '9 of 11 people inactive for 14+ days'],
    });
  });

  it('flags a falling account whose people went quiet or which went silent', () => {
    expect(assessRisk(input(70, 100, { onRecord: 4, activeRecently: 1 })).atRisk).toBe(true);
    const silent = assessRisk(input(70, 100, { onRecord: 4, activeRecently: 4 }, false));
    expect(silent).toEqual({
      atRisk: true,
      reasons: ['key actions \u221230% vs previous 30 days (70 vs 100)', 'no activity in the last 14 days'],
    });
  });

  it('does not flag a mild fall while its people are still active', () => {
    expect(assessRisk(input(70, 100, { onRecord: 4, activeRecently: 3 }))).toEqual({ atRisk: false, reasons: [] });
  });

  it('does not flag accounts that were always small', () => {
    expect(minimumPreviousActivity(30)).toBe(30);
    expect(minimumPreviousActivity(7)).toBe(10);
    expect(assessRisk(input(0, 12, { onRecord: 3, activeRecently: 0 }, false)).atRisk).toBe(false);
    expect(assessRisk(input(0, 30, { onRecord: 3, activeRecently: 0 }, false)).atRisk).toBe(true);
  });

  it('never flags new, steady, rising or inactive accounts', () => {
    expect(assessRisk(input(500, 0, { onRecord: 10, activeRecently: 0 })).atRisk).toBe(false);
    expect(assessRisk(input(100, 100, { onRecord: 10, activeRecently: 0 }, false)).atRisk).toBe(false);
    expect(assessRisk(input(200, 100, { onRecord: 10, activeRecently: 0 })).atRisk).toBe(false);
    expect(assessRisk(input(0, 0, { onRecord: 10, activeRecently: 0 }, false)).atRisk).toBe(false);
    expect(isRiskCandidate(classifyTrend(500, 0, thresholds), 30)).toBe(false);
  });

  it('formats changes with a real minus sign', () => {
    expect(formatPercentChange(-86.6)).toBe('\u221287%');
    expect(formatPercentChange(12.2)).toBe('+12%');
    expect(formatPercentChange(0.2)).toBe('0%');
    expect(formatPercentChange(null)).toBe('new');
  });
});
