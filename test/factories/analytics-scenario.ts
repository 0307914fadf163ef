// A seeded B2B scenario for the analytics tests, as Amplitude HTTP V2 events in the order they
// are sent. It holds every case the figures must survive: a person working in two accounts via
// event-level groups, a person whose user-level group is overwritten mid-range, organisation-level
// events without a person, retried duplicates, events exactly at day boundaries in a non-UTC time
// zone (across a daylight-saving change), and late events sent after their days were rolled up.
import { addDays, listDays } from '@leadmaps/shared';
import type { AmplitudeWireEvent } from '../../apps/api/src/modules/demo/generator/amplitude-event';

export const scenarioTimeZone = 'America/New_York';
export const scenarioKeyActions = ['Report Created'];
export const companyType = 'company';

/** The Amplitude HTTP V2 wire shape, the same one the data generator produces. */
export type WireEvent = AmplitudeWireEvent;

/** One request body's events; `retry` marks a batch re-sent unchanged (all duplicates). */
export interface ScenarioBatch {
  events: WireEvent[];
  retry?: boolean;
}

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
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(new Date(guess))
        .map((part) => [part.type, part.value]),
    );
    const localAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    guess += utcMidnight - localAsUtc;
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
  { value: 'globex', name: 'Globex', people: 11, activity: (day, person) => (day < currentFrom ? 0.5 : person < 2 ? 0.12 : 0) },
  { value: 'northwind', name: 'Northwind Ltd', people: 5, activity: () => 0.35 },
  // Always small: five events before, nothing now. Falling, but too small to be at risk.
  { value: 'tiny', people: 1, activity: (day) => (day >= '2026-09-10' && day < '2026-09-15' ? 1 : 0) },
  { value: 'newco', name: 'NewCo', people: 3, activity: (day) => (day >= '2026-10-05' ? 0.4 : 0) },
  { value: 'dormant', people: 2, activity: (day) => (day < previousFrom ? 0.5 : 0) },
];

const eventTypes = ['Page Viewed', 'Page Viewed', 'Report Created', 'Dashboard Shared'];

function personId(account: string, person: number): string {
  return `user-${account}-${String(person).padStart(2, '0')}`;
}

export function buildScenario(seed = 20261125): ScenarioBatch[] {
  const random = seededRandom(seed);
  const timeZone = scenarioTimeZone;
  const days = listDays({ from: '2026-08-20', to: '2026-11-14' });
  let insertCounter = 0;
  const nextInsertId = () => `insert-${(insertCounter += 1)}`;
  const timed: WireEvent[] = [];
  const at = (day: string, fraction: number) => localMidnight(day, timeZone) + Math.floor(fraction * (localMidnight(addDays(day, 1), timeZone) - localMidnight(day, timeZone)));

  // Everyone's user-level group first (an early $identify), and names for the named accounts.
  const setup: WireEvent[] = [];
  for (const profile of profiles) {
    for (let person = 0; person < profile.people; person += 1) {
      setup.push({ event_type: '$identify', user_id: personId(profile.value, person), time: localMidnight('2026-08-19', timeZone), groups: { [companyType]: profile.value } });
    }
    if (profile.name) {
      setup.push({ event_type: '$groupidentify', time: localMidnight('2026-08-19', timeZone), groups: { [companyType]: profile.value }, group_properties: { $set: { name: profile.name, plan: 'pro' } } });
    }
  }
  // The consultant belongs to globex at user level but works in acme and northwind through event-level groups.
  setup.push({ event_type: '$identify', user_id: 'user-consultant', time: localMidnight('2026-08-19', timeZone), groups: { [companyType]: 'globex' } });
  setup.push({ event_type: '$identify', user_id: 'user-mover', time: localMidnight('2026-08-19', timeZone), groups: { [companyType]: 'globex' } });

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
      const groups = [{ [companyType]: 'acme' }, { [companyType]: 'northwind' }, { [companyType]: ['acme', 'northwind'] }, undefined][Math.floor(random() * 4)];
      timed.push({ event_type: 'Report Created', user_id: 'user-consultant', time: at(day, random()), insert_id: nextInsertId(), ...(groups ? { groups } : {}) });
    }
    if (random() < 0.6) timed.push({ event_type: 'Report Created', user_id: 'user-mover', time: at(day, random()), insert_id: nextInsertId(), session_id: 7 });
    if (day.endsWith('5') || day.endsWith('0')) {
      // Organisation-level events: a group, no person.
      timed.push({ event_type: 'Invoice Paid', time: at(day, 0.5), insert_id: nextInsertId(), groups: { [companyType]: 'orgonly' } });
      timed.push({ event_type: 'Report Created', time: at(day, 0.6), insert_id: nextInsertId(), groups: { [companyType]: 'acme' } });
    }
  }

  // Events exactly on local day boundaries, around both ranges and the end of daylight saving (1 Nov 2026).
  for (const day of ['2026-09-01', '2026-10-01', '2026-10-17', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-14']) {
    const midnight = localMidnight(day, timeZone);
    timed.push({ event_type: 'Report Created', user_id: personId('northwind', 0), time: midnight, insert_id: nextInsertId() });
    timed.push({ event_type: 'Report Created', user_id: personId('northwind', 1), time: midnight - 1, insert_id: nextInsertId() });
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
  // The mover's user-level group is overwritten in the middle of the current range.
  batches.push({ events: [{ event_type: '$identify', user_id: 'user-mover', time: moveAt, groups: { [companyType]: 'acme' } }] });
  pushInBatches(afterMove);
  // A client retries a batch it had already delivered, and a batch repeats an event inside itself.
  batches.push({ events: batches[2]!.events, retry: true });
  const repeated = afterMove.at(-1)!;
  batches.push({ events: [{ ...repeated }, { ...repeated }], retry: true });

  // Late events, sent after their days were rolled up: old timestamps, new insert ids. The mover's
  // late event predates the move but is attributed to the group the mover holds when it arrives.
  const late: WireEvent[] = [
    { event_type: 'Report Created', user_id: 'user-mover', time: localMidnight('2026-10-03', timeZone) + 5_000, insert_id: 'late-1' },
    { event_type: 'Report Created', user_id: personId('globex', 5), time: localMidnight('2026-10-20', timeZone) + 60_000, insert_id: 'late-2', session_id: 99 },
    { event_type: 'Page Viewed', user_id: personId('newco', 0), time: localMidnight('2026-09-20', timeZone), insert_id: 'late-3' },
    { event_type: 'Invoice Paid', time: localMidnight('2026-10-01', timeZone), insert_id: 'late-4', groups: { [companyType]: 'orgonly' } },
    { event_type: 'Report Created', user_id: personId('acme', 3), time: localMidnight('2026-10-30', timeZone) + 86_399_999, insert_id: 'late-5', groups: { [companyType]: 'tiny' } },
  ];
  batches.push({ events: late });
  return batches;
}
