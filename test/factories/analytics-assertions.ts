// Compares one GroupSummary from the API with the independent computation, figure by figure.
import { assessRisk, classifyTrend, listDays } from '@leadmaps/shared';
import { expect } from 'vitest';
import type { ExpectedGroupFigures, Range } from './analytics-oracle';

export interface FigureSettings {
  keyActions: string[];
  steady?: number;
  sharp?: number;
}

/** The risk rule is the specification (shared); its inputs come from the replay. */
export function expectedRisk(expected: ExpectedGroupFigures, range: Range, settings: FigureSettings) {
  return assessRisk({
    trend: classifyTrend(expected.trendCurrent, expected.trendPrevious, { steadyPercent: settings.steady ?? 15, sharpPercent: settings.sharp ?? -50 }),
    metric: settings.keyActions.length ? 'KEY_ACTIONS' : 'EVENTS',
    rangeDays: listDays(range).length,
    peopleOnRecord: expected.peopleOnRecordAtEnd,
    peopleActiveRecently: expected.peopleActiveInLast14Days,
    activeRecently: expected.anyActivityInLast14Days,
  });
}

export function expectSummaryMatches(node: any, expected: ExpectedGroupFigures, range: Range, settings: FigureSettings) {
  const context = `${node.value} over ${range.from}..${range.to}`;
  const risk = expectedRisk(expected, range, settings);
  const { events, keyActions, sessions, activePeople, peopleOnRecord, lastSeen, trend, atRisk, riskReasons } = node;
  expect({ context, figures: { events, keyActions, sessions, activePeople, peopleOnRecord, lastSeen, trend, atRisk, riskReasons } }).toEqual({
    context,
    figures: {
      events: expected.events,
      keyActions: expected.keyActions,
      sessions: expected.sessions,
      activePeople: expected.activePeople,
      peopleOnRecord: expected.peopleOnRecord,
      lastSeen: expected.lastSeen === null ? null : new Date(expected.lastSeen).toISOString(),
      trend: {
        label: expected.trendLabel,
        metric: settings.keyActions.length ? 'KEY_ACTIONS' : 'EVENTS',
        current: expected.trendCurrent,
        previous: expected.trendPrevious,
        percentChange: expected.percentChange,
      },
      atRisk: risk.atRisk,
      riskReasons: risk.reasons,
    },
  });
  expect(node.sparkline.map((point: any) => point.day)).toEqual(listDays(range));
  for (const point of node.sparkline) {
    expect(point, `${context} on ${point.day}`).toEqual({ day: point.day, events: expected.daily.get(point.day)?.events ?? 0, keyActions: expected.daily.get(point.day)?.keyActions ?? 0 });
  }
}
