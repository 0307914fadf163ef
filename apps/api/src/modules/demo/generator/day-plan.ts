// Plans one day: which sessions start when, for whom, and how long they are, plus the scheduled
// organisation-level events. Only session descriptors (a few numbers each) are held, never events;
// the arrays are reused from day to day, so memory follows the busiest day, not the whole range.
import { activePeopleOn, type AccountProfile, joinDayOf, peopleStillActiveOn, shapeLevel } from './account-profiles';
import { activityWeightOf } from './people';
import { hashIntegers, Random, unitFromHash } from './random';

export const millisecondsPerDay = 86_400_000;
export const meanEventsPerSession = 7.5;

/** Organisation-level happenings, sent with the company's group and no person. */
export const organisationEventKinds = [
  'Invoice Paid',
  'Trial Started',
  'Trial Ended',
  'Subscription Cancelled',
  'Plan Changed',
] as const;
export type OrganisationEventKind = (typeof organisationEventKinds)[number];

export interface PlanContext {
  seed: number;
  days: number;
  rangeStart: number;
  endTime: number;
  accounts: readonly AccountProfile[];
  /** Expected events per unit of account weight × level × weekday × noise. */
  scale: number;
}

export function weekdayFactor(dayStart: number): number {
  // 1970-01-01 was a Thursday; this avoids a Date per account and day.
  switch ((Math.floor(dayStart / millisecondsPerDay) + 4) % 7) {
    case 0:
      return 0.12;
    case 6:
      return 0.15;
    case 1:
      return 1.05;
    case 5:
      return 0.9;
    default:
      return 1;
  }
}

export function dailyNoise(seed: number, accountIndex: number, day: number): number {
  return 0.85 + 0.3 * unitFromHash(hashIntegers(seed, accountIndex, day, 2));
}

/** Expected in-product events of an account on a day, before sampling. */
export function expectedEvents(context: PlanContext, profile: AccountProfile, day: number): number {
  const level = shapeLevel(profile, day, context.days);
  if (level === 0) return 0;
  return (
    context.scale *
    profile.weight *
    level *
    weekdayFactor(context.rangeStart + day * millisecondsPerDay) *
    dailyNoise(context.seed, profile.index, day)
  );
}

export class DayPlan {
  count = 0;
  starts = new Float64Array(1024);
  accounts = new Int32Array(1024);
  /** Person index within the account, or -1 - kind for an organisation-level event. */
  people = new Int32Array(1024);
  lengths = new Int32Array(1024);
  /** Per-session stream ids, so a session regenerates identically wherever it lands. */
  ordinals = new Int32Array(1024);
  order = new Uint32Array(1024);

  add(start: number, account: number, person: number, length: number, ordinal: number): void {
    if (this.count === this.starts.length) this.grow();
    const index = this.count++;
    this.starts[index] = start;
    this.accounts[index] = account;
    this.people[index] = person;
    this.lengths[index] = length;
    this.ordinals[index] = ordinal;
  }

  sortByStart(): void {
    const order = this.order.subarray(0, this.count);
    for (let index = 0; index < this.count; index++) order[index] = index;
    const starts = this.starts;
    order.sort((left, right) => starts[left]! - starts[right]! || left - right);
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const grown = <T extends Float64Array | Int32Array | Uint32Array>(array: T, create: (size: number) => T): T => {
      const next = create(size);
      next.set(array);
      return next;
    };
    this.starts = grown(this.starts, (length) => new Float64Array(length));
    this.accounts = grown(this.accounts, (length) => new Int32Array(length));
    this.people = grown(this.people, (length) => new Int32Array(length));
    this.lengths = grown(this.lengths, (length) => new Int32Array(length));
    this.ordinals = grown(this.ordinals, (length) => new Int32Array(length));
    this.order = new Uint32Array(size);
  }
}

