// The Groups list answers every range and sort from the rollup history kept in memory
// (apps/api/src/modules/analytics/group-history-cache.ts). Here, every page is compared, row by
// row and in order, with an independent computation from the events the test sent: for several
// ranges, every sort both ways, a trend filter and a second page; then again right after new
// events (late ones on days already rolled up, a new account) are ingested and folded, and after a
// person's user-level group changes (their later events count for the new account only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';

const timeZone = 'Europe/Berlin';
const keyAction = 'Report Created';
const eventTypes = [keyAction, 'Query Run', 'Dashboard Viewed'];
const hour = 3_600_000;
const start = Date.UTC(2026, 9, 1, 0);
const localDay = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
const dayOf = (time: number) => localDay.format(new Date(time));
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface Sent {
  eventType: string;
  userId: string | null;
  time: number;
  /** Event-level companies; empty: the person's user-level company at the time, if any. */
  companies: string[];
  sessionId: number | null;
}

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  return (bound: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % bound;
  };
}

const companyName = (index: number) => `c${String(index).padStart(2, '0')}`;

function generateEvents(count: number, seed: number, from: number, days: number, companies: number): Sent[] {
  const next = generator(seed);
  const events: Sent[] = [];
  for (let index = 0; index < count; index++) {
    const time = from + next(days * 24) * hour + next(3_600) * 1000;
    const userNumber = next(30);
    const organisationLevel = next(12) === 0;
    const userId = organisationLevel ? null : `user-${userNumber}`;
    // Most people stay in one account; some work in two (a consultant).
    const company = next(5) === 0 ? next(companies) : (userNumber * 7 + 3) % companies;
    const userLevel = userId === 'user-29' && next(2) === 0;
    events.push({
      eventType: eventTypes[next(eventTypes.length)]!,
      userId,
      time,
      companies: userLevel ? [] : [companyName(company)],
      // One session per person and local day: its day is never ambiguous.
      sessionId: userId ? Date.parse(`${dayOf(time)}T00:00:00Z`) / 86_400_000 : null,
    });
  }
  return events;
}

interface Figures {
  value: string;
  events: number;
  keyActions: number;
  sessions: number;
  activePeople: number;
  peopleOnRecord: number;
  previous: number;
  label: string;
  percentChange: number | null;
  lastSeen: number;
}

/**
 * `identified`: accounts named by identify calls, with the call's time; such an account exists
 * from then on, even with no event, and is seen then.
 */
function expectedFigures(
  events: Sent[],
  identified: { company: string; time: number }[],
  range: { from: string; to: string },
): Map<string, Figures> {
  const length = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000 + 1;
  const previousFrom = shift(range.from, -length);
  const byCompany = new Map<
    string,
    {
      figures: Figures;
      people: Set<string>;
      everyone: Set<string>;
      sessions: Set<string>;
    }
  >();
  const seen: (Sent | { companies: string[]; time: number })[] = [
    ...identified.map((call) => ({ companies: [call.company], time: call.time })),
    ...events,
  ];
  for (const event of seen) {
    for (const company of event.companies) {
      let entry = byCompany.get(company);
      if (!entry) {
        entry = {
          figures: {
            value: company,
            events: 0,
            keyActions: 0,
            sessions: 0,
            activePeople: 0,
            peopleOnRecord: 0,
            previous: 0,
            label: '',
            percentChange: null,
            lastSeen: 0,
          },
          people: new Set(),
          everyone: new Set(),
          sessions: new Set(),
        };
        byCompany.set(company, entry);
      }
      const day = dayOf(event.time);
      const figures = entry.figures;
      figures.lastSeen = Math.max(figures.lastSeen, event.time);
      if (!('userId' in event)) continue;
      if (event.userId) entry.everyone.add(event.userId);
      if (day >= range.from && day <= range.to) {
        figures.events++;
        if (event.eventType === keyAction) figures.keyActions++;
        if (event.userId) entry.people.add(event.userId);
        if (event.userId && event.sessionId !== null) entry.sessions.add(`${event.userId}:${event.sessionId}`);
      }
      if (day >= previousFrom && day < range.from && event.eventType === keyAction) figures.previous++;
    }
  }
  const result = new Map<string, Figures>();
  for (const [company, entry] of byCompany) {
    const figures = entry.figures;
    figures.activePeople = entry.people.size;
    figures.peopleOnRecord = entry.everyone.size;
    figures.sessions = entry.sessions.size;
    // The trend rule written out again: 15 % steady, −50 % sharp (the project's defaults).
    const current = figures.keyActions;
    const previous = figures.previous;
    figures.percentChange = previous === 0 ? null : ((current - previous) * 100) / previous;
    const change = figures.percentChange;
    figures.label =
      change === null
        ? current > 0
          ? 'NEW'
          : 'INACTIVE'
        : change <= -50
          ? 'FALLING_SHARPLY'
          : change < -15
            ? 'FALLING'
            : change > 15
              ? 'RISING'
              : 'STEADY';
    result.set(company, figures);
  }
  return result;
}

