// Events for the retention tests, laid out relative to today (project-local) so late cohorts have
// cells that are not complete yet. Every trap of the analysis tests: a consultant in two accounts
// through event-level groups, a person whose user-level company is overwritten mid-range,
// organisation-level events (a company, no person), an anonymous device without a company, events
// exactly on local midnights, a retried batch. Company `plan` values for breakdowns and filters.
import { localMidnight, seededRandom, type ScenarioBatch, type WireEvent } from './analytics-scenario';
import { daysOf, mondayOf, plusDays } from './calendar';

export const retentionEventTypes = ['Signup', 'Report Created', 'Page Viewed'] as const;

export interface RetentionScenario {
  batches: ScenarioBatch[];
  /** The Monday ten weeks before this week: the first weeks of data. */
  firstMonday: string;
  /** The day the mover's user-level company changes. */
  movedOn: string;
}

interface Actor {
  /** user id, or `device:<id>`, or `org:<company>` for organisation-level events. */
  id: string;
  activity: number;
  /** Event-level companies sent with some of the events. */
  eventGroups?: string[];
}

const actors: Actor[] = [
  { id: 'user-acme-1', activity: 0.35 },
  { id: 'user-acme-2', activity: 0.15 },
  { id: 'user-globex-1', activity: 0.25 },
  { id: 'user-initech-1', activity: 0.3 },
  { id: 'user-hooli-1', activity: 0.1 },
  { id: 'user-consultant', activity: 0.3, eventGroups: ['acme', 'globex'] },
  { id: 'user-mover', activity: 0.4 },
  { id: 'device:anon-1', activity: 0.2 },
  { id: 'org:umbrella', activity: 0.15 },
  { id: 'org:orgonly', activity: 0.1 },
];

const userLevel: Record<string, string> = {
  'user-acme-1': 'acme',
  'user-acme-2': 'acme',
  'user-globex-1': 'globex',
  'user-initech-1': 'initech',
  'user-hooli-1': 'hooli',
  'user-consultant': 'initech',
  'user-mover': 'initech',
};

const plans: Record<string, string | undefined> = {
  acme: 'enterprise',
  globex: 'enterprise',
  initech: 'free',
  hooli: 'pro',
  orgonly: 'free',
  umbrella: undefined,
};

export function buildRetentionScenario(today: string, timeZone: string, seed = 1403): RetentionScenario {
  const random = seededRandom(seed);
  const firstMonday = plusDays(mondayOf(today), -70);
  const setupDay = plusDays(firstMonday, -30);
  const movedOn = plusDays(firstMonday, 38);
  const at = (day: string, fraction: number) =>
    localMidnight(day, timeZone) +
    Math.floor(fraction * (localMidnight(plusDays(day, 1), timeZone) - localMidnight(day, timeZone)));

  const setup: WireEvent[] = [];
  for (const [user, company] of Object.entries(userLevel)) {
    setup.push({ event_type: '$identify', user_id: user, time: at(setupDay, 0.1), groups: { company } });
  }
  for (const [company, plan] of Object.entries(plans)) {
    setup.push({
      event_type: '$groupidentify',
      time: at(setupDay, 0.2),
      groups: { company },
      group_properties: {
        $set: { name: `${company[0]!.toUpperCase()}${company.slice(1)} Ltd`, ...(plan ? { plan } : {}) },
      },
    });
  }

  const timed: WireEvent[] = [];
  let counter = 0;
  for (const day of daysOf({ from: plusDays(firstMonday, -14), to: today })) {
    if (day === movedOn) {
      timed.push({ event_type: '$identify', user_id: 'user-mover', time: at(day, 0.5), groups: { company: 'hooli' } });
    }
    for (const actor of actors) {
      if (random() >= actor.activity) continue;
      const events = 1 + Math.floor(random() * 3);
      for (let index = 0; index < events; index += 1) {
        const type = retentionEventTypes[Math.floor(random() * retentionEventTypes.length)]!;
        // Some events sit exactly on the local midnight or one millisecond before the next one.
        const edge = random();
        const time =
          edge < 0.1
            ? localMidnight(day, timeZone)
            : edge < 0.2
              ? localMidnight(plusDays(day, 1), timeZone) - 1
              : at(day, random());
        counter += 1;
        const event: WireEvent = {
          event_type: type,
          time,
          insert_id: `retention-${counter}`,
          event_properties: { source: random() < 0.5 ? 'email' : 'search' },
        };
        if (actor.id.startsWith('org:')) event.groups = { company: actor.id.slice(4) };
        else if (actor.id.startsWith('device:')) event.device_id = actor.id.slice(7);
        else event.user_id = actor.id;
        if (actor.eventGroups && random() < 0.6) event.groups = { company: actor.eventGroups };
        timed.push(event);
      }
    }
  }
  timed.sort((left, right) => left.time - right.time);
  return {
    batches: [{ events: setup }, { events: timed }, { events: timed.slice(0, 40), retry: true }],
    firstMonday,
    movedOn,
  };
}
