// Turns rollup rows into the figures of one group: trend, risk and a zero-filled sparkline.
import {
  assessRisk,
  classifyTrend,
  listDays,
  type RiskAssessment,
  type TrendMetric,
  type TrendResult,
} from '@leadmaps/shared';
import type { AnalyticsWindow } from './analytics-window';
import type { GroupDailyRow } from './queries/group-daily-series.query';
import type { GroupPeopleRow } from './queries/group-people.query';
import type { GroupRankingRow } from './queries/group-ranking.query';

export interface DailyPoint {
  day: string;
  events: number;
  keyActions: number;
}

export interface GroupSummary {
  groupId: bigint;
  groupType: string;
  value: string;
  name: string;
  activePeople: number;
  peopleOnRecord: number;
  events: number;
  keyActions: number;
  sessions: number;
  lastSeen: Date | null;
  trend: TrendResult & { metric: TrendMetric };
  atRisk: boolean;
  riskReasons: string[];
  sparkline: DailyPoint[];
}

export function trendOfRow(window: AnalyticsWindow, row: GroupRankingRow): TrendResult {
  return classifyTrend(row.currentMetric, row.previousMetric, window.thresholds);
}

export function riskOfRow(
  window: AnalyticsWindow,
  row: GroupRankingRow,
  people: GroupPeopleRow | undefined,
): RiskAssessment {
  return assessRisk({
    trend: trendOfRow(window, row),
    metric: window.metric,
    rangeDays: window.days,
    peopleOnRecord: people?.peopleOnRecordAtRangeEnd ?? 0,
    peopleActiveRecently: people?.peopleActiveRecently ?? 0,
    activeRecently: row.recentEvents > 0,
  });
}

export function buildSparklines(window: AnalyticsWindow, rows: readonly GroupDailyRow[]): Map<bigint, DailyPoint[]> {
  const byGroup = new Map<bigint, Map<string, GroupDailyRow>>();
  for (const row of rows) {
    let days = byGroup.get(row.groupId);
    if (!days) {
      days = new Map();
      byGroup.set(row.groupId, days);
    }
    days.set(row.day, row);
  }
  const days = listDays(window.range);
  const sparklines = new Map<bigint, DailyPoint[]>();
  for (const [groupId, rowsByDay] of byGroup) {
    sparklines.set(
      groupId,
      days.map((day) => ({
        day,
        events: rowsByDay.get(day)?.events ?? 0,
        keyActions: rowsByDay.get(day)?.keyActions ?? 0,
      })),
    );
  }
  return sparklines;
}

export function emptySparkline(window: AnalyticsWindow): DailyPoint[] {
  return listDays(window.range).map((day) => ({ day, events: 0, keyActions: 0 }));
}

export function buildGroupSummary(
  window: AnalyticsWindow,
  groupType: string,
  row: GroupRankingRow,
  people: GroupPeopleRow | undefined,
  sparkline: DailyPoint[] | undefined,
): GroupSummary {
  const trend = trendOfRow(window, row);
  const risk = riskOfRow(window, row, people);
  return {
    groupId: row.groupId,
    groupType,
    value: row.value,
    name: row.name,
    activePeople: people?.activePeople ?? row.activePeople ?? 0,
    peopleOnRecord: people?.peopleOnRecord ?? row.peopleOnRecord ?? 0,
    events: row.events,
    keyActions: row.keyActions,
    sessions: row.sessions,
    lastSeen: row.lastSeen ?? null,
    trend: { ...trend, metric: window.metric },
    atRisk: risk.atRisk,
    riskReasons: risk.reasons,
    sparkline: sparkline ?? emptySparkline(window),
  };
}
