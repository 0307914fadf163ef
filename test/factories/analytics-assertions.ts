// Compares one GroupSummary from the API with the independent computation, figure by figure.
import { expect } from 'vitest';
import { daysOf } from './calendar';
import type { GroupSummaryNode } from './analytics-client';
import type { ExpectedGroupFigures, Range } from './analytics-oracle';

export interface FigureSettings {
  keyActions: string[];
  steady?: number;
  sharp?: number;
}

export function expectSummaryMatches(
  node: GroupSummaryNode,
  expected: ExpectedGroupFigures,
  range: Range,
  settings: FigureSettings,
) {
  const context = `${node.value} over ${range.from}..${range.to}`;
  const { events, keyActions, sessions, activePeople, peopleOnRecord, lastSeen, trend, atRisk, riskReasons } = node;
  const figures = { events, keyActions, sessions, activePeople, peopleOnRecord, lastSeen, trend, atRisk, riskReasons };
  expect({ context, figures }).toEqual({
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
      atRisk: expected.atRisk,
      riskReasons: expected.riskReasons,
    },
  });
  const days = daysOf(range);
  expect(
    node.sparkline.map((point) => point.day),
    context,
  ).toEqual(days);
  expect(node.sparkline, context).toEqual(
    days.map((day) => ({
      day,
      events: expected.daily.get(day)?.events ?? 0,
      keyActions: expected.daily.get(day)?.keyActions ?? 0,
    })),
  );
}
