// The independent computation the cohort tests compare with: which groups a behavioural
// definition holds at a frozen instant, counted in plain TypeScript from the replayed raw events
// (analysis-oracle.ts's replay: dedup, attribution at arrival) and from every $groupidentify
// replayed in order for the property history. No SQL, no production code. The written rules
// (README "Cohorts"): "last D days" are the D project-local days ending today, up to now; a fixed
// range is whole local days; "did not" negates the same count comparison; AT_MOST includes zero;
// "ever held" is any value the property was ever $set to.
import { matches, type Filter, type Replay } from './analysis-oracle';
import { localMidnight, type ScenarioBatch } from './analytics-scenario';
import { dayInZone, plusDays } from './calendar';

type Comparison = 'AT_LEAST' | 'AT_MOST';

export type OracleCondition =
  | {
      kind: 'PERFORMED_EVENT';
      performed?: boolean;
      event: { eventType?: string | null; filters?: Filter[] };
      comparison: Comparison;
      count: number;
      window: { lastDays?: number; range?: { from: string; to: string } };
    }
  | { kind: 'ACTIVE_PEOPLE'; comparison: Comparison; count: number; lastDays: number }
  | { kind: 'PROPERTY'; filter: Filter }
  | { kind: 'PROPERTY_EVER_HELD'; filter: Filter };

export interface OracleDefinition {
  groupType: string;
  combinator: 'AND' | 'OR';
  conditions: (OracleCondition | { kind: 'GROUP'; combinator: 'AND' | 'OR'; conditions: OracleCondition[] })[];
}

/** Every value each group's properties were ever set to, per key. */
export type PropertyHistory = Map<string, Map<string, unknown[]>>;

export function replayPropertyHistory(batches: ScenarioBatch[], groupType: string): PropertyHistory {
  const history: PropertyHistory = new Map();
  for (const batch of batches) {
    for (const event of batch.events) {
      if (event.event_type !== '$groupidentify') continue;
      const raw = event.groups?.[groupType];
      const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      for (const value of values) {
        const set = (event.group_properties as Record<string, Record<string, unknown>> | undefined)?.$set ?? {};
        const keys = history.get(value) ?? new Map<string, unknown[]>();
        for (const [key, propertyValue] of Object.entries(set))
          keys.set(key, [...(keys.get(key) ?? []), propertyValue]);
        history.set(value, keys);
      }
    }
  }
  return history;
}

function windowOf(
  window: { lastDays?: number; range?: { from: string; to: string } },
  timeZone: string,
  now: number,
): [number, number] {
  if (window.range) {
    return [localMidnight(window.range.from, timeZone), localMidnight(plusDays(window.range.to, 1), timeZone)];
  }
  const today = dayInZone(now, timeZone);
  return [localMidnight(plusDays(today, -(window.lastDays! - 1)), timeZone), now];
}

const compare = (value: number, comparison: Comparison, count: number) =>
  comparison === 'AT_LEAST' ? value >= count : value <= count;

function holds(
  condition: OracleCondition,
  group: string,
  replay: Replay,
  history: PropertyHistory,
  timeZone: string,
  now: number,
): boolean {
  switch (condition.kind) {
    case 'PERFORMED_EVENT': {
      const [start, end] = windowOf(condition.window, timeZone, now);
      const count = replay.events.filter(
        (event) =>
          event.groups.includes(group) &&
          event.time >= start &&
          event.time < end &&
          (condition.event.eventType == null || event.eventType === condition.event.eventType) &&
          (condition.event.filters ?? []).every((filter) => matches(event.properties, filter)),
      ).length;
      const result = compare(count, condition.comparison, condition.count);
      return condition.performed === false ? !result : result;
    }
    case 'ACTIVE_PEOPLE': {
      const [start, end] = windowOf({ lastDays: condition.lastDays }, timeZone, now);
      const people = new Set(
        replay.events
          .filter(
            (event) => event.groups.includes(group) && event.person !== null && event.time >= start && event.time < end,
          )
          .map((event) => event.person),
      );
      return compare(people.size, condition.comparison, condition.count);
    }
    case 'PROPERTY':
      return matches(replay.groupProperties.get(group) ?? {}, condition.filter);
    case 'PROPERTY_EVER_HELD': {
      const held = history.get(group)?.get(condition.filter.key) ?? [];
      return held.some((value) => matches({ [condition.filter.key]: value }, condition.filter));
    }
  }
}

/** The group values the definition holds at `now`, sorted. */
export function expectedCohortMembers(
  replay: Replay,
  history: PropertyHistory,
  definition: OracleDefinition,
  timeZone: string,
  now: number,
): string[] {
  const combine = (results: boolean[], combinator: 'AND' | 'OR') =>
    combinator === 'AND' ? results.every(Boolean) : results.some(Boolean);
  return [...replay.allGroups]
    .filter((group) =>
      combine(
        definition.conditions.map((entry) =>
          entry.kind === 'GROUP'
            ? combine(
                entry.conditions.map((condition) => holds(condition, group, replay, history, timeZone, now)),
                entry.combinator,
              )
            : holds(entry, group, replay, history, timeZone, now),
        ),
        definition.combinator,
      ),
    )
    .sort();
}

/** The replay with each event's groups restricted (to a cohort's members, or to the rest). */
export function restrictGroups(replay: Replay, keep: (group: string) => boolean): Replay {
  return { ...replay, events: replay.events.map((event) => ({ ...event, groups: event.groups.filter(keep) })) };
}
