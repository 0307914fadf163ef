// The synthetic B2B dataset as a stream of Amplitude HTTP V2 batches in global time order.
//
// Days are planned one at a time (session descriptors only); open sessions are merged through a
// min-heap by the time of their next event, and each session draws its events from its own seeded
// stream when it reaches the front. Memory therefore follows one day's sessions plus the sessions
// open at a given moment, whatever the total. Identify calls precede the first event they affect.
import { type AccountProfile, buildAccountProfiles } from './account-profiles';
import type { AmplitudeWireEvent, GroupValue } from './amplitude-event';
import { defaultKeyActions, type EventProperties, type Plan } from './catalog';
import {
  DayPlan,
  expectedEvents,
  meanEventsPerOnboardingSession,
  millisecondsPerDay,
  organisationEventKinds,
  type PlanContext,
  planDay,
} from './day-plan';
import { EventMix } from './event-mix';
import { type Person, personOf, userPropertiesOf } from './people';
import { hashIntegers, hashString, Random } from './random';
import { CursorHeap } from './session-heap';

export interface GeneratorOptions {
  /** Same seed and options, same events (including insert ids). */
  seed?: number | string;
  /** Number of accounts, the three of the worked example included (minimum 3). */
  accounts?: number;
  /** Multiplies the head count of every generated account (default 1: ~7.5 people per account). */
  peopleScale?: number;
  /** Approximate number of in-product events (identify calls and organisation events come on top). */
  events?: number;
  days?: number;
  /** The data ends at this instant; the first day is `days - 1` UTC days before its day. */
  endDate?: Date;
  keyActions?: readonly string[];
  groupType?: string;
  batchSize?: number;
  onProgress?: (progress: GeneratorProgress) => void;
}

export interface GeneratorProgress {
  events: number;
  estimatedEvents: number;
  day: number;
  days: number;
}

export interface GenerationPlan {
  seed: number;
  days: number;
  rangeStart: Date;
  endDate: Date;
  groupType: string;
  keyActions: string[];
  estimatedEvents: number;
  accounts: AccountProfile[];
}

export const generatorDefaults = {
  seed: 1,
  accounts: 100,
  events: 150_000,
  days: 90,
  batchSize: 1000,
  groupType: 'company',
} as const;

interface Generation extends PlanContext {
  options: GeneratorOptions;
  plan: GenerationPlan;
  mix: EventMix;
  peopleOffsets: Float64Array;
  consultant: { home: number; second: number } | null;
  insertIdPrefix: string;
  groupType: string;
}

/** Describes what `generateEventBatches` will produce (accounts, range, size) without generating. */
export function planGeneration(options: GeneratorOptions = {}): GenerationPlan {
  return prepare(options).plan;
}

export function* generateEventBatches(
  options: GeneratorOptions = {},
): Generator<AmplitudeWireEvent[], void, undefined> {
  const generation = prepare(options);
  const batchSize = Math.max(1, options.batchSize ?? generatorDefaults.batchSize);
  const { accounts, days, endTime } = generation;
  const identified = new Uint8Array(generation.peopleOffsets[accounts.length]!);
  const described = new Uint8Array(accounts.length);
  const heap = new CursorHeap<SessionCursor>();
  const dayPlan = new DayPlan();
  let emitted = 0;
  let batch: AmplitudeWireEvent[] = [];

  const push = (event: AmplitudeWireEvent) => {
    event.insert_id = generation.insertIdPrefix + (emitted++).toString(36);
    batch.push(event);
  };
  const describeAccountOnce = (profile: AccountProfile, time: number) => {
    if (described[profile.index]) return;
    described[profile.index] = 1;
    push(groupIdentify(generation, profile, time, profile.plan));
  };

  let day = -1;
  let pending = 0;
  for (;;) {
    const nextDayStart = generation.rangeStart + (day + 1) * millisecondsPerDay;
    if (pending >= dayPlan.count && heap.peekTime() >= nextDayStart && day + 1 < days) {
      day++;
      planDay(generation, day, dayPlan);
      pending = 0;
      continue;
    }
    const nextStart = pending < dayPlan.count ? dayPlan.starts[dayPlan.order[pending]!]! : Number.POSITIVE_INFINITY;
    if (nextStart === Number.POSITIVE_INFINITY && heap.size === 0) break;

    if (nextStart <= heap.peekTime()) {
      const index = dayPlan.order[pending++]!;
      heap.push(openSession(generation, dayPlan, index, day));
      continue;
    }
    const cursor = heap.pop()!;
    const profile = accounts[cursor.account]!;
    describeAccountOnce(profile, cursor.time);
    if (cursor.organisationKind >= 0) {
      for (const event of organisationEvents(generation, profile, cursor)) push(event);
    } else {
      const globalIndex = generation.peopleOffsets[cursor.account]! + cursor.person;
      if (!identified[globalIndex]) {
        identified[globalIndex] = 1;
        push(identify(generation, profile, cursor.person, cursor.identity!, cursor.time));
      }
      push(productEvent(generation, profile, cursor));
      if (--cursor.remaining > 0) {
        cursor.time += eventGap(cursor.random);
        if (cursor.time <= endTime) heap.push(cursor);
      }
    }
    if (batch.length >= batchSize) {
      while (batch.length >= batchSize) {
        const full = batch.length === batchSize ? batch : batch.slice(0, batchSize);
        batch = batch.length === batchSize ? [] : batch.slice(batchSize);
        yield full;
      }
      options.onProgress?.({ events: emitted, estimatedEvents: generation.plan.estimatedEvents, day: day + 1, days });
    }
  }
  if (batch.length) yield batch;
  options.onProgress?.({ events: emitted, estimatedEvents: generation.plan.estimatedEvents, day: days, days });
}

