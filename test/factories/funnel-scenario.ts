// Events for the funnel tests (Amplitude HTTP V2 bodies, in sending order), in a half-hour time
// zone. Hand-written cases, each named after the trap it holds, then seeded random practices whose
// members do different steps at hour-rounded times (so equal timestamps happen across people).
// Steps of the main funnel: Invoice Sent → Invoice Viewed → Invoice Paid.
import { localMidnight, seededRandom, type ScenarioBatch, type WireEvent } from './analytics-scenario';
import { plusDays } from './calendar';

export const funnelTimeZone = 'Australia/Adelaide';
export const funnelGroupType = 'company';
export const funnelRange = { from: '2026-11-02', to: '2026-11-15' };
export const funnelSteps = ['Invoice Sent', 'Invoice Viewed', 'Invoice Paid'];

const hour = 3_600_000;
const day = 24 * hour;
const at = (localDay: string, hours = 0) => localMidnight(localDay, funnelTimeZone) + hours * hour;

function identify(user: string, company: string, time: number): WireEvent {
  return { event_type: '$identify', user_id: user, time, groups: { [funnelGroupType]: company } };
}

function plan(company: string, value: string | null, time: number): WireEvent {
  const properties = value === null ? { name: company.toUpperCase() } : { name: company.toUpperCase(), plan: value };
  return {
    event_type: '$groupidentify',
    time,
    groups: { [funnelGroupType]: company },
    group_properties: { $set: properties },
  };
}

let counter = 0;
function step(eventType: string, user: string | null, time: number, extra: Partial<WireEvent> = {}): WireEvent {
  counter += 1;
  return {
    event_type: eventType,
    ...(user === null ? {} : { user_id: user }),
    time,
    insert_id: `funnel-${counter}`,
    ...extra,
  };
}