const sortValues: Record<string, (figures: Figures) => number | null> = {
  KEY_ACTIONS: (figures) => figures.keyActions,
  EVENTS: (figures) => figures.events,
  SESSIONS: (figures) => figures.sessions,
  ACTIVE_PEOPLE: (figures) => figures.activePeople,
  PEOPLE_ON_RECORD: (figures) => figures.peopleOnRecord,
  TREND_PERCENT: (figures) => figures.percentChange,
  LAST_SEEN: (figures) => figures.lastSeen,
};

/** The list's order written out again: the sort value (nulls last), then value ascending. */
function expectedOrder(figures: Figures[], field: string, direction: 'ASC' | 'DESC'): Figures[] {
  const sortValue = sortValues[field]!;
  return [...figures].sort((left, right) => {
    const a = sortValue(left);
    const b = sortValue(right);
    if (a !== b) {
      if (a === null) return 1;
      if (b === null) return -1;
      return direction === 'DESC' ? b - a : a - b;
    }
    return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
  });
}

const listQuery = `query List($range: DateRangeInput, $sort: GroupSortInput, $filter: GroupFilterInput, $first: Int, $after: String) {
  groups(groupType: "company", range: $range, sort: $sort, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node { value events keyActions sessions activePeople peopleOnRecord lastSeen trend { previous label } } }
  }
}`;

interface Node {
  value: string;
  events: number;
  keyActions: number;
  sessions: number;
  activePeople: number;
  peopleOnRecord: number;
  lastSeen: string;
  trend: { previous: number; label: string };
}

const shown = (figures: Figures) => ({
  value: figures.value,
  events: figures.events,
  keyActions: figures.keyActions,
  sessions: figures.sessions,
  activePeople: figures.activePeople,
  peopleOnRecord: figures.peopleOnRecord,
  lastSeen: new Date(figures.lastSeen).toISOString(),
  trend: { previous: figures.previous, label: figures.label },
});

const ranges = [
  { from: '2026-10-20', to: '2026-11-18' },
  { from: '2026-11-12', to: '2026-11-18' },
  { from: '2026-10-01', to: '2026-11-18' },
  { from: '2026-10-15', to: '2026-10-28' },
  { from: '2026-11-01', to: '2026-11-01' },
];