interface SessionCursor {
  time: number;
  account: number;
  person: number;
  organisationKind: number;
  remaining: number;
  sessionId: number;
  random: Random;
  identity: Person | null;
  /** Event-level group value for this session's events, when the session carries one. */
  eventGroup: GroupValue | null;
  /** The consultant's other company, added to shared dashboards. */
  secondGroup: string | null;
}

function openSession(generation: Generation, plan: DayPlan, index: number, day: number): SessionCursor {
  const account = plan.accounts[index]!;
  const person = plan.people[index]!;
  const time = plan.starts[index]!;
  const random = new Random(hashIntegers(generation.seed, account, day, 0x10000 + plan.ordinals[index]!));
  if (person < 0) {
    return {
      time,
      account,
      person: -1,
      organisationKind: -1 - person,
      remaining: 1,
      sessionId: 0,
      random,
      identity: null,
      eventGroup: null,
      secondGroup: null,
    };
  }
  const profile = generation.accounts[account]!;
  const identity = personOf(generation.seed, profile, person, generation.peopleOffsets[account]! + person);
  let eventGroup: GroupValue | null = identity.hasUserLevelGroup ? null : profile.value;
  let secondGroup: string | null = null;
  const consultant = generation.consultant;
  if (consultant && account === consultant.home && person === profile.people - 1 && random.next() < 0.35) {
    // Someone who works in two accounts: identified with one, these sessions are for the other.
    eventGroup = generation.accounts[consultant.second]!.value;
    secondGroup = profile.value;
  }
  return {
    time,
    account,
    person,
    organisationKind: -1,
    remaining: plan.lengths[index]!,
    sessionId: time,
    random,
    identity,
    eventGroup,
    secondGroup,
  };
}

function eventGap(random: Random): number {
  if (random.next() < 0.04) return 120_000 + random.integer(480_000);
  return 1000 + Math.floor(random.exponential(40_000));
}

function productEvent(generation: Generation, profile: AccountProfile, cursor: SessionCursor): AmplitudeWireEvent {
  const random = cursor.random;
  const type = generation.mix.choose(random, profile.keyActionBias);
  const event: AmplitudeWireEvent = {
    event_type: type.name,
    user_id: cursor.identity!.userId,
    device_id: cursor.identity!.deviceId,
    time: cursor.time,
    session_id: cursor.sessionId,
  };
  if (type.properties) event.event_properties = type.properties(random);
  if (cursor.eventGroup !== null) {
    event.groups = {
      [generation.groupType]:
        type.name === 'Dashboard Shared' && cursor.secondGroup
          ? [cursor.eventGroup as string, cursor.secondGroup]
          : cursor.eventGroup,
    };
  } else if (type.name === 'Dashboard Shared') {
    // Sharing is instrumented with the company on the event itself, as many SDK setups do.
    event.groups = { [generation.groupType]: profile.value };
  }
  return event;
}

function identify(
  generation: Generation,
  profile: AccountProfile,
  personIndex: number,
  person: Person,
  time: number,
): AmplitudeWireEvent {
  const event: AmplitudeWireEvent = {
    event_type: '$identify',
    user_id: person.userId,
    device_id: person.deviceId,
    time,
    user_properties: { $set: userPropertiesOf(profile, personIndex, person) },
  };
  if (person.hasUserLevelGroup) event.groups = { [generation.groupType]: profile.value };
  return event;
}