export function buildFunnelScenario(seed = 20261102): ScenarioBatch[] {
  counter = 0;
  const setup = at('2026-10-20');
  const first = funnelRange.from;
  const people: WireEvent[] = [
    // The seed's medical practice: the admin sends, one patient views, another pays.
    identify('admin-a', 'clinic-a', setup),
    identify('patient-a1', 'clinic-a', setup),
    identify('patient-a2', 'clinic-a', setup),
    identify('admin-b', 'clinic-b', setup),
    identify('admin-c', 'clinic-c', setup),
    identify('admin-d', 'clinic-d', setup),
    identify('admin-e', 'clinic-e', setup),
    identify('admin-f', 'clinic-f', setup),
    identify('admin-h', 'clinic-h', setup),
    identify('admin-i', 'clinic-i', setup),
    // Works for several practices: user-level clinic-a, event-level groups elsewhere.
    identify('consultant', 'clinic-a', setup),
    identify('mover', 'clinic-a', setup),
    plan('clinic-a', 'pro', setup),
    plan('clinic-b', 'pro', setup),
    plan('clinic-c', 'free', setup),
    plan('clinic-d', 'free', setup),
    plan('clinic-e', null, setup),
    plan('clinic-g', 'enterprise', setup),
    plan('clinic-h', 'pro', setup),
  ];
  const events: WireEvent[] = [
    step('Invoice Sent', 'admin-a', at(first, 10)),
    step('Invoice Viewed', 'patient-a1', at(first, 12)),
    step('Invoice Paid', 'patient-a2', at(plusDays(first, 1), 9), { event_properties: { amount: 120 } }),
    // One person does everything, and pays twice.
    step('Invoice Sent', 'admin-b', at(plusDays(first, 2), 8)),
    step('Invoice Viewed', 'admin-b', at(plusDays(first, 2), 9)),
    step('Invoice Paid', 'admin-b', at(plusDays(first, 3), 9), { event_properties: { amount: 0 } }),
    step('Invoice Paid', 'admin-b', at(plusDays(first, 4), 9), { event_properties: { amount: 80 } }),
    // Exactly at the edge of a 2-day window (counts), and a second entry 1 ms past it (does not).
    step('Invoice Sent', 'admin-c', at(plusDays(first, 3), 6)),
    step('Invoice Viewed', 'admin-c', at(plusDays(first, 4), 6)),
    step('Invoice Paid', 'admin-c', at(plusDays(first, 3), 6) + 2 * day, { event_properties: { amount: 5 } }),
    step('Invoice Sent', 'admin-c', at(plusDays(first, 8), 6)),
    step('Invoice Viewed', 'admin-c', at(plusDays(first, 8), 7)),
    step('Invoice Paid', 'admin-c', at(plusDays(first, 8), 6) + 2 * day + 1, { event_properties: { amount: 5 } }),
    // Equal timestamps: sent and viewed at the same instant, paid too.
    step('Invoice Sent', 'admin-d', at(plusDays(first, 5), 11)),
    step('Invoice Viewed', 'admin-d', at(plusDays(first, 5), 11)),
    step('Invoice Paid', 'admin-d', at(plusDays(first, 5), 11), { event_properties: { amount: 7 } }),
    // Repeated first steps: the first entry cannot finish in 2 days, the third one can.
    step('Invoice Sent', 'admin-e', at(plusDays(first, 1), 1)),
    step('Invoice Sent', 'admin-e', at(plusDays(first, 5), 1)),
    step('Invoice Sent', 'admin-e', at(plusDays(first, 6), 1)),
    step('Invoice Viewed', 'admin-e', at(plusDays(first, 6), 20)),
    step('Invoice Viewed', 'admin-e', at(plusDays(first, 7), 2)),
    step('Invoice Paid', 'admin-e', at(plusDays(first, 7), 23), { event_properties: { amount: 9 } }),
    // Edges of the range: a send 1 ms before it (outside), one on its first local midnight
    // (inside), a payment on the last millisecond of its last day (inside) and one on the next
    // midnight (outside).
    step('Invoice Sent', 'admin-f', localMidnight(first, funnelTimeZone) - 1),
    step('Invoice Viewed', 'admin-f', localMidnight(first, funnelTimeZone) + 1),
    step('Invoice Sent', 'admin-f', at(plusDays(funnelRange.to, -1), 23)),
    step('Invoice Viewed', 'admin-f', at(funnelRange.to, 2)),
    step('Invoice Paid', 'admin-f', localMidnight(plusDays(funnelRange.to, 1), funnelTimeZone) - 1, {
      event_properties: { amount: 3 },
    }),
    step('Invoice Paid', 'admin-f', localMidnight(plusDays(funnelRange.to, 1), funnelTimeZone), {
      event_properties: { amount: 3 },
    }),
    // The consultant: event-level groups put the same events in clinic-b and clinic-g.
    step('Invoice Sent', 'consultant', at(plusDays(first, 9), 10), { groups: { [funnelGroupType]: 'clinic-g' } }),
    step('Invoice Viewed', 'consultant', at(plusDays(first, 9), 11), {
      groups: { [funnelGroupType]: ['clinic-b', 'clinic-g'] },
    }),
    step('Invoice Paid', 'consultant', at(plusDays(first, 9), 12), {
      groups: { [funnelGroupType]: ['clinic-b', 'clinic-g'] },
      event_properties: { amount: 50 },
    }),
    // The mover sends for clinic-a, moves to clinic-b, then views there.
    step('Invoice Sent', 'mover', at(plusDays(first, 10), 9)),
    identify('mover', 'clinic-b', at(plusDays(first, 10), 10)),
    step('Invoice Viewed', 'mover', at(plusDays(first, 10), 11)),
    // Organisation-level: clinic-h's payment has no person (counts for the group, never for people).
    step('Invoice Sent', 'admin-h', at(plusDays(first, 4), 10)),
    step('Invoice Viewed', 'admin-h', at(plusDays(first, 4), 12)),
    step('Invoice Paid', null, at(plusDays(first, 4), 13), {
      groups: { [funnelGroupType]: 'clinic-h' },
      event_properties: { amount: 200 },
    }),
    // Sends and never hears back.
    step('Invoice Sent', 'admin-i', at(plusDays(first, 6), 15)),
    // Pricing page views for the "same event matches two steps" funnel.
    step('Page Viewed', 'admin-d', at(plusDays(first, 2), 4), { event_properties: { page: 'pricing' } }),
    step('Page Viewed', 'admin-b', at(plusDays(first, 2), 4), { event_properties: { page: 'pricing' } }),
    step('Page Viewed', 'admin-b', at(plusDays(first, 2), 4), { event_properties: { page: 'pricing' } }),
    step('Page Viewed', 'admin-c', at(plusDays(first, 2), 4), { event_properties: { page: 'home' } }),
  ];
  const random = seededRandom(seed);
  const practices = ['north', 'south', 'east', 'west', 'central', 'harbour'];
  const plans = ['pro', 'free', 'enterprise', 'trial'];
  const randomEvents: WireEvent[] = [];
  practices.forEach((practice, practiceIndex) => {
    const company = `practice-${practice}`;
    if (practiceIndex !== 5) people.push(plan(company, plans[practiceIndex % plans.length]!, setup));
    for (let member = 0; member < 3; member += 1) {
      const user = `${practice}-member-${member}`;
      people.push(identify(user, company, setup));
      const count = 2 + Math.floor(random() * 5);
      for (let index = 0; index < count; index += 1) {
        const eventType = funnelSteps[Math.floor(random() * funnelSteps.length)]!;
        // Whole hours from a day before the range to a day after: ties across members, and edges.
        const time = localMidnight(plusDays(first, -1), funnelTimeZone) + Math.floor(random() * 16 * 24) * hour;
        randomEvents.push(
          step(eventType, user, time, eventType === 'Invoice Paid' ? { event_properties: { amount: index } } : {}),
        );
      }
    }
  });
  return [
    { events: people },
    { events: [...events, ...randomEvents] },
    // A retried delivery: nothing may count twice.
    { events: events.slice(0, 8), retry: true },
  ];
}
