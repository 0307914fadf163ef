// A group-counted funnel followed from the event times kept in memory (group-event-times-cache.ts)
// rather than from rows read in SQL. Answers a funnel whose steps are event types without property
// filters, counted by groups, without a cohort (filter or breakdown); the rest is answered in SQL
// (funnel.service.ts, funnel-chain.ts). Only the times matter for the figures (furthest step,
// times to convert); which of several events at one instant serves a step does not change them.
//
// Every event of a type matches the same steps here, so no matching inside an instant is needed
// (funnel-chain.ts needs it for events that match several steps by their properties), and the pass
// walks each step type's sorted times in place, without merging them into one run:
// - From a start (a first-step event), the greedy chain takes for each next step the earliest
//   event of its type at or after the previous step's time that the chain has not used yet. It
//   ends each step no later than any other chain from that start (exchange argument: the k-th
//   event the greedy chain takes of a type is never later than the k-th any chain takes), so a
//   group reaches step k exactly when some start's greedy chain reaches it within the window.
// - A later start's greedy chain is nowhere earlier than an earlier start's (swap the starts: the
//   later chain with the earlier start is a valid chain), so each step's search position only moves
//   forward across starts: one walk over the group's times, whatever its number of starts.
// - When no unused event of the next step's type is left at or after the chain's time, no later
//   start gets further: the walk ends.
// - The measured chain is the greedy chain of the earliest start that reaches the furthest step:
//   the earliest first step, then each step as early as it can be (what funnel-chain.ts measures).
// The events a chain has used of a type are the ones after the start up to the last it took (an
// earlier unused one at the same instant could stand in for the start itself), so "not used yet"
// is "after the last index taken of that type".
import type { EventSelection } from './analysis-query';
import type { TimesByType } from './group-event-times-cache';
import type { FunnelQuery } from './funnel-query';
import type { Audience } from './queries/segmentation.query';

/** The furthest step and the times of the measured chain's events (all the figures need). */
export interface JourneyTimes {
  furthestStep: number;
  chain: { time: number }[];
}

export interface FollowedGroup {
  unit: bigint;
  rawValue: string | null;
  journey: JourneyTimes;
}

export function funnelAnswersFromMemory(audience: Audience, query: FunnelQuery): boolean {
  return (
    audience.countedBy === 'GROUPS' &&
    audience.groupType !== null &&
    audience.cohortId === null &&
    (query.breakdown === null || query.breakdown.source === 'GROUP_PROPERTY') &&
    query.steps.every((step) => step.eventType !== null && step.filters.length === 0)
  );
}

/** The step types, each with the mask of the steps it matches, the first step's type first. */
export function stepTypesOf(steps: readonly EventSelection[]): { eventType: string; mask: number }[] {
  const masks = new Map<string, number>();
  steps.forEach((step, index) => {
    masks.set(step.eventType!, (masks.get(step.eventType!) ?? 0) | (1 << index));
  });
  return [...masks].map(([eventType, mask]) => ({ eventType, mask }));
}

