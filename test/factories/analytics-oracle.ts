// The independent computation the analytics tests compare against: it replays the raw events
// exactly as sent (dedup, identify, event-level over user-level groups, attribution at arrival,
// people known by user id or else by device id, group properties) and counts everything in plain
// JavaScript, with no rollup, no SQL and no production code: the rules come from the README
// ("Group rules", "Deduplication") and the hand-written factories next to this file.
import { dayCount, dayInZone, plusDays, rangeBefore } from './calendar';
import { expectedRisk, expectedTrend, type TrendSettings } from './expected-rules';
import type { ScenarioBatch, WireEvent } from './analytics-scenario';

export interface Attribution {
  group: string;
  /** The person's identity: the user id, or the device id of an anonymous person. */
  user: string | null;
  userId: string | null;
  deviceId: string | null;
  time: number;
  eventType: string;
  sessionId: number | null;
  source: 'event' | 'user';
  properties: Record<string, unknown>;
}

export interface PropertyChange {
  key: string;
  value: unknown;
  operation: string;
  source: 'identify';
  changedAt: number;
}

export interface ReplayedScenario {
  groupType: string;
  attributions: Attribution[];
  groups: Set<string>;
  /** Accepted events (not identify calls), duplicates excluded. */
  events: number;
  duplicates: number;
  users: Set<string>;
  /** Per group: its properties after every change, and the changes in the order they were applied. */
  properties: Map<string, { current: Record<string, unknown>; history: PropertyChange[] }>;
}

export interface Range {
  from: string;
  to: string;
}

