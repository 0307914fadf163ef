// How far one group (or person) gets through a funnel, from its step-matching events in time order.
//
// A unit reaches step k when k distinct events e1..ek match steps 1..k with t1 ≤ … ≤ tk and
// tk − t1 ≤ window. Events at the same instant ("a tick") may be used in any order, so within a
// tick the steps are assigned to distinct events by bipartite matching (an event that matches two
// steps serves one). Across ticks the order is given by time.
//
// Furthest step, in one pass: for every step j keep the latest start of a chain that has reached j.
// A later start dominates (same steps still to do, more of the window left), so this is exact.
// The measured chain (times to convert, who did which step): the earliest start from which the
// furthest step is reached, each step taken at the earliest tick it can be (advancing as far as
// possible in every tick gives the earliest time for every step at once). Starts are tried in time
// order; one whose window lacks an event of some needed step is skipped without a scan.

export interface FunnelEventRow {
  /** Milliseconds since the epoch. */
  time: number;
  eventId: bigint;
  /** The person behind the event; null for organisation-level events. */
  personId: bigint | null;
  /** Bit i set: the event matches step i + 1. */
  mask: number;
}

export interface ChainLink {
  /** 1 = the first step. */
  step: number;
  time: number;
  eventId: bigint;
  personId: bigint | null;
}

export interface UnitJourney {
  /** 0 when the unit never did step 1 in the range. */
  furthestStep: number;
  /** The measured chain: one link per step reached. */
  chain: ChainLink[];
}

interface Tick {
  time: number;
  events: FunnelEventRow[];
}

function ticksOf(events: readonly FunnelEventRow[]): Tick[] {
  const ticks: Tick[] = [];
  for (const event of events) {
    const last = ticks.at(-1);
    if (last && last.time === event.time) last.events.push(event);
    else ticks.push({ time: event.time, events: [event] });
  }
  return ticks;
}

/**
 * Steps from+1, from+2, … matched to distinct events of one tick, as far as they go: the events
 * used per step (index 0 is step from+1). Kuhn's augmenting paths; events are tried in the order
 * given (by id), so the assignment is deterministic.
 */
export function advanceInTick(events: readonly FunnelEventRow[], from: number, stepCount: number): FunnelEventRow[] {
  if (events.length === 1) {
    const only = events[0]!;
    return from < stepCount && (only.mask & (1 << from)) !== 0 ? [only] : [];
  }
  // stepOfEvent[e] = index (into the steps being matched) that event e serves, or -1.
  const stepOfEvent = new Array<number>(events.length).fill(-1);
  const eventOfStep: number[] = [];
  const augment = (stepOffset: number, visited: boolean[]): boolean => {
    const bit = 1 << (from + stepOffset);
    for (let index = 0; index < events.length; index += 1) {
      if ((events[index]!.mask & bit) === 0 || visited[index]) continue;
      visited[index] = true;
      const holder = stepOfEvent[index]!;
      if (holder === -1 || augment(holder, visited)) {
        stepOfEvent[index] = stepOffset;
        eventOfStep[stepOffset] = index;
        return true;
      }
    }
    return false;
  };
  for (let offset = 0; from + offset < stepCount; offset += 1) {
    if (!augment(offset, new Array<boolean>(events.length).fill(false))) break;
  }
  return eventOfStep.map((index) => events[index]!);
}

function furthestStepOf(ticks: readonly Tick[], stepCount: number, windowMs: number): number {
  // latestStart[j]: the latest first-event time of a chain that has reached step j (j ≥ 1).
  const latestStart = new Array<number | null>(stepCount + 1).fill(null);
  let furthest = 0;
  for (const tick of ticks) {
    const next = latestStart.slice();
    for (let reached = 0; reached < stepCount; reached += 1) {
      const start = reached === 0 ? tick.time : latestStart[reached];
      if (start === null || start === undefined || tick.time - start > windowMs) continue;
      const advanced = reached + advanceInTick(tick.events, reached, stepCount).length;
      for (let step = reached + 1; step <= advanced; step += 1) {
        const current = next[step];
        if (current === null || current === undefined || start > current) next[step] = start;
      }
      if (advanced > furthest) furthest = advanced;
    }
    for (let step = 1; step <= stepCount; step += 1) latestStart[step] = next[step]!;
    if (furthest === stepCount) return furthest;
  }
  return furthest;
}

/** The chain from the tick at `startIndex`, advancing as far as possible in every tick of the window. */
function greedyChainFrom(ticks: readonly Tick[], startIndex: number, stepCount: number, windowMs: number): ChainLink[] {
  const start = ticks[startIndex]!.time;
  const chain: ChainLink[] = [];
  for (let index = startIndex; index < ticks.length && chain.length < stepCount; index += 1) {
    const tick = ticks[index]!;
    if (tick.time - start > windowMs) break;
    for (const event of advanceInTick(tick.events, chain.length, stepCount)) {
      chain.push({ step: chain.length + 1, time: tick.time, eventId: event.eventId, personId: event.personId });
    }
    if (chain.length === 0) break;
  }
  return chain;
}

/**
 * For each step up to `furthestStep`, the index of the next tick (from each tick on) with an event
 * matching it: a start whose window holds no event of some step is skipped without a scan, so a
 * unit with many first steps and a rare later one stays linear.
 */
function nextTicksWithStep(ticks: readonly Tick[], furthestStep: number): number[][] {
  return Array.from({ length: furthestStep }, (_, step) => {
    const next = new Array<number>(ticks.length + 1).fill(ticks.length);
    for (let index = ticks.length - 1; index >= 0; index -= 1) {
      const matches = ticks[index]!.events.some((event) => (event.mask & (1 << step)) !== 0);
      next[index] = matches ? index : next[index + 1]!;
    }
    return next;
  });
}

/** Events of one unit, sorted by (time, event id). */
export function followUnit(events: readonly FunnelEventRow[], stepCount: number, windowMs: number): UnitJourney {
  const ticks = ticksOf(events);
  const furthestStep = furthestStepOf(ticks, stepCount, windowMs);
  if (furthestStep === 0) return { furthestStep, chain: [] };
  const nextWithStep = nextTicksWithStep(ticks, furthestStep);
  for (let index = 0; index < ticks.length; index += 1) {
    if (nextWithStep[0]![index] !== index) continue;
    const windowEnd = ticks[index]!.time + windowMs;
    const hasEveryStep = nextWithStep.every((next) => {
      const found = next[index]!;
      return found < ticks.length && ticks[found]!.time <= windowEnd;
    });
    if (!hasEveryStep) continue;
    const chain = greedyChainFrom(ticks, index, stepCount, windowMs);
    if (chain.length >= furthestStep) return { furthestStep, chain: chain.slice(0, furthestStep) };
  }
  throw new Error('funnel: the furthest step was reached but no chain reaches it');
}