export function planDay(context: PlanContext, day: number, plan: DayPlan): void {
  plan.count = 0;
  const dayStart = context.rangeStart + day * millisecondsPerDay;
  for (const profile of context.accounts) {
    planOrganisationEvents(context, profile, day, dayStart, plan);
    const expected = expectedEvents(context, profile, day);
    if (expected === 0) continue;
    const random = new Random(hashIntegers(context.seed, profile.index, day, 1));
    const active = activePeopleOn(profile, day);
    let ordinal = 0;
    // Everyone gets an onboarding session on the day they join, so every person is on record.
    const joinedBefore = day === profile.firstDay ? 0 : activePeopleOn(profile, day - 1);
    for (let person = joinedBefore; person < active; person++) {
      if (joinDayOf(profile, person) !== day) continue;
      const start = sessionStart(random, profile, dayStart, context.endTime, true);
      plan.add(start, profile.index, person, onboardingSessionLength(random), ordinal++);
    }
    const sessions = random.poisson(expected / meanEventsPerSession);
    const stillActive = peopleStillActiveOn(profile, day, active);
    for (let session = 0; session < sessions; session++) {
      const start = sessionStart(random, profile, dayStart, context.endTime, false);
      const person = choosePerson(random, context.seed, profile, stillActive);
      if (start <= context.endTime) plan.add(start, profile.index, person, sessionLength(random), ordinal);
      ordinal++;
    }
  }
  plan.sortByStart();
}

function planOrganisationEvents(
  context: PlanContext,
  profile: AccountProfile,
  day: number,
  dayStart: number,
  plan: DayPlan,
): void {
  // Runs for every account and day: decide cheaply whether anything happens before doing any work.
  const isNew = profile.shape === 'new';
  const trialEndDay = isNew ? profile.firstDay + 14 : -1;
  const paying =
    profile.plan !== 'Free' && day >= profile.firstDay && day < profile.activeUntilDay && day > trialEndDay;
  const invoice = paying && (Math.floor(context.rangeStart / millisecondsPerDay) + day) % 30 === profile.billingDay;
  const trialStart = isNew && day === profile.firstDay;
  const trialEnd = day === trialEndDay;
  const cancelled = profile.shape === 'churned' && day === profile.activeUntilDay;
  const upgraded = profile.upgrade !== null && day === profile.upgrade.day;
  if (!(invoice || trialStart || trialEnd || cancelled || upgraded)) return;
  // Billing and lifecycle jobs run at night, local time.
  const nightly =
    dayStart + ((((180 - profile.utcOffsetMinutes) % 1440) + 1440) % 1440) * 60_000 + (profile.index % 997) * 37;
  if (nightly > context.endTime) return;
  if (trialStart) plan.add(nightly, profile.index, organisationPerson('Trial Started'), 1, 0);
  if (trialEnd) plan.add(nightly, profile.index, organisationPerson('Trial Ended'), 1, 0);
  if (cancelled) plan.add(nightly, profile.index, organisationPerson('Subscription Cancelled'), 1, 0);
  if (upgraded) plan.add(nightly, profile.index, organisationPerson('Plan Changed'), 1, 0);
  if (invoice) plan.add(nightly, profile.index, organisationPerson('Invoice Paid'), 1, 0);
}

function organisationPerson(kind: OrganisationEventKind): number {
  return -1 - organisationEventKinds.indexOf(kind);
}

function sessionStart(
  random: Random,
  profile: AccountProfile,
  dayStart: number,
  endTime: number,
  mustFit: boolean,
): number {
  // Mostly office hours around early afternoon, local time; some evening and night work.
  const localMinute =
    random.next() < 0.85 ? Math.min(1260, Math.max(420, 780 + 150 * random.normal())) : random.next() * 1440;
  const offset = ((((localMinute - profile.utcOffsetMinutes) % 1440) + 1440) % 1440) * 60_000 + random.integer(60_000);
  const start = dayStart + Math.floor(offset);
  if (!mustFit || start <= endTime) return start;
  return dayStart + (Math.floor(offset) % Math.max(1, endTime - dayStart + 1));
}

/** A first look is short; keeping it short keeps large account counts near the event budget. */
export const meanEventsPerOnboardingSession = 2.5;

function onboardingSessionLength(random: Random): number {
  return 1 + Math.floor(random.exponential(meanEventsPerOnboardingSession - 1));
}

function sessionLength(random: Random): number {
  return Math.min(200, 1 + Math.floor(random.exponential(meanEventsPerSession - 1)));
}

/** Rejection sampling on activity weights: O(1) expected, and nothing per person is stored. */
function choosePerson(random: Random, seed: number, profile: AccountProfile, active: number): number {
  for (let attempt = 0; attempt < 16; attempt++) {
    const person = random.integer(active);
    if (random.next() < activityWeightOf(seed, profile, person)) return person;
  }
  return 0;
}
