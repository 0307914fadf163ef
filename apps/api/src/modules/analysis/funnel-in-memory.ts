// A group-counted funnel followed from the event times kept in memory (group-event-times-cache.ts)
// rather than from rows read in SQL: for each group that did the first step's event type, its step
// types' times inside the range are merged into one time-ordered run of (time, step mask) and
// followed by the same pass as the SQL rows (funnel-chain.ts). Only the times matter for the
// figures (furthest step, times to convert); which of several events at one instant serves a step
// does not change them, so ties need no event ids here. Answers a funnel whose steps are event
// types without property filters, counted by groups, without a cohort (filter or breakdown); the
// rest is answered in SQL (funnel.service.ts).
import type { EventSelection } from './analysis-query';
import { followEvents } from './funnel-chain';
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

/** Every group with a first-step event type in the range (and passing the filters), followed. */
export function followGroupsInMemory(request: FunnelInMemoryRequest): FollowedGroup[] {
  const { stepTypes, stepCount, fromMs, toMs, windowMs, labels } = request;
  const typeCount = stepTypes.length;
  let times = new Float64Array(1024);
  let masks = new Uint16Array(1024);
  const slices: Float64Array[] = new Array(typeCount);
  const positions = new Int32Array(typeCount);
  const ends = new Int32Array(typeCount);
  const followed: FollowedGroup[] = [];
  for (const [groupId, byType] of request.byGroup) {
    if (!byType.has(stepTypes[0]!.eventType)) continue; // never did the first step
    let rawValue: string | null = null;
    if (labels !== null) {
      const label = labels.get(groupId);
      if (label === undefined) continue; // filtered out
      rawValue = label;
    }
    let length = 0;
    for (let type = 0; type < typeCount; type += 1) {
      const all = byType.get(stepTypes[type]!.eventType);
      slices[type] = all ?? new Float64Array(0);
      positions[type] = all ? lowerBound(all, fromMs) : 0;
      ends[type] = all ? lowerBound(all, toMs) : 0;
      length += ends[type]! - positions[type]!;
    }
    if (ends[0]! === positions[0]!) continue; // no first step in the range
    if (length > times.length) {
      times = new Float64Array(length * 2);
      masks = new Uint16Array(length * 2);
    }
    // Merge the step types' runs by time (a handful of types: pick the earliest head each time).
    for (let index = 0; index < length; index += 1) {
      let best = -1;
      for (let type = 0; type < typeCount; type += 1) {
        if (
          positions[type]! < ends[type]! &&
          (best === -1 || slices[type]![positions[type]!]! < slices[best]![positions[best]!]!)
        ) {
          best = type;
        }
      }
      times[index] = slices[best]![positions[best]!]!;
      masks[index] = stepTypes[best]!.mask;
      positions[best]! += 1;
    }
    const { furthestStep, chain } = followEvents({ times, masks, length }, stepCount, windowMs);
    if (furthestStep === 0) continue;
    followed.push({
      unit: groupId,
      rawValue,
      journey: { furthestStep, chain: chain.map((index) => ({ time: times[index]! })) },
    });
  }
  return followed;
}
