// The Groups list ranked from the rollup history in memory (analysis/group-history.ts): any range,
// any sort but by name, trend and risk filters, with the same order and figures as the ranking
// statement (queries/group-ranking.query.ts): sort value in the asked direction with nulls last,
// then value and id ascending, which the history's order of groups already is.
import { classifyTrend, isRiskCandidate, percentChange, type TrendLabel } from '@leadmaps/shared';
import type { GroupHistory, GroupSlot } from './group-history';
import { epochDayOf } from './group-history';
import type { AnalyticsWindow } from './analytics-window';
import { riskOfRow } from './group-summary';
import type { GroupDailyRow } from './queries/group-daily-series.query';
import type { GroupPeopleRow } from './queries/group-people.query';
import type { GroupRankingRow, GroupSortField, SortDirection } from './queries/group-ranking.query';

/** A row's figures without its name (the page's names are read by primary key). */
export type GroupFigures = Omit<GroupRankingRow, 'value' | 'name' | 'lastSeen' | 'totalCount'>;

interface WindowDays {
  from: number;
  to: number;
  previousFrom: number;
  previousTo: number;
  recentFrom: number;
}

function daysOf(window: AnalyticsWindow): WindowDays {
  return {
    from: epochDayOf(window.range.from),
    to: epochDayOf(window.range.to),
    previousFrom: epochDayOf(window.previousRange.from),
    previousTo: epochDayOf(window.previousRange.to),
    recentFrom: epochDayOf(window.recentFrom),
  };
}

export function canRankFromHistory(request: {
  sort: { field: GroupSortField };
  search?: unknown;
  cohortId?: number | null;
}): boolean {
  return request.sort.field !== 'NAME' && !request.search && (request.cohortId ?? null) === null;
}

export class HistoryReader {
  private readonly days: WindowDays;
  private readonly metricColumn: 'keyActions' | 'events';

  constructor(
    private readonly history: GroupHistory,
    private readonly window: AnalyticsWindow,
  ) {
    this.days = daysOf(window);
    this.metricColumn = window.metric === 'KEY_ACTIONS' ? 'keyActions' : 'events';
  }

  slotOf(groupId: bigint): GroupSlot | undefined {
    return this.history.slotsById.get(groupId);
  }

  figures(slot: GroupSlot): GroupFigures {
    const { history, days } = this;
    const record = slot.record;
    const events = history.sum(record, 'events', days.from, days.to);
    const keyActions = history.sum(record, 'keyActions', days.from, days.to);
    return {
      groupId: record.groupId,
      events,
      keyActions,
      sessions: history.sum(record, 'sessions', days.from, days.to),
      currentMetric: this.metricColumn === 'keyActions' ? keyActions : events,
      previousMetric: history.sum(record, this.metricColumn, days.previousFrom, days.previousTo),
      recentEvents: history.sum(record, 'events', days.recentFrom, days.to),
      activePeople: null,
      peopleOnRecord: null,
    };
  }

  people(slot: GroupSlot): GroupPeopleRow {
    const { history, days } = this;
    const record = slot.record;
    return {
      groupId: record.groupId,
      activePeople: history.activePeople(record, days.from, days.to),
      peopleOnRecord: record.memberFirstDays.length,
      peopleOnRecordAtRangeEnd: history.membersBy(record, days.to),
      peopleActiveRecently: history.activePeople(record, days.recentFrom, days.to),
    };
  }

  /** Daily rows of the range for a sparkline. */
  series(slot: GroupSlot): GroupDailyRow[] {
    return this.history.daysBetween(slot.record, this.days.from, this.days.to).map((day) => ({
      groupId: slot.record.groupId,
      day: new Date(day.epochDay * 86_400_000).toISOString().slice(0, 10),
      events: day.events,
      keyActions: day.keyActions,
    }));
  }

  private current(slot: GroupSlot): number {
    return this.history.sum(slot.record, this.metricColumn, this.days.from, this.days.to);
  }

  private previous(slot: GroupSlot): number {
    return this.history.sum(slot.record, this.metricColumn, this.days.previousFrom, this.days.previousTo);
  }

  private sortValue(slot: GroupSlot, field: GroupSortField): number | null {
    const { history, days } = this;
    const record = slot.record;
    switch (field) {
      case 'KEY_ACTIONS':
        return history.sum(record, 'keyActions', days.from, days.to);
      case 'EVENTS':
        return history.sum(record, 'events', days.from, days.to);
      case 'SESSIONS':
        return history.sum(record, 'sessions', days.from, days.to);
      case 'ACTIVE_PEOPLE':
        return history.activePeople(record, days.from, days.to);
      case 'PEOPLE_ON_RECORD':
        return record.memberFirstDays.length;
      case 'TREND_PERCENT':
        return percentChange(this.current(slot), this.previous(slot));
      case 'LAST_SEEN':
        return slot.lastSeen;
      case 'NAME':
        throw new Error('a sort by name is ranked in SQL');
    }
  }

  /**
   * The groups that pass the filters: how many, and the first `needed` of them in page order.
   * `atRisk` keeps the groups whose risk (which needs their people, counted for the risk
   * candidates only) is the one asked for.
   */
  rank(
    request: {
      sort: { field: GroupSortField; direction: SortDirection };
      trendLabels?: readonly TrendLabel[] | null;
      atRisk?: boolean | null;
    },
    needed: number,
  ): { slots: GroupSlot[]; totalCount: number } {
    const labels = request.trendLabels?.length ? new Set(request.trendLabels) : null;
    const atRisk = request.atRisk ?? null;
    const thresholds = this.window.thresholds;
    const kept: GroupSlot[] = [];
    const keys = new Float64Array(this.history.slots.length);
    const descending = request.sort.direction === 'DESC';
    for (const slot of this.history.slots) {
      if (labels || atRisk !== null) {
        const trend = classifyTrend(this.current(slot), this.previous(slot), thresholds);
        if (labels && !labels.has(trend.label)) continue;
        if (atRisk !== null) {
          // Only a candidate can be at risk; its people decide.
          const candidate = isRiskCandidate(trend, this.window.days);
          const risky = candidate && riskOfRow(this.window, this.rankingRowOf(slot), this.people(slot)).atRisk;
          if (risky !== atRisk) continue;
        }
      }
      const value = this.sortValue(slot, request.sort.field);
      // Ascending keys in page order: nulls last whatever the direction.
      keys[kept.length] = value === null ? Number.POSITIVE_INFINITY : descending ? -value : value;
      kept.push(slot);
    }
    const totalCount = kept.length;
    let chosen = Array.from({ length: totalCount }, (_, index) => index);
    if (needed < totalCount) {
      // Only the groups at or before the page's last key (ties included) can be on the page.
      const cutoff = keys.slice(0, totalCount).sort()[Math.max(0, needed - 1)]!;
      chosen = chosen.filter((index) => keys[index]! <= cutoff);
    }
    chosen.sort((left, right) => keys[left]! - keys[right]! || kept[left]!.order - kept[right]!.order);
    return { slots: chosen.slice(0, needed).map((index) => kept[index]!), totalCount };
  }

  /** The figures risk is assessed on, as a ranking row (name and value play no part). */
  rankingRowOf(slot: GroupSlot): GroupRankingRow {
    return { ...this.figures(slot), value: '', name: '', lastSeen: new Date(slot.lastSeen), totalCount: 0 };
  }
}