function groupIdentify(generation: Generation, profile: AccountProfile, time: number, plan: Plan): AmplitudeWireEvent {
  return {
    event_type: '$groupidentify',
    time,
    groups: { [generation.groupType]: profile.value },
    group_properties: {
      $set: {
        name: profile.name,
        plan,
        industry: profile.industry,
        employees: profile.employees,
        country: profile.country,
      },
    },
  };
}

const pricePerSeat: Record<Plan, number> = { Free: 0, Team: 20, Business: 45, Enterprise: 90 };

function organisationEvents(
  generation: Generation,
  profile: AccountProfile,
  cursor: SessionCursor,
): AmplitudeWireEvent[] {
  const kind = organisationEventKinds[cursor.organisationKind]!;
  const groups = { [generation.groupType]: profile.value };
  const day = Math.floor((cursor.time - generation.rangeStart) / millisecondsPerDay);
  const plan = profile.upgrade && day >= profile.upgrade.day ? profile.upgrade.plan : profile.plan;
  let properties: EventProperties | undefined;
  if (kind === 'Invoice Paid')
    properties = { amount: pricePerSeat[plan] * Math.max(3, profile.people), currency: 'USD', plan };
  if (kind === 'Trial Ended') properties = { converted: true };
  if (kind === 'Plan Changed' && profile.upgrade) {
    properties = { from: profile.plan, to: profile.upgrade.plan };
    const event: AmplitudeWireEvent = { event_type: kind, time: cursor.time, groups, event_properties: properties };
    return [groupIdentify(generation, profile, cursor.time, profile.upgrade.plan), event];
  }
  const event: AmplitudeWireEvent = { event_type: kind, time: cursor.time, groups };
  if (properties) event.event_properties = properties;
  return [event];
}

function prepare(options: GeneratorOptions): Generation {
  const seed =
    typeof options.seed === 'string' ? hashString(options.seed) : (options.seed ?? generatorDefaults.seed) >>> 0;
  const days = Math.max(1, Math.floor(options.days ?? generatorDefaults.days));
  const accountCount = Math.max(3, Math.floor(options.accounts ?? generatorDefaults.accounts));
  const targetEvents = Math.max(0, options.events ?? generatorDefaults.events);
  const endDate = options.endDate ?? new Date();
  const endTime = endDate.getTime();
  const rangeStart = Math.floor(endTime / millisecondsPerDay) * millisecondsPerDay - (days - 1) * millisecondsPerDay;
  const keyActions = [...(options.keyActions ?? defaultKeyActions)];
  const groupType = options.groupType ?? generatorDefaults.groupType;
  const peopleScale = options.peopleScale ?? 1;
  const accounts = buildAccountProfiles(seed, accountCount, days, peopleScale);

  const peopleOffsets = new Float64Array(accounts.length + 1);
  accounts.forEach((profile, index) => {
    peopleOffsets[index + 1] = peopleOffsets[index]! + profile.people;
  });
  const totalPeople = peopleOffsets[accounts.length]!;

  // Onboarding sessions come on top of the sampled ones: take them out of the budget first.
  const context: PlanContext = { seed, days, rangeStart, endTime, accounts, scale: 1 };
  let unscaled = 0;
  for (const profile of accounts)
    for (let day = 0; day < days; day++) unscaled += expectedEvents(context, profile, day);
  const sampledBudget = Math.max(targetEvents * 0.25, targetEvents - totalPeople * meanEventsPerOnboardingSession);
  context.scale = unscaled > 0 ? sampledBudget / unscaled : 0;
  const estimatedEvents = Math.round(
    sampledBudget + totalPeople * (1 + meanEventsPerOnboardingSession) + accounts.length * (1 + days / 30),
  );
  const consultant = accounts.length >= 5 && accounts[3]!.people >= 2 ? { home: 3, second: 4 } : null;
  // A scale of 1 leaves the hash (and so the insert ids of existing datasets) as it always was.
  const scaleSalt =
    peopleScale === 1 ? hashString(groupType) : hashIntegers(hashString(groupType), Math.round(peopleScale * 1000));
  const insertIdPrefix = `g${hashIntegers(seed, accountCount, Math.round(targetEvents), hashIntegers(days, rangeStart / millisecondsPerDay, scaleSalt)).toString(36)}-`;
  return {
    ...context,
    options,
    mix: new EventMix(keyActions),
    peopleOffsets,
    consultant,
    insertIdPrefix,
    groupType,
    plan: { seed, days, rangeStart: new Date(rangeStart), endDate, groupType, keyActions, estimatedEvents, accounts },
  };
}
