// The independent computation the funnel tests compare with, written from the README definition
// and nothing else: the raw events replayed as sent (analysis-oracle.ts: dedup, attribution at
// arrival), then for every unit every chain of distinct events is enumerated by brute force
// (depth-first, no cleverness): a unit reaches step k when some chain of k distinct events matches
// steps 1..k with t1 ≤ … ≤ tk, tk − t1 ≤ window, all inside the range. The measured chain is the
// one with the lexicographically smallest times among the chains that reach the unit's furthest
// step (earliest start, then every step as early as it can be).
import { matches, type Filter, type Replay, type ReplayedEvent } from './analysis-oracle';
import { localMidnight } from './analytics-scenario';
import { plusDays } from './calendar';

export interface FunnelDefinition {
  steps: { eventType?: string; filters?: Filter[] }[];
  window?: { amount: number; unit: 'MINUTE' | 'HOUR' | 'DAY' };
  range: { from: string; to: string };
  countedBy?: 'GROUPS' | 'PEOPLE';
  groupFilters?: Filter[];
  breakdown?: { source: 'GROUP_PROPERTY'; key: string; limit?: number };
}

export interface OracleLink {
  step: number;
  time: number;
  /** The person who did the event (null: organisation-level). */
  person: string | null;
}

export interface OracleUnit {
  /** Group value or person (user id, else device id). */
  unit: string;
  furthest: number;
  chain: OracleLink[];
  /** Breakdown label: value, '(other)' or '(none)'. */
  label: string | null;
  /** Every (time, person) this unit has per step, to check a chain event's doer. */
  doers: { step: number; time: number; person: string | null }[];
}

export interface OracleStep {
  step: number;
  count: number;
  conversionFromPrevious: number;
  conversionFromFirst: number;
  droppedFromPrevious: number;
  medianSecondsFromPrevious: number | null;
  averageSecondsFromPrevious: number | null;
}

export interface OracleFunnel {
  steps: OracleStep[];
  breakdowns: { label: string; kind: 'VALUE' | 'OTHER' | 'NONE'; steps: OracleStep[] }[];
  units: OracleUnit[];
}

function windowMilliseconds(definition: FunnelDefinition): number {
  const window = definition.window ?? { amount: 14, unit: 'DAY' };
  const minutes = { MINUTE: 1, HOUR: 60, DAY: 24 * 60 }[window.unit];
  return window.amount * minutes * 60 * 1000;
}

function matchesStep(event: ReplayedEvent, step: FunnelDefinition['steps'][number]): boolean {
  if (step.eventType !== undefined && event.eventType !== step.eventType) return false;
  return (step.filters ?? []).every((filter) => matches(event.properties, filter));
}

/** Every chain by brute force: the deepest, and among those the smallest times (compared step by step). */
function explore(events: ReplayedEvent[], definition: FunnelDefinition, windowMs: number) {
  let best: ReplayedEvent[] = [];
  const used = new Set<ReplayedEvent>();
  const chain: ReplayedEvent[] = [];
  const better = (candidate: ReplayedEvent[]) => {
    if (candidate.length !== best.length) return candidate.length > best.length;
    for (let index = 0; index < candidate.length; index += 1) {
      if (candidate[index]!.time !== best[index]!.time) return candidate[index]!.time < best[index]!.time;
    }
    return false;
  };
  const walk = () => {
    if (better(chain)) best = [...chain];
    if (chain.length === definition.steps.length) return;
    const step = definition.steps[chain.length]!;
    for (const event of events) {
      if (used.has(event) || !matchesStep(event, step)) continue;
      if (chain.length > 0) {
        if (event.time < chain.at(-1)!.time) continue;
        if (event.time - chain[0]!.time > windowMs) continue;
      }
      used.add(event);
      chain.push(event);
      walk();
      chain.pop();
      used.delete(event);
    }
  };
  walk();
  return best;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const half = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(half)]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

