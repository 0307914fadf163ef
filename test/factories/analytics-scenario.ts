// A seeded B2B scenario for the analytics tests, as Amplitude HTTP V2 events in the order they
// are sent. It holds every case the figures must survive: a person working in two accounts via
// event-level groups, a person whose user-level group is overwritten mid-range, organisation-level
// events without a person, anonymous people known only by a device id, a second group type
// (teams, user-level and event-level), property changes over time (set, overwrite, unset), retried
// batches and an event repeated inside one batch, events exactly at day boundaries of two time
// zones (across daylight-saving changes in both hemispheres), and late events sent after their
// days were rolled up. The same events are loaded into projects of either time zone.
import { daysOf, dayInZone, plusDays } from './calendar';

export const scenarioTimeZone = 'America/New_York';
/** Half an hour off any whole-hour zone, and daylight saving starts on 4 October 2026. */
export const secondTimeZone = 'Australia/Adelaide';
export const scenarioKeyActions = ['Report Created'];
export const companyType = 'company';
export const teamType = 'team';

/** The Amplitude HTTP V2 event fields the scenario uses (see the HTTP V2 API documentation). */
export interface WireEvent {
  event_type: string;
  user_id?: string;
  device_id?: string;
  /** Milliseconds since the epoch. */
  time: number;
  insert_id?: string;
  session_id?: number;
  groups?: Record<string, string | string[]>;
  event_properties?: Record<string, unknown>;
  group_properties?: Record<string, unknown>;
}

/** One request body's events; `retry` marks a batch that holds only events delivered before. */
export interface ScenarioBatch {
  events: WireEvent[];
  retry?: boolean;
  /** Names the batches a test looks up. */
  name?: 'repeat-in-batch';
}

/** The event sent twice inside one batch: the latest event of `tiny`. */
export const repeatedInBatchInsertId = 'repeat-in-batch';

/** Deterministic pseudo-random numbers (mulberry32) so every run sees the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** The instant a project-local day starts, found without any date library. */
export function localMidnight(day: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  let guess = utcMidnight;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(guess))
        .map((part) => [part.type, part.value]),
    );
    const localAsUtc = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    guess += utcMidnight - localAsUtc;
  }
  // The boundary events are only worth something if they really sit on the boundary.
  if (dayInZone(guess, timeZone) !== day || dayInZone(guess - 1, timeZone) !== plusDays(day, -1)) {
    throw new Error(`no local midnight found for ${day} in ${timeZone}`);
  }
  return guess;
}

interface AccountProfile {
  value: string;
  name?: string;
  people: number;
  /** Chance that one person is active on a day, by period. */
  activity: (day: string, person: number) => number;
}

const previousFrom = '2026-09-01';
const currentFrom = '2026-10-01';

const profiles: AccountProfile[] = [
  { value: 'acme', name: 'Acme Inc', people: 8, activity: (day) => (day < currentFrom ? 0.25 : 0.5) },
  // Busy before, then nine of eleven people stop and the rest slow down: the account going quiet.
  {
    value: 'globex',
    name: 'Globex',
    people: 11,
    activity: (day, person) => (day < currentFrom ? 0.5 : person < 2 ? 0.12 : 0),
  },
  { value: 'northwind', name: 'Northwind Ltd', people: 5, activity: () => 0.35 },
  // Always small: five events before, nothing now. Falling, but too small to be at risk.
  { value: 'tiny', people: 1, activity: (day) => (day >= '2026-09-10' && day < '2026-09-15' ? 1 : 0) },
  { value: 'newco', name: 'NewCo', people: 3, activity: (day) => (day >= '2026-10-05' ? 0.4 : 0) },
  { value: 'dormant', people: 2, activity: (day) => (day < previousFrom ? 0.5 : 0) },
];

const eventTypes = ['Page Viewed', 'Page Viewed', 'Report Created', 'Dashboard Shared'];
const teams = ['red', 'green', 'blue'];

function personId(account: string, person: number): string {
  return `user-${account}-${String(person).padStart(2, '0')}`;
}

function groupIdentify(time: number, groupType: string, value: string, operations: Record<string, unknown>): WireEvent {
  return { event_type: '$groupidentify', time, groups: { [groupType]: value }, group_properties: operations };
}

