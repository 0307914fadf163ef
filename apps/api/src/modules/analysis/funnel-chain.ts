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
//
// The pass works on parallel arrays (times, step masks). Funnels answered from the event times kept
// in memory have steps that are plain event types, where no matching inside an instant is needed:
// funnel-in-memory.ts follows those with a simpler walk, checked against this pass and against an
// enumeration of every chain.

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

/** A unit's step-matching events as parallel arrays, in time order (ties in the order links are chosen). */
interface StepEvents {
  /** Milliseconds since the epoch. */
  times: ArrayLike<number>;
  /** Bit i set: the event matches step i + 1. */
  masks: ArrayLike<number>;
  length: number;
}

/** The furthest step and, per step reached, the index (into the arrays) of its event on the measured chain. */
interface FollowedEvents {
  furthestStep: number;
  chain: number[];
}

/**
 * Steps from+1, from+2, … matched to distinct events first..end-1 of one tick, as far as they go:
 * returns how many, and fills `matched` (when given) with the event used per step (index 0 is step
 * from+1). Kuhn's augmenting paths; events are tried in array order, so the assignment is
 * deterministic.
 */
function matchInTick(
  masks: ArrayLike<number>,
  first: number,
  end: number,
  from: number,
  stepCount: number,
  matched: number[] | null,
): number {
  if (end - first === 1) {
    if (from >= stepCount || (masks[first]! & (1 << from)) === 0) return 0;
    matched?.push(first);
    return 1;
  }
  const size = end - first;
  // stepOfEvent[e] = offset (into the steps being matched) that event first + e serves, or -1.
  const stepOfEvent = new Int8Array(size).fill(-1);
  const eventOfStep: number[] = [];
  const visited = new Uint8Array(size);
  const augment = (stepOffset: number): boolean => {
    const bit = 1 << (from + stepOffset);
    for (let index = 0; index < size; index += 1) {
      if ((masks[first + index]! & bit) === 0 || visited[index]) continue;
      visited[index] = 1;
      const holder = stepOfEvent[index]!;
      if (holder === -1 || augment(holder)) {
        stepOfEvent[index] = stepOffset;
        eventOfStep[stepOffset] = first + index;
        return true;
      }
    }
    return false;
  };
  let offset = 0;
  for (; from + offset < stepCount; offset += 1) {
    visited.fill(0);
    if (!augment(offset)) break;
  }
  if (matched) for (let step = 0; step < offset; step += 1) matched.push(eventOfStep[step]!);
  return offset;
}

/** Where a tick ends: the first index after `first` with a later time. */
function tickEnd(times: ArrayLike<number>, first: number, length: number): number {
  const time = times[first]!;
  let end = first + 1;
  while (end < length && times[end] === time) end += 1;
  return end;
}

function furthestStepOf(events: StepEvents, stepCount: number, windowMs: number): number {
  const { times, masks, length } = events;
  // latestStart[j]: the latest first-event time of a chain that has reached step j (j ≥ 1); -∞: none.
  const latestStart = new Float64Array(stepCount + 1).fill(Number.NEGATIVE_INFINITY);
  const next = new Float64Array(stepCount + 1);
  let furthest = 0;
  for (let first = 0; first < length; ) {
    const end = tickEnd(times, first, length);
    const time = times[first]!;
    next.set(latestStart);
    for (let reached = 0; reached < stepCount; reached += 1) {
      const start = reached === 0 ? time : latestStart[reached]!;
      // A missing chain (-∞) is infinitely far back: never inside the window.
      if (time - start > windowMs) continue;
      const advanced = reached + matchInTick(masks, first, end, reached, stepCount, null);
      for (let step = reached + 1; step <= advanced; step += 1) if (start > next[step]!) next[step] = start;
      if (advanced > furthest) furthest = advanced;
    }
    latestStart.set(next);
    if (furthest === stepCount) return furthest;
    first = end;
  }
  return furthest;
}

/**
 * The chain from the tick starting at `tickStarts[startTick]`, advancing as far as possible in
 * every tick of the window, up to `furthestStep`. Ticks without an event of the next needed step
 * advance nothing, so it jumps to the next tick that has one (`nextWithStep`): a few jumps per
 * start rather than a scan of the window, which kept a unit with many first steps quadratic.
 */
