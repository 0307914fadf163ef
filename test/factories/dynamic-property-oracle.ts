// The independent computation the dynamic property tests compare with, written from the README's
// rules ("Dynamic group properties") over the replayed raw events (analysis-oracle.ts replays them
// as sent: dedup, attribution at arrival, event-level groups first). Plain TypeScript, no SQL, no
// production code; days come from ./calendar.ts.
import { matches, type Filter, type Replay } from './analysis-oracle';
import { dayInZone, mondayOf, plusDays, type DayRange } from './calendar';

export type OracleWindow = { rollingDays: number } | { calendar: 'WEEK' | 'MONTH' };

export interface OracleMeasure {
  eventType?: string;
  filters?: Filter[];
  countedBy: 'PEOPLE' | 'EVENTS';
  measure: 'UNIQUES' | 'TOTALS';
}

/** The complete local days a value computed on local day `today` describes (never today). */
export function expectedPeriod(window: OracleWindow, today: string): DayRange {
  if ('rollingDays' in window) return { from: plusDays(today, -window.rollingDays), to: plusDays(today, -1) };
  if (window.calendar === 'WEEK') {
    const monday = mondayOf(today);
    return { from: plusDays(monday, -7), to: plusDays(monday, -1) };
  }
  const lastOfPreviousMonth = plusDays(`${today.slice(0, 8)}01`, -1);
  return { from: `${lastOfPreviousMonth.slice(0, 8)}01`, to: lastOfPreviousMonth };
}

// Formatting a time in a zone is slow, and the tests ask for many periods of the same events.
const localDaysByReplay = new WeakMap<Replay, Map<string, string[]>>();
function localDaysOf(replay: Replay, timeZone: string): string[] {
  const byZone = localDaysByReplay.get(replay) ?? new Map<string, string[]>();
  localDaysByReplay.set(replay, byZone);
  const days = byZone.get(timeZone) ?? replay.events.map((event) => dayInZone(event.time, timeZone));
  byZone.set(timeZone, days);
  return days;
}

/** Every group's figure over the period: groups without a matching event get 0. */
export function expectedFigures(
  replay: Replay,
  measure: OracleMeasure,
  period: DayRange,
  timeZone: string,
): Map<string, number> {
  const people = new Map<string, Set<string>>();
  const totals = new Map<string, number>();
  for (const group of replay.allGroups) {
    people.set(group, new Set());
    totals.set(group, 0);
  }
  const days = localDaysOf(replay, timeZone);
  for (const [index, event] of replay.events.entries()) {
    const day = days[index]!;
    if (day < period.from || day > period.to) continue;
    if (measure.eventType !== undefined && event.eventType !== measure.eventType) continue;
    if (!(measure.filters ?? []).every((filter) => matches(event.properties, filter))) continue;
    // Organisation-level events never count for people.
    if (measure.countedBy === 'PEOPLE' && event.person === null) continue;
    for (const group of event.groups) {
      totals.set(group, (totals.get(group) ?? 0) + 1);
      if (event.person !== null) people.get(group)!.add(event.person);
    }
  }
  const figures = new Map<string, number>();
  for (const group of replay.allGroups) {
    figures.set(
      group,
      measure.countedBy === 'PEOPLE' && measure.measure === 'UNIQUES' ? people.get(group)!.size : totals.get(group)!,
    );
  }
  return figures;
}
