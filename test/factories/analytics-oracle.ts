// The independent computation the analytics tests compare against: it replays the raw events
// exactly as sent (dedup, identify, event-level over user-level groups, attribution at arrival)
// and counts everything in plain JavaScript, with no rollup, no SQL and no shared code path.
import type { ScenarioBatch, WireEvent } from './analytics-scenario';

export interface Attribution {
  group: string;
  user: string | null;
  time: number;
  eventType: string;
  sessionId: number | null;
  source: 'event' | 'user';
  properties: Record<string, unknown>;
}

export interface ReplayedScenario {
  attributions: Attribution[];
  groups: Set<string>;
  /** Accepted events (not identify calls), duplicates excluded. */
  events: number;
  duplicates: number;
  users: Set<string>;
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

export function replayScenario(batches: ScenarioBatch[], groupType: string): ReplayedScenario {
  const seen = new Set<string>();
  const membership = new Map<string, string>();
  const replayed: ReplayedScenario = { attributions: [], groups: new Set(), events: 0, duplicates: 0, users: new Set() };
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
      if (event.event_type === '$groupidentify') continue;
      replayed.events += 1;
      const base = { user, time: event.time, eventType: event.event_type, sessionId: event.session_id ?? null, properties: event.event_properties ?? {} };
      if (values.length) {
        for (const group of values) replayed.attributions.push({ ...base, group, source: 'event' });
      } else if (user && membership.has(user)) {
        replayed.attributions.push({ ...base, group: membership.get(user)!, source: 'user' });
      }
    }
  }
  return replayed;
}

export function localDayOf(time: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(time));
}

function inRange(day: string, range: Range): boolean {
  return day >= range.from && day <= range.to;
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function previousOf(range: Range): Range {
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
  return { from: shiftDay(range.from, -days), to: shiftDay(range.from, -1) };
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
  daily: Map<string, { events: number; keyActions: number }>;
}

export function expectedTrendLabel(current: number, previous: number, steady = 15, sharp = -50): { label: string; percentChange: number | null } {
  if (previous === 0) return { label: current > 0 ? 'NEW' : 'INACTIVE', percentChange: null };
  const change = ((current - previous) * 100) / previous;
  const label = change <= sharp ? 'FALLING_SHARPLY' : change < -steady ? 'FALLING' : change > steady ? 'RISING' : 'STEADY';
  return { label, percentChange: change };
}

export function expectedFigures(
  replayed: ReplayedScenario,
  group: string,
  range: Range,
  options: { keyActions: string[]; timeZone: string; steady?: number; sharp?: number },
): ExpectedGroupFigures {
  const rows = replayed.attributions.filter((row) => row.group === group).map((row) => ({ ...row, day: localDayOf(row.time, options.timeZone) }));
  const isKey = (row: Attribution) => options.keyActions.includes(row.eventType);
  const current = rows.filter((row) => inRange(row.day, range));
  const previous = rows.filter((row) => inRange(row.day, previousOf(range)));
  const recentRange = { from: shiftDay(range.to, -13), to: range.to };
  const recent = rows.filter((row) => inRange(row.day, recentRange));
  const metric = (list: typeof rows) => (options.keyActions.length ? list.filter(isKey).length : list.length);

  const firstSessionDay = new Map<string, string>();
  for (const row of [...rows].sort((left, right) => left.time - right.time)) {
    if (row.user === null || row.sessionId === null) continue;
    const key = `${row.user}:${row.sessionId}`;
    if (!firstSessionDay.has(key)) firstSessionDay.set(key, row.day);
  }
  const firstSeenByUser = new Map<string, number>();
  for (const row of rows) if (row.user) firstSeenByUser.set(row.user, Math.min(row.time, firstSeenByUser.get(row.user) ?? Infinity));
  const daily = new Map<string, { events: number; keyActions: number }>();
  for (const row of current) {
    const point = daily.get(row.day) ?? { events: 0, keyActions: 0 };
    point.events += 1;
    if (isKey(row)) point.keyActions += 1;
    daily.set(row.day, point);
  }
  const trend = expectedTrendLabel(metric(current), metric(previous), options.steady, options.sharp);
  return {
    value: group,
    events: current.length,
    keyActions: current.filter(isKey).length,
    sessions: [...firstSessionDay.values()].filter((day) => inRange(day, range)).length,
    activePeople: new Set(current.filter((row) => row.user).map((row) => row.user)).size,
    peopleOnRecord: new Set(rows.filter((row) => row.user).map((row) => row.user)).size,
    lastSeen: rows.length ? Math.max(...rows.map((row) => row.time)) : null,
    trendCurrent: metric(current),
    trendPrevious: metric(previous),
    trendLabel: trend.label,
    percentChange: trend.percentChange,
    peopleOnRecordAtEnd: [...firstSeenByUser.entries()].filter(([, first]) => localDayOf(first, options.timeZone) <= range.to).length,
    peopleActiveInLast14Days: new Set(recent.filter((row) => row.user).map((row) => row.user)).size,
    anyActivityInLast14Days: recent.length > 0,
    daily,
  };
}

/** Distinct people active in any of the groups in the range. */
export function expectedDistinctActivePeople(replayed: ReplayedScenario, range: Range, timeZone: string): number {
  return new Set(replayed.attributions.filter((row) => row.user && inRange(localDayOf(row.time, timeZone), range)).map((row) => row.user)).size;
}