function greedyChainFrom(
  events: StepEvents,
  tickStarts: Int32Array,
  nextWithStep: readonly Int32Array[],
  startTick: number,
  furthestStep: number,
  stepCount: number,
  windowMs: number,
): number[] {
  const start = events.times[tickStarts[startTick]!]!;
  const chain: number[] = [];
  const ticks = tickStarts.length - 1;
  for (let tick = startTick; chain.length < furthestStep; tick += 1) {
    tick = nextWithStep[chain.length]![tick]!;
    if (tick >= ticks || events.times[tickStarts[tick]!]! - start > windowMs) break;
    matchInTick(events.masks, tickStarts[tick]!, tickStarts[tick + 1]!, chain.length, stepCount, chain);
  }
  return chain;
}

/**
 * For each step up to `furthestStep`, the index of the next tick (from each tick on) with an event
 * matching it: a start whose window holds no event of some step is skipped without a scan, so a
 * unit with many first steps and a rare later one stays linear.
 */
function nextTicksWithStep(masks: ArrayLike<number>, tickStarts: Int32Array, furthestStep: number): Int32Array[] {
  const ticks = tickStarts.length - 1;
  return Array.from({ length: furthestStep }, (_, step) => {
    const next = new Int32Array(ticks + 1).fill(ticks);
    const bit = 1 << step;
    for (let tick = ticks - 1; tick >= 0; tick -= 1) {
      let matches = false;
      for (let index = tickStarts[tick]!; index < tickStarts[tick + 1]! && !matches; index += 1) {
        matches = (masks[index]! & bit) !== 0;
      }
      next[tick] = matches ? tick : next[tick + 1]!;
    }
    return next;
  });
}

/** One unit's events in time order (ties by event id): its furthest step and measured chain. */
function followEvents(events: StepEvents, stepCount: number, windowMs: number): FollowedEvents {
  const furthestStep = furthestStepOf(events, stepCount, windowMs);
  if (furthestStep === 0) return { furthestStep, chain: [] };
  const starts: number[] = [];
  for (let first = 0; first < events.length; first = tickEnd(events.times, first, events.length)) starts.push(first);
  starts.push(events.length);
  const tickStarts = Int32Array.from(starts);
  const ticks = tickStarts.length - 1;
  const nextWithStep = nextTicksWithStep(events.masks, tickStarts, furthestStep);
  for (let tick = 0; tick < ticks; tick += 1) {
    if (nextWithStep[0]![tick] !== tick) continue;
    const windowEnd = events.times[tickStarts[tick]!]! + windowMs;
    const hasEveryStep = nextWithStep.every((next) => {
      const found = next[tick]!;
      return found < ticks && events.times[tickStarts[found]!]! <= windowEnd;
    });
    if (!hasEveryStep) continue;
    const chain = greedyChainFrom(events, tickStarts, nextWithStep, tick, furthestStep, stepCount, windowMs);
    if (chain.length >= furthestStep) return { furthestStep, chain: chain.slice(0, furthestStep) };
  }
  throw new Error('funnel: the furthest step was reached but no chain reaches it');
}

/**
 * Steps from+1, from+2, … matched to distinct events of one tick, as far as they go: the events
 * used per step (index 0 is step from+1), events tried in the order given (by id).
 */
export function advanceInTick(events: readonly FunnelEventRow[], from: number, stepCount: number): FunnelEventRow[] {
  const matched: number[] = [];
  matchInTick(
    events.map((event) => event.mask),
    0,
    events.length,
    from,
    stepCount,
    matched,
  );
  return matched.map((index) => events[index]!);
}

/** Events of one unit, sorted by (time, event id). */
export function followUnit(events: readonly FunnelEventRow[], stepCount: number, windowMs: number): UnitJourney {
  const followed = followEvents(
    { times: events.map((event) => event.time), masks: events.map((event) => event.mask), length: events.length },
    stepCount,
    windowMs,
  );
  return {
    furthestStep: followed.furthestStep,
    chain: followed.chain.map((index, position) => {
      const event = events[index]!;
      return { step: position + 1, time: event.time, eventId: event.eventId, personId: event.personId };
    }),
  };
}