/** The first index whose time is at or after `time` (times ascending). */
function lowerBound(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface FunnelInMemoryRequest {
  stepCount: number;
  /** The step types (stepTypesOf: the first step's type first). */
  stepTypes: readonly { eventType: string; mask: number }[];
  /** Each group's times per event type (group-event-times-cache.ts). */
  byGroup: ReadonlyMap<bigint, TimesByType>;
  /** Epoch milliseconds: events at or after `fromMs` and before `toMs` count. */
  fromMs: number;
  toMs: number;
  windowMs: number;
  /** The groups that pass the group filters, with their breakdown value; null: every group, unlabelled. */
  labels: ReadonlyMap<bigint, string | null> | null;
}

const noTimes = new Float64Array(0);

/**
 * One funnel's walk over groups: the state of one group's walk lives in typed arrays sized by the
 * steps and reused for every group, so following 10k groups allocates only their answers.
 */
class StepTimesWalk {
  /** Per step (0 = step 1): the index of its type in `times`. */
  private readonly typeOfStep: Int32Array;
  /** Per type: the group's times (all it holds; the range is [first, end)). */
  readonly times: Float64Array[];
  readonly first: Int32Array;
  readonly end: Int32Array;
  /** Per step: where the search for its next event resumes (only moves forward across starts). */
  private readonly resume: Int32Array;
  /** Per type: the last index the current chain took. */
  private readonly lastTaken: Int32Array;
  private readonly chainTimes: Float64Array;
  /** The measured chain's times, valid up to the furthest step. */
  readonly measured: Float64Array;

  constructor(
    private readonly stepCount: number,
    stepTypes: readonly { mask: number }[],
    private readonly windowMs: number,
  ) {
    this.typeOfStep = Int32Array.from({ length: stepCount }, (_, step) =>
      stepTypes.findIndex((type) => (type.mask & (1 << step)) !== 0),
    );
    this.times = stepTypes.map(() => noTimes);
    this.first = new Int32Array(stepTypes.length);
    this.end = new Int32Array(stepTypes.length);
    this.resume = new Int32Array(stepCount);
    this.lastTaken = new Int32Array(stepTypes.length);
    this.chainTimes = new Float64Array(stepCount);
    this.measured = new Float64Array(stepCount);
  }

  /** The furthest step of the group whose times, first and end are set; fills `measured`. */
  follow(): number {
    const { stepCount, typeOfStep, times, first, end, resume, lastTaken, chainTimes, measured, windowMs } = this;
    for (let step = 1; step < stepCount; step += 1) resume[step] = first[typeOfStep[step]!]!;
    const startType = typeOfStep[0]!;
    const starts = times[startType]!;
    const typeCount = times.length;
    let furthest = 0;
    for (let start = first[startType]!; start < end[startType]!; start += 1) {
      const startTime = starts[start]!;
      for (let type = 0; type < typeCount; type += 1) lastTaken[type] = first[type]! - 1;
      lastTaken[startType] = start;
      chainTimes[0] = startTime;
      let reached = 1;
      let exhausted = false;
      for (let step = 1; step < stepCount; step += 1) {
        const type = typeOfStep[step]!;
        const typeTimes = times[type]!;
        const typeEnd = end[type]!;
        const previousTime = chainTimes[step - 1]!;
        let position = resume[step]!;
        while (position < typeEnd && typeTimes[position]! < previousTime) position += 1;
        resume[step] = position;
        if (position <= lastTaken[type]!) position = lastTaken[type]! + 1;
        if (position >= typeEnd) {
          exhausted = true;
          break;
        }
        const time = typeTimes[position]!;
        if (time - startTime > windowMs) break;
        lastTaken[type] = position;
        chainTimes[step] = time;
        reached += 1;
      }
      if (reached > furthest) {
        furthest = reached;
        measured.set(chainTimes.subarray(0, reached));
        if (furthest === stepCount) break;
      }
      if (exhausted) break;
    }
    return furthest;
  }
}

/** Every group with a first-step event type in the range (and passing the filters), followed. */
export function followGroupsInMemory(request: FunnelInMemoryRequest): FollowedGroup[] {
  const { stepTypes, stepCount, fromMs, toMs, labels } = request;
  const typeCount = stepTypes.length;
  const firstType = stepTypes[0]!.eventType;
  const walk = new StepTimesWalk(stepCount, stepTypes, request.windowMs);
  const followed: FollowedGroup[] = [];
  for (const [groupId, byType] of request.byGroup) {
    const starts = byType.get(firstType);
    if (starts === undefined) continue; // never did the first step
    let rawValue: string | null = null;
    if (labels !== null) {
      const label = labels.get(groupId);
      if (label === undefined) continue; // filtered out
      rawValue = label;
    }
    const startsFrom = lowerBound(starts, fromMs);
    const startsEnd = lowerBound(starts, toMs);
    if (startsFrom === startsEnd) continue; // no first step in the range
    walk.times[0] = starts;
    walk.first[0] = startsFrom;
    walk.end[0] = startsEnd;
    for (let type = 1; type < typeCount; type += 1) {
      const times = byType.get(stepTypes[type]!.eventType) ?? noTimes;
      walk.times[type] = times;
      walk.first[type] = lowerBound(times, fromMs);
      walk.end[type] = lowerBound(times, toMs);
    }
    const furthestStep = walk.follow();
    const chain = new Array<{ time: number }>(furthestStep);
    for (let step = 0; step < furthestStep; step += 1) chain[step] = { time: walk.measured[step]! };
    followed.push({ unit: groupId, rawValue, journey: { furthestStep, chain } });
  }
  return followed;
}