function figures(units: OracleUnit[], stepCount: number): OracleStep[] {
  const steps: OracleStep[] = [];
  for (let step = 1; step <= stepCount; step += 1) {
    const reached = units.filter((unit) => unit.furthest >= step);
    const previous = step === 1 ? reached.length : units.filter((unit) => unit.furthest >= step - 1).length;
    const first = units.filter((unit) => unit.furthest >= 1).length;
    const seconds =
      step === 1 ? [] : reached.map((unit) => (unit.chain[step - 1]!.time - unit.chain[step - 2]!.time) / 1000);
    steps.push({
      step,
      count: reached.length,
      conversionFromPrevious:
        step === 1 ? (reached.length > 0 ? 1 : 0) : previous === 0 ? 0 : reached.length / previous,
      conversionFromFirst: step === 1 ? (reached.length > 0 ? 1 : 0) : first === 0 ? 0 : reached.length / first,
      droppedFromPrevious: previous - reached.length,
      medianSecondsFromPrevious: median(seconds),
      averageSecondsFromPrevious: seconds.length
        ? seconds.reduce((sum, value) => sum + value, 0) / seconds.length
        : null,
    });
  }
  return steps;
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function expectedFunnel(replay: Replay, definition: FunnelDefinition, timeZone: string): OracleFunnel {
  const from = localMidnight(definition.range.from, timeZone);
  const until = localMidnight(plusDays(definition.range.to, 1), timeZone);
  const byPeople = definition.countedBy === 'PEOPLE';
  const groupPasses = (group: string) =>
    (definition.groupFilters ?? []).every((filter) => matches(replay.groupProperties.get(group) ?? {}, filter));
  const perUnit = new Map<string, ReplayedEvent[]>();
  for (const event of replay.events) {
    if (event.time < from || event.time >= until) continue;
    if (!definition.steps.some((step) => matchesStep(event, step))) continue;
    const units = byPeople
      ? event.person !== null && (!definition.groupFilters?.length || event.groups.some(groupPasses))
        ? [event.person]
        : []
      : event.groups.filter(groupPasses);
    for (const unit of units) perUnit.set(unit, [...(perUnit.get(unit) ?? []), event]);
  }
  const windowMs = windowMilliseconds(definition);
  const units: OracleUnit[] = [...perUnit.entries()].map(([unit, events]) => {
    const chain = explore(events, definition, windowMs);
    return {
      unit,
      furthest: chain.length,
      chain: chain.map((event, index) => ({ step: index + 1, time: event.time, person: event.person })),
      label: null,
      doers: events.flatMap((event) =>
        definition.steps
          .map((step, index) => ({ step: index + 1, matched: matchesStep(event, step) }))
          .filter((entry) => entry.matched)
          .map((entry) => ({ step: entry.step, time: event.time, person: event.person })),
      ),
    };
  });
  const stepCount = definition.steps.length;
  const result: OracleFunnel = { steps: figures(units, stepCount), breakdowns: [], units };
  if (!definition.breakdown) return result;
  const key = definition.breakdown.key;
  const propertyValueOf = (unit: string) => asText(replay.groupProperties.get(unit)?.[key]);
  const started = units.filter((unit) => unit.furthest >= 1);
  const counts = new Map<string, number>();
  for (const unit of started) {
    const value = propertyValueOf(unit.unit);
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const top = [...counts.entries()]
    .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))
    .slice(0, definition.breakdown.limit ?? 10)
    .map(([value]) => value);
  for (const unit of started) {
    const value = propertyValueOf(unit.unit);
    unit.label = value === null ? '(none)' : top.includes(value) ? value : '(other)';
  }
  const labels = [
    ...top.map((value) => ({ label: value, kind: 'VALUE' as const })),
    { label: '(other)', kind: 'OTHER' as const },
    { label: '(none)', kind: 'NONE' as const },
  ];
  result.breakdowns = labels
    .map(({ label, kind }) => ({
      label,
      kind,
      steps: figures(
        started.filter((unit) => unit.label === label),
        stepCount,
      ),
    }))
    .filter((entry) => entry.steps[0]!.count > 0);
  return result;
}