describe('Groups list from the rollup history in memory', () => {
  let setup: TestServerWithProject;
  /** What was sent, each event with the companies it counts for. */
  const events: Sent[] = [];
  /** Each person's user-level company now: an event without its own counts for it when it arrives. */
  const userLevel = new Map<string, string>();
  const identified: { company: string; time: number }[] = [];
  let insert = 0;

  async function send(batch: Sent[]) {
    const body = batch.map((event) => ({
      event_type: event.eventType,
      time: event.time,
      insert_id: `history-${insert++}`,
      ...(event.userId ? { user_id: event.userId } : {}),
      ...(event.sessionId !== null ? { session_id: event.sessionId } : {}),
      ...(event.companies.length ? { groups: { company: event.companies } } : {}),
    }));
    const response = await postJson(`${setup.server.url}/2/httpapi`, { api_key: setup.ingestKey, events: body });
    expect(response.status, response.text).toBe(200);
    for (const event of batch) {
      const current = event.userId ? userLevel.get(event.userId) : undefined;
      const companies = event.companies.length ? event.companies : current ? [current] : [];
      events.push({ ...event, companies });
    }
  }

  async function moveUserLevel(userId: string, company: string, since: number) {
    const response = await postJson(`${setup.server.url}/2/httpapi`, {
      api_key: setup.ingestKey,
      events: [
        { event_type: '$identify', user_id: userId, time: since, insert_id: `move-${insert++}`, groups: { company } },
      ],
    });
    expect(response.status, response.text).toBe(200);
    userLevel.set(userId, company);
    identified.push({ company, time: since });
  }

  async function list(variables: Record<string, unknown>) {
    const result = await graphql(setup.server, setup.secretKey, listQuery, variables);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data.groups as {
      totalCount: number;
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
      edges: { node: Node }[];
    };
  }

  /** Every range, every sort both ways, a trend filter and a second page against the replay. */
  async function expectEveryPageMatches() {
    for (const range of ranges) {
      const expected = expectedFigures(events, identified, range);
      const companies = [...expected.values()];
      for (const field of Object.keys(sortValues)) {
        for (const direction of ['DESC', 'ASC'] as const) {
          const page = await list({ range, sort: { field, direction }, first: 200 });
          const what = `${range.from}..${range.to} by ${field} ${direction}`;
          expect(
            page.edges.map((edge) => edge.node),
            what,
          ).toEqual(expectedOrder(companies, field, direction).map(shown));
          expect(page.totalCount, what).toBe(companies.length);
        }
      }
      const byKeyActions = expectedOrder(companies, 'KEY_ACTIONS', 'DESC');
      const firstPage = await list({ range, sort: { field: 'KEY_ACTIONS', direction: 'DESC' }, first: 4 });
      const secondPage = await list({
        range,
        sort: { field: 'KEY_ACTIONS', direction: 'DESC' },
        first: 4,
        after: firstPage.pageInfo.endCursor,
      });
      expect(secondPage.edges.map((edge) => edge.node)).toEqual(byKeyActions.slice(4, 8).map(shown));
      const labels = ['RISING', 'NEW', 'FALLING_SHARPLY'];
      const filtered = await list({
        range,
        sort: { field: 'ACTIVE_PEOPLE', direction: 'DESC' },
        filter: { trend: labels },
        first: 200,
      });
      const expectedFiltered = expectedOrder(
        companies.filter((figures) => labels.includes(figures.label)),
        'ACTIVE_PEOPLE',
        'DESC',
      );
      expect(filtered.totalCount).toBe(expectedFiltered.length);
      expect(filtered.edges.map((edge) => edge.node)).toEqual(expectedFiltered.map(shown));
    }
  }

  beforeAll(async () => {
    setup = await startTestServerWithProject({ name: 'History', keyActions: [keyAction], timeZone });
    await moveUserLevel('user-29', companyName(2), start - hour);
    const generated = generateEvents(900, 15, start, 49, 12);
    for (let offset = 0; offset < generated.length; offset += 150) await send(generated.slice(offset, offset + 150));
  });
  afterAll(async () => setup?.server.stop());

  it('matches the replay of the raw events for every range and sort', async () => {
    await expectEveryPageMatches();
  });

  it('matches it right after new events are folded: late days already rolled up, a new account', async () => {
    // Days already in the rollups, for people already counted and new ones.
    await send(generateEvents(120, 99, Date.UTC(2026, 10, 1), 18, 12));
    await send([
      { eventType: keyAction, userId: 'newcomer', time: Date.UTC(2026, 10, 16, 9), companies: ['c99'], sessionId: 7 },
      { eventType: 'Query Run', userId: null, time: Date.UTC(2026, 10, 17, 9), companies: ['c00'], sessionId: null },
    ]);
    await expectEveryPageMatches();
  });

  it("matches it after a person's user-level group changes: later events count for the new account", async () => {
    const movedAt = Date.UTC(2026, 10, 10, 12);
    await moveUserLevel('user-29', companyName(5), movedAt);
    await send(
      Array.from({ length: 12 }, (_, index) => ({
        eventType: index % 3 === 0 ? keyAction : 'Query Run',
        userId: 'user-29',
        time: movedAt + (index + 1) * 9 * hour,
        companies: [],
        sessionId: 500 + index,
      })),
    );
    await expectEveryPageMatches();
  });
});
