import { describe, expect, it } from 'vitest';
import { resolveAnalyticsWindow } from './analytics-window';
import { decodeGroupCursor, encodeGroupCursor } from './group-cursor';
import { buildGroupSummary, buildSparklines } from './group-summary';

const project = {
  id: 1,
  name: 'P',
  timeZone: 'Asia/Tokyo',
  ingestKey: 'k',
  keyActions: [] as string[],
  trendSteadyPercent: 15,
  trendSharpPercent: -50,
  segmentGroupTypeTrait: 'group_type',
  segmentGroupValueTrait: null,
};

describe('analytics window', () => {
  it('derives the previous range, the recent window and the metric', () => {
    const window = resolveAnalyticsWindow(project, { from: '2026-11-01', to: '2026-11-07' });
    expect(window).toMatchObject({
      days: 7,
      previousRange: { from: '2026-10-25', to: '2026-10-31' },
      recentFrom: '2026-10-25',
      scanFrom: '2026-10-25',
      metric: 'EVENTS',
    });
    expect(resolveAnalyticsWindow(project, { from: '2026-11-01', to: '2026-11-03' }).scanFrom).toBe('2026-10-21');
  });

  it('defaults to the last 30 days in the project time zone', () => {
    const window = resolveAnalyticsWindow(
      { ...project, keyActions: ['Signed'] },
      null,
      new Date('2026-11-25T20:00:00Z'),
    );
    expect(window.range).toEqual({ from: '2026-10-28', to: '2026-11-26' });
    expect(window.metric).toBe('KEY_ACTIONS');
  });

  it('refuses backwards ranges with a code', () => {
    expect(() => resolveAnalyticsWindow(project, { from: '2026-11-02', to: '2026-11-01' })).toThrow(/after it ends/);
  });
});

describe('group summaries', () => {
  const window = resolveAnalyticsWindow(project, { from: '2026-11-01', to: '2026-11-03' });
  const row = {
    groupId: 7n,
    value: 'acme',
    name: 'Acme',
    lastSeen: new Date('2026-11-03T10:00:00Z'),
    events: 12,
    keyActions: 0,
    sessions: 2,
    currentMetric: 12,
    previousMetric: 100,
    recentEvents: 12,
    activePeople: null,
    peopleOnRecord: null,
    totalCount: 1,
  };

  it('fills sparkline days without activity with zeros', () => {
    const sparklines = buildSparklines(window, [{ groupId: 7n, day: '2026-11-02', events: 5, keyActions: 1 }]);
    expect(sparklines.get(7n)).toEqual([
      { day: '2026-11-01', events: 0, keyActions: 0 },
      { day: '2026-11-02', events: 5, keyActions: 1 },
      { day: '2026-11-03', events: 0, keyActions: 0 },
    ]);
  });

  it('labels the trend and explains the risk', () => {
    const people = {
      groupId: 7n,
      activePeople: 2,
      peopleOnRecord: 11,
      peopleOnRecordAtRangeEnd: 11,
      peopleActiveRecently: 2,
    };
    const summary = buildGroupSummary(window, 'company', row, people, undefined);
    expect(summary.trend).toEqual({
      label: 'FALLING_SHARPLY',
      metric: 'EVENTS',
      current: 12,
      previous: 100,
      percentChange: -88,
    });
    expect(summary.atRisk).toBe(true);
    expect(summary.riskReasons).toEqual([
      'events \u221288% vs previous 3 days (12 vs 100)',
      '9 of 11 people inactive for 14+ days',
    ]);
    expect(summary.sparkline).toHaveLength(3);
    expect(summary.activePeople).toBe(2);
  });
});

describe('group cursors', () => {
  it('are opaque offsets that point past the row they name', () => {
    expect(decodeGroupCursor(encodeGroupCursor(49))).toBe(50);
    expect(decodeGroupCursor(null)).toBe(0);
    expect(encodeGroupCursor(0)).not.toContain('0:');
    expect(() => decodeGroupCursor('bm9wZQ')).toThrow(/cursor/);
    expect(() => decodeGroupCursor(Buffer.from('offset:-3').toString('base64url'))).toThrow(/cursor/);
  });
});