function valuesOf(groups: WireEvent['groups'], groupType: string): string[] {
  const value = groups?.[groupType];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function applyGroupProperties(
  replayed: ReplayedScenario,
  group: string,
  operations: Record<string, unknown>,
  time: number,
) {
  const state = replayed.properties.get(group) ?? { current: {}, history: [] };
  replayed.properties.set(group, state);
  const record = (key: string, value: unknown, operation: string) =>
    state.history.push({ key, value, operation, source: 'identify', changedAt: time });
  for (const [name, bag] of Object.entries(operations)) {
    if (name !== '$set' && name !== '$unset') throw new Error(`the oracle does not replay ${name}`);
    for (const [key, value] of Object.entries(bag as Record<string, unknown>)) {
      if (name === '$unset') {
        if (!(key in state.current)) continue;
        delete state.current[key];
        record(key, null, '$unset');
      } else if (JSON.stringify(state.current[key]) !== JSON.stringify(value)) {
        state.current[key] = value;
        record(key, value, '$set');
      }
    }
  }
}

export function replayScenario(batches: ScenarioBatch[], groupType: string): ReplayedScenario {
  const seen = new Set<string>();
  const membership = new Map<string, string>();
  const replayed: ReplayedScenario = {
    groupType,
    attributions: [],
    groups: new Set(),
    events: 0,
    duplicates: 0,
    users: new Set(),
    properties: new Map(),
  };
  for (const batch of batches) {
    for (const event of batch.events) {
      if (event.insert_id) {
        const key = `${event.device_id ?? event.user_id ?? ''}:${event.insert_id}`;
        if (seen.has(key)) {
          replayed.duplicates += 1;
          continue;
        }
        seen.add(key);
      }
      const user = event.user_id ?? event.device_id ?? null;
      if (user) replayed.users.add(user);
      const values = valuesOf(event.groups, groupType);
      for (const value of values) replayed.groups.add(value);
      if (event.event_type === '$identify') {
        if (user && values.length) membership.set(user, values.at(-1)!);
        continue;
      }
      if (event.event_type === '$groupidentify') {
        for (const value of values) applyGroupProperties(replayed, value, event.group_properties ?? {}, event.time);
        continue;
      }
      replayed.events += 1;
      const base = {
        user,
        userId: event.user_id ?? null,
        deviceId: event.user_id ? null : (event.device_id ?? null),
        time: event.time,
        eventType: event.event_type,
        sessionId: event.session_id ?? null,
        properties: event.event_properties ?? {},
      };
      if (values.length) {
        for (const group of values) replayed.attributions.push({ ...base, group, source: 'event' });
      } else if (user && membership.has(user)) {
        replayed.attributions.push({ ...base, group: membership.get(user)!, source: 'user' });
      }
    }
  }
  return replayed;
}

export const localDayOf = dayInZone;

function inRange(day: string, range: Range): boolean {
  return day >= range.from && day <= range.to;
}

export const previousOf = rangeBefore;

export interface FigureOptions extends TrendSettings {
  keyActions: string[];
  timeZone: string;
}

export interface ExpectedGroupFigures {
  value: string;
  events: number;
  keyActions: number;
  sessions: number;
  activePeople: number;
  peopleOnRecord: number;
  lastSeen: number | null;
  trendCurrent: number;
  trendPrevious: number;
  trendLabel: string;
  percentChange: number | null;
  peopleOnRecordAtEnd: number;
  peopleActiveInLast14Days: number;
  anyActivityInLast14Days: boolean;
  atRisk: boolean;
  riskReasons: string[];
  daily: Map<string, { events: number; keyActions: number }>;
}

export function expectedFigures(
  replayed: ReplayedScenario,
  group: string,
  range: Range,
  options: FigureOptions,
): ExpectedGroupFigures {
  const rows = replayed.attributions
    .filter((row) => row.group === group)
    .map((row) => ({ ...row, day: dayInZone(row.time, options.timeZone) }));
  const isKey = (row: Attribution) => options.keyActions.includes(row.eventType);
  const current = rows.filter((row) => inRange(row.day, range));
  const previous = rows.filter((row) => inRange(row.day, rangeBefore(range)));
  const recentRange = { from: plusDays(range.to, -13), to: range.to };
  const recent = rows.filter((row) => inRange(row.day, recentRange));
  const usesKeyActions = options.keyActions.length > 0;
  const metric = (list: typeof rows) => (usesKeyActions ? list.filter(isKey).length : list.length);

  const firstSessionDay = new Map<string, string>();
  for (const row of [...rows].sort((left, right) => left.time - right.time)) {
    if (row.user === null || row.sessionId === null) continue;
    const key = `${row.user}:${row.sessionId}`;
    if (!firstSessionDay.has(key)) firstSessionDay.set(key, row.day);
  }
  const firstSeenByUser = new Map<string, number>();
  for (const row of rows)
    if (row.user) firstSeenByUser.set(row.user, Math.min(row.time, firstSeenByUser.get(row.user) ?? Infinity));
  const daily = new Map<string, { events: number; keyActions: number }>();
  for (const row of current) {
    const point = daily.get(row.day) ?? { events: 0, keyActions: 0 };
    point.events += 1;
    if (isKey(row)) point.keyActions += 1;
    daily.set(row.day, point);
  }
  const trendCurrent = metric(current);
  const trendPrevious = metric(previous);
  const trend = expectedTrend(trendCurrent, trendPrevious, options);
  const peopleOnRecordAtEnd = [...firstSeenByUser.values()].filter(
    (first) => dayInZone(first, options.timeZone) <= range.to,
  ).length;
  const peopleActiveInLast14Days = new Set(recent.filter((row) => row.user).map((row) => row.user)).size;
  const risk = expectedRisk({
    trend,
    current: trendCurrent,
    previous: trendPrevious,
    usesKeyActions,
    rangeDays: dayCount(range),
    peopleOnRecordAtEnd,
    peopleActiveInLast14Days,
    anyActivityInLast14Days: recent.length > 0,
  });
  return {
    value: group,
    events: current.length,
    keyActions: current.filter(isKey).length,
    sessions: [...firstSessionDay.values()].filter((day) => inRange(day, range)).length,
    activePeople: new Set(current.filter((row) => row.user).map((row) => row.user)).size,
    peopleOnRecord: new Set(rows.filter((row) => row.user).map((row) => row.user)).size,
    lastSeen: rows.length ? Math.max(...rows.map((row) => row.time)) : null,
    trendCurrent,
    trendPrevious,
    trendLabel: trend.label,
    percentChange: trend.percentChange,
    peopleOnRecordAtEnd,
    peopleActiveInLast14Days,
    anyActivityInLast14Days: recent.length > 0,
    atRisk: risk.atRisk,
    riskReasons: risk.reasons,
    daily,
  };
}

/** Distinct people active in any of the groups in the range. */
export function expectedDistinctActivePeople(replayed: ReplayedScenario, range: Range, timeZone: string): number {
  return new Set(
    replayed.attributions
      .filter((row) => row.user && inRange(dayInZone(row.time, timeZone), range))
      .map((row) => row.user),
  ).size;
}