export function buildScenario(seed = 20261125): ScenarioBatch[] {
  const random = seededRandom(seed);
  // The anonymous devices draw from their own sequence, so adding them changed no other event.
  const deviceRandom = seededRandom(seed ^ 0x5eed);
  const timeZone = scenarioTimeZone;
  const days = daysOf({ from: '2026-08-20', to: '2026-11-14' });
  let insertCounter = 0;
  const nextInsertId = () => {
    insertCounter += 1;
    return `insert-${insertCounter}`;
  };
  const timed: WireEvent[] = [];
  const at = (day: string, fraction: number) =>
    localMidnight(day, timeZone) +
    Math.floor(fraction * (localMidnight(plusDays(day, 1), timeZone) - localMidnight(day, timeZone)));
  const setupTime = localMidnight('2026-08-19', timeZone);

  // Everyone's user-level groups first (an early $identify: a company and a team), and names.
  const setup: WireEvent[] = [];
  for (const profile of profiles) {
    for (let person = 0; person < profile.people; person += 1) {
      setup.push({
        event_type: '$identify',
        user_id: personId(profile.value, person),
        time: setupTime,
        groups: { [companyType]: profile.value, [teamType]: teams[person % 3]! },
      });
    }
    if (profile.name)
      setup.push(groupIdentify(setupTime, companyType, profile.value, { $set: { name: profile.name, plan: 'pro' } }));
  }
  setup.push(groupIdentify(setupTime, teamType, 'red', { $set: { name: 'Red Team' } }));
  // The consultant belongs to globex at user level but works in acme and northwind through event-level groups.
  setup.push({
    event_type: '$identify',
    user_id: 'user-consultant',
    time: setupTime,
    groups: { [companyType]: 'globex' },
  });
  setup.push({
    event_type: '$identify',
    user_id: 'user-mover',
    time: setupTime,
    groups: { [companyType]: 'globex', [teamType]: 'blue' },
  });
  // An anonymous person known only by a device, with user-level groups of both types.
  setup.push({
    event_type: '$identify',
    device_id: 'anon-device-2',
    time: setupTime,
    groups: { [companyType]: 'newco', [teamType]: 'green' },
  });

  for (const day of days) {
    for (const profile of profiles) {
      for (let person = 0; person < profile.people; person += 1) {
        if (random() >= profile.activity(day, person)) continue;
        const session = Math.floor(at(day, 0) / 1000) + person;
        const count = 1 + Math.floor(random() * 4);
        for (let index = 0; index < count; index += 1) {
          timed.push({
            event_type: eventTypes[Math.floor(random() * eventTypes.length)]!,
            user_id: personId(profile.value, person),
            time: at(day, 0.05 + random() * 0.9),
            insert_id: nextInsertId(),
            session_id: session,
          });
        }
      }
    }
    if (random() < 0.5) {
      const groups = [
        { [companyType]: 'acme' },
        { [companyType]: 'northwind' },
        { [companyType]: ['acme', 'northwind'] },
        undefined,
      ][Math.floor(random() * 4)];
      timed.push({
        event_type: 'Report Created',
        user_id: 'user-consultant',
        time: at(day, random()),
        insert_id: nextInsertId(),
        ...(groups ? { groups } : {}),
      });
    }
    // The mover's events name a team at event level: the mover's user-level team does not get them.
    if (random() < 0.6) {
      timed.push({
        event_type: 'Report Created',
        user_id: 'user-mover',
        time: at(day, random()),
        insert_id: nextInsertId(),
        session_id: 7,
        groups: { [teamType]: 'movers' },
      });
    }
    // Anonymous devices: one works in northwind through event-level groups, one through its user-level groups.
    if (deviceRandom() < 0.3) {
      timed.push({
        event_type: 'Page Viewed',
        device_id: 'anon-device-1',
        time: at(day, deviceRandom()),
        insert_id: nextInsertId(),
        session_id: 11,
        groups: { [companyType]: 'northwind' },
      });
    }
    if (day >= '2026-10-05' && deviceRandom() < 0.4) {
      timed.push({
        event_type: 'Report Created',
        device_id: 'anon-device-2',
        time: at(day, deviceRandom()),
        insert_id: nextInsertId(),
        session_id: 12,
      });
    }
    if (day.endsWith('5') || day.endsWith('0')) {
      // Organisation-level events: a group, no person.
      timed.push({
        event_type: 'Invoice Paid',
        time: at(day, 0.5),
        insert_id: nextInsertId(),
        groups: { [companyType]: 'orgonly' },
      });
      timed.push({
        event_type: 'Report Created',
        time: at(day, 0.6),
        insert_id: nextInsertId(),
        groups: { [companyType]: 'acme' },
      });
    }
  }

  // Events exactly on local day boundaries, around both ranges and the end of daylight saving in
  // New York (1 Nov 2026), and on the boundaries of the second zone (its daylight saving starts 4 Oct).
  const boundaries: [string, string[], number][] = [
    [
      scenarioTimeZone,
      ['2026-09-01', '2026-10-01', '2026-10-17', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-14'],
      0,
    ],
    [
      secondTimeZone,
      ['2026-09-01', '2026-10-01', '2026-10-04', '2026-10-05', '2026-10-17', '2026-10-31', '2026-11-01', '2026-11-14'],
      2,
    ],
  ];
  for (const [zone, boundaryDays, firstPerson] of boundaries) {
    for (const day of boundaryDays) {
      const midnight = localMidnight(day, zone);
      timed.push({
        event_type: 'Report Created',
        user_id: personId('northwind', firstPerson),
        time: midnight,
        insert_id: nextInsertId(),
      });
      timed.push({
        event_type: 'Report Created',
        user_id: personId('northwind', firstPerson + 1),
        time: midnight - 1,
        insert_id: nextInsertId(),
      });
    }
  }

  timed.sort((left, right) => left.time - right.time);
  const moveAt = localMidnight('2026-10-12', timeZone) + 3_600_000;
  const beforeMove = timed.filter((event) => event.time < moveAt);
  const afterMove = timed.filter((event) => event.time >= moveAt);
  const batches: ScenarioBatch[] = [{ events: setup }];
  const pushInBatches = (events: WireEvent[]) => {
    for (let start = 0; start < events.length; start += 700) batches.push({ events: events.slice(start, start + 700) });
  };
  pushInBatches(beforeMove);
  // The mover's user-level company is overwritten in the middle of the current range; globex's
  // properties change the same hour.
  batches.push({
    events: [
      { event_type: '$identify', user_id: 'user-mover', time: moveAt, groups: { [companyType]: 'acme' } },
      groupIdentify(moveAt, companyType, 'globex', { $set: { stage: 'renewal', trial: true } }),
    ],
  });
  pushInBatches(afterMove);
  // A client retries a batch it had already delivered, and a batch re-sends one delivered event twice.
  batches.push({ events: batches[2]!.events, retry: true });
  const repeated = afterMove.at(-1)!;
  batches.push({ events: [{ ...repeated }, { ...repeated }], retry: true });
  // A new event repeated inside one batch (an SDK that queued it twice): stored once.
  const repeatedInBatch: WireEvent = {
    event_type: 'Dashboard Shared',
    user_id: personId('northwind', 4),
    time: at('2026-11-14', 0.97),
    insert_id: repeatedInBatchInsertId,
    groups: { [companyType]: 'tiny' },
  };
  batches.push({ events: [repeatedInBatch, { ...repeatedInBatch }], name: 'repeat-in-batch' });

  // Late events, sent after their days were rolled up: old timestamps, new insert ids. The mover's
  // late event predates the move but is attributed to the group the mover holds when it arrives.
  const late: WireEvent[] = [
    {
      event_type: 'Report Created',
      user_id: 'user-mover',
      time: localMidnight('2026-10-03', timeZone) + 5_000,
      insert_id: 'late-1',
    },
    {
      event_type: 'Report Created',
      user_id: personId('globex', 5),
      time: localMidnight('2026-10-20', timeZone) + 60_000,
      insert_id: 'late-2',
      session_id: 99,
    },
    {
      event_type: 'Page Viewed',
      user_id: personId('newco', 0),
      time: localMidnight('2026-09-20', timeZone),
      insert_id: 'late-3',
    },
    {
      event_type: 'Invoice Paid',
      time: localMidnight('2026-10-01', timeZone),
      insert_id: 'late-4',
      groups: { [companyType]: 'orgonly' },
    },
    {
      event_type: 'Report Created',
      user_id: personId('acme', 3),
      time: localMidnight('2026-10-30', timeZone) + 86_399_999,
      insert_id: 'late-5',
      groups: { [companyType]: 'tiny' },
    },
    groupIdentify(localMidnight('2026-11-10', timeZone) + 7_200_000, companyType, 'globex', {
      $set: { stage: 'churn-risk' },
      $unset: { trial: '-' },
    }),
  ];
  batches.push({ events: late });
  return batches;
}

/** When the mover's user-level company changed from globex to acme (the move batch's time). */
export const moverMovedAt = () => localMidnight('2026-10-12', scenarioTimeZone) + 3_600_000;
/** The mover's late event: before the move in time, sent after it. */
export const moverLateEventAt = () => localMidnight('2026-10-03', scenarioTimeZone) + 5_000;
