// The domain over GraphQL (issue #17): people, events and typed group properties, every list one
// connection shape. Expected values are worked out here from what the test sends, not read back
// from the tables: a consultant in two accounts through event-level groups, a user-level group
// overwritten by a later identify, an organisation-level event in its account's events, and
// paging through every event two at a time.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';

const minute = 60_000;
// Recent, so the default 30-day range of figures holds everything.
const start = Math.floor(Date.now() / minute) * minute - 3 * 24 * 60 * minute;
const at = (minutes: number) => start + minutes * minute;
const iso = (time: number) => new Date(time).toISOString();

interface SentEvent {
  eventType: string;
  userId: string | null;
  time: number;
  /** Event-level groups sent with it. */
  companies: string[];
}

// What the test sends, in order; identify calls set Alice's user-level company.
const identifyAliceAcme = at(0);
const identifyAliceGlobex = at(30);
const sent: SentEvent[] = [
  { eventType: 'Report Created', userId: 'consultant', time: at(1), companies: ['acme'] },
  { eventType: 'Query Run', userId: 'consultant', time: at(2), companies: ['globex'] },
  { eventType: 'Report Created', userId: 'consultant', time: at(3), companies: ['acme'] },
  { eventType: 'Dashboard Viewed', userId: 'alice', time: at(10), companies: [] },
  { eventType: 'Trial Ended', userId: null, time: at(20), companies: ['acme'] },
  { eventType: 'Query Run', userId: 'alice', time: at(40), companies: [] },
  { eventType: 'Report Created', userId: 'alice', time: at(41), companies: [] },
];

/** Alice's user-level company at a time: the last identify before it. */
const aliceCompanyAt = (time: number) =>
  time >= identifyAliceGlobex ? 'globex' : time >= identifyAliceAcme ? 'acme' : null;

/** The groups an event counts for, by the README's group rules, as "value:ATTRIBUTION". */
function expectedGroups(event: SentEvent): string[] {
  if (event.companies.length) return event.companies.map((value) => `${value}:EVENT_LEVEL`).sort();
  const company = event.userId === 'alice' ? aliceCompanyAt(event.time) : null;
  return company ? [`${company}:USER_LEVEL`] : [];
}

const newestFirst = (events: SentEvent[]) => [...events].sort((left, right) => right.time - left.time);
const describeEvent = (event: SentEvent) => `${event.eventType}@${iso(event.time)}:${event.userId ?? '-'}`;

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers, read field by field in the assertions.
type Json = any;

describe('GraphQL domain: users, events, group properties', () => {
  let setup: TestServerWithProject;
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await graphql(setup.server, setup.secretKey, query, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data as Json;
  };

  beforeAll(async () => {
    setup = await startTestServerWithProject({ name: 'Domain' });
    const send = async (events: unknown[]) => {
      const response = await postJson(`${setup.server.url}/2/httpapi`, { api_key: setup.ingestKey, events });
      expect(response.status).toBe(200);
    };
    let insert = 0;
    const amplitude = (event: SentEvent) => ({
      event_type: event.eventType,
      time: event.time,
      insert_id: `e-${insert++}`,
      session_id: event.userId ? start : undefined,
      ...(event.userId ? { user_id: event.userId } : {}),
      ...(event.companies.length ? { groups: { company: event.companies } } : {}),
      event_properties: { order: insert },
    });
    // The identify calls and the events in time order, each request after the one before.
    await send([
      {
        event_type: '$identify',
        user_id: 'alice',
        time: identifyAliceAcme,
        insert_id: 'id-1',
        groups: { company: 'acme' },
      },
      {
        event_type: '$groupidentify',
        time: at(0),
        insert_id: 'gi-1',
        groups: { company: 'acme' },
        group_properties: { $set: { name: 'Acme Inc', seats: 3 } },
      },
    ]);
    await send(sent.filter((event) => event.time < identifyAliceGlobex).map(amplitude));
    await send([
      {
        event_type: '$identify',
        user_id: 'alice',
        time: identifyAliceGlobex,
        insert_id: 'id-2',
        groups: { company: 'globex' },
      },
      {
        event_type: '$groupidentify',
        time: at(31),
        insert_id: 'gi-2',
        groups: { company: 'acme' },
        group_properties: { $set: { seats: 5, verified: true } },
      },
    ]);
    await send(sent.filter((event) => event.time > identifyAliceGlobex).map(amplitude));
  });
  afterAll(async () => setup?.server.stop());

  it('puts a person in two accounts through event-level groups, with activity in each', async () => {
    const data = await ask(`{ user(userId: "consultant") {
      userId deviceIds firstSeen lastSeen
      groups { kind since lastActivity events group { groupType value name } } } }`);
    const mine = sent.filter((event) => event.userId === 'consultant');
    const inCompany = (value: string) => mine.filter((event) => event.companies.includes(value));
    expect(data.user.userId).toBe('consultant');
    expect(data.user.firstSeen).toBe(iso(Math.min(...mine.map((event) => event.time))));
    expect(data.user.lastSeen).toBe(iso(Math.max(...mine.map((event) => event.time))));
    const expected = ['acme', 'globex']
      .map((value) => ({
        kind: 'EVENT_LEVEL',
        since: iso(Math.min(...inCompany(value).map((event) => event.time))),
        lastActivity: iso(Math.max(...inCompany(value).map((event) => event.time))),
        events: inCompany(value).length,
        group: { groupType: 'company', value, name: value === 'acme' ? 'Acme Inc' : value },
      }))
      .sort((left, right) => right.lastActivity.localeCompare(left.lastActivity));
    expect(data.user.groups).toEqual(expected);
  });

  it('moves a user-level group with a later identify; earlier events keep the group they had', async () => {
    const data = await ask(`{ user(userId: "alice") {
      groups { kind since lastActivity events group { value } }
      events(first: 10) { edges { node { eventType time user { userId } groups { attribution group { value } } } } } } }`);
    const mine = sent.filter((event) => event.userId === 'alice');
    const attributedTo = (value: string) => mine.filter((event) => aliceCompanyAt(event.time) === value);
    const globex = attributedTo('globex');
    const acme = attributedTo('acme');
    expect(data.user.groups).toEqual([
      {
        kind: 'USER_LEVEL',
        since: iso(identifyAliceGlobex),
        lastActivity: iso(Math.max(...globex.map((event) => event.time))),
        events: globex.length,
        group: { value: 'globex' },
      },
      {
        kind: 'EVENT_LEVEL',
        since: iso(Math.min(...acme.map((event) => event.time))),
        lastActivity: iso(Math.max(...acme.map((event) => event.time))),
        events: acme.length,
        group: { value: 'acme' },
      },
    ]);
    expect(
      data.user.events.edges.map(({ node }: Json) => ({
        line: `${node.eventType}@${node.time}:${node.user.userId}`,
        groups: node.groups.map((group: Json) => `${group.group.value}:${group.attribution}`).sort(),
      })),
    ).toEqual(newestFirst(mine).map((event) => ({ line: describeEvent(event), groups: expectedGroups(event) })));
  });

  it("lists an organisation-level event among its account's events, with no user", async () => {
    const data = await ask(`{ group(groupType: "company", value: "acme") {
      groupType value name
      events(first: 50) { edges { node { eventType time user { userId } groups { attribution group { value } } } } } } }`);
    const acmeEvents = newestFirst(
      sent.filter((event) => expectedGroups(event).some((group) => group.startsWith('acme:'))),
    );
    expect(data.group).toMatchObject({ groupType: 'company', value: 'acme', name: 'Acme Inc' });
    expect(
      data.group.events.edges.map(({ node }: Json) => `${node.eventType}@${node.time}:${node.user?.userId ?? '-'}`),
    ).toEqual(acmeEvents.map(describeEvent));
    const trialEnded = data.group.events.edges.find(({ node }: Json) => node.eventType === 'Trial Ended').node;
    expect(trialEnded.user).toBeNull();
    expect(trialEnded.groups).toEqual([{ attribution: 'EVENT_LEVEL', group: { value: 'acme' } }]);
  });

  it('pages through every event two at a time, newest first, each exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const data: Json = await ask(
        `query Page($after: String) { events(first: 2, after: $after) {
          edges { cursor node { eventType time user { userId } } } pageInfo { hasNextPage endCursor hasPreviousPage startCursor } } }`,
        { after },
      );
      const { edges, pageInfo } = data.events;
      expect(edges.length).toBeLessThanOrEqual(2);
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
      seen.push(...edges.map(({ node }: Json) => `${node.eventType}@${node.time}:${node.user?.userId ?? '-'}`));
      after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null && pages < 20);
    expect(seen).toEqual(newestFirst(sent).map(describeEvent));
    expect(pages).toBe(Math.ceil(sent.length / 2));
  });

  it('filters events by type, time, group and person', async () => {
    const from = at(2);
    const to = at(41);
    const data = await ask(
      `query Filtered($from: DateTime, $to: DateTime) {
        byType: events(filter: { eventTypes: ["Report Created", "Trial Ended"], from: $from, to: $to }) { edges { node { eventType time } } }
        byGroupAndPerson: events(filter: { groupType: "company", groupValue: "acme", userId: "consultant" }) { edges { node { eventType time } } }
        unknownGroup: events(filter: { groupType: "company", groupValue: "nobody" }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { from: iso(from), to: iso(to) },
    );
    const line = ({ node }: Json) => `${node.eventType}@${node.time}`;
    const expectLine = (event: SentEvent) => `${event.eventType}@${iso(event.time)}`;
    expect(data.byType.edges.map(line)).toEqual(
      newestFirst(
        sent.filter(
          (event) =>
            ['Report Created', 'Trial Ended'].includes(event.eventType) && event.time >= from && event.time < to,
        ),
      ).map(expectLine),
    );
    expect(data.byGroupAndPerson.edges.map(line)).toEqual(
      newestFirst(sent.filter((event) => event.userId === 'consultant' && event.companies.includes('acme'))).map(
        expectLine,
      ),
    );
    expect(data.unknownGroup).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it("serves a group's people as a connection of User, with their activity in the group", async () => {
    const data = await ask(`{ group(groupType: "company", value: "acme") {
      members(first: 1) { totalCount edges { cursor lastSeen events node { userId } } pageInfo { hasNextPage endCursor } } } }`);
    // acme's people: the consultant (event-level) and Alice (user-level before she moved); the
    // organisation-level event has no person.
    const people = ['consultant', 'alice'].map((userId) => {
      const events = sent.filter(
        (event) => event.userId === userId && expectedGroups(event).some((group) => group.startsWith('acme:')),
      );
      return { userId, lastSeen: Math.max(...events.map((event) => event.time)), events: events.length };
    });
    people.sort((left, right) => right.lastSeen - left.lastSeen);
    const first = data.group.members;
    expect(first.totalCount).toBe(people.length);
    expect(
      first.edges.map((edge: Json) => ({ userId: edge.node.userId, lastSeen: edge.lastSeen, events: edge.events })),
    ).toEqual([{ userId: people[0]!.userId, lastSeen: iso(people[0]!.lastSeen), events: people[0]!.events }]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await ask(
      `query Next($after: String) { group(groupType: "company", value: "acme") {
        members(first: 1, after: $after) { totalCount edges { node { userId } } pageInfo { hasNextPage } } } }`,
      { after: first.pageInfo.endCursor },
    );
    expect(next.group.members).toEqual({
      totalCount: people.length,
      edges: [{ node: { userId: people[1]!.userId } }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('types group properties, with their source, time and history', async () => {
    const data = await ask(`{ group(groupType: "company", value: "acme") {
      propertyList { key value type source updatedAt history(first: 10) { edges { node { value source changedAt } } } } } }`);
    expect(data.group.propertyList).toEqual([
      {
        key: 'name',
        value: 'Acme Inc',
        type: 'STRING',
        source: 'identify',
        updatedAt: iso(at(0)),
        history: { edges: [{ node: { value: 'Acme Inc', source: 'identify', changedAt: iso(at(0)) } }] },
      },
      {
        key: 'seats',
        value: 5,
        type: 'NUMBER',
        source: 'identify',
        updatedAt: iso(at(31)),
        history: {
          edges: [
            { node: { value: 5, source: 'identify', changedAt: iso(at(31)) } },
            { node: { value: 3, source: 'identify', changedAt: iso(at(0)) } },
          ],
        },
      },
      {
        key: 'verified',
        value: true,
        type: 'BOOLEAN',
        source: 'identify',
        updatedAt: iso(at(31)),
        history: { edges: [{ node: { value: true, source: 'identify', changedAt: iso(at(31)) } }] },
      },
    ]);
  });

  it("counts a person's activity over a range and finds people by search", async () => {
    const data = await ask(`{
      user(userId: "alice") { activity { events activeDays sessions eventTypes lastEventAt range { days } daily { day events } } }
      users(search: "ALI", first: 10) { totalCount edges { node { userId } } }
      all: users(first: 1) { totalCount edges { node { userId } } pageInfo { hasNextPage } } }`);
    const alice = sent.filter((event) => event.userId === 'alice');
    const days = new Set(alice.map((event) => new Date(event.time).toISOString().slice(0, 10)));
    // One point per day of the default range (30 days ending today, UTC), zeros included.
    const { daily, ...figures } = data.user.activity;
    const perDay = new Map<string, number>();
    for (const event of alice) {
      const day = new Date(event.time).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const today = new Date().toISOString().slice(0, 10);
    expect(daily).toHaveLength(30);
    expect(daily.at(-1).day).toBe(today);
    expect(daily.filter((point: Json) => point.events > 0)).toEqual(
      [...perDay].sort().map(([day, events]) => ({ day, events })),
    );
    expect(figures).toEqual({
      events: alice.length,
      activeDays: days.size,
      sessions: 1,
      eventTypes: new Set(alice.map((event) => event.eventType)).size,
      lastEventAt: iso(Math.max(...alice.map((event) => event.time))),
      range: { days: 30 },
    });
    expect(data.users).toEqual({ totalCount: 1, edges: [{ node: { userId: 'alice' } }] });
    const lastActive = newestFirst(sent.filter((event) => event.userId !== null))[0]!.userId;
    expect(data.all).toEqual({
      totalCount: 2,
      edges: [{ node: { userId: lastActive } }],
      pageInfo: { hasNextPage: true },
    });
  });

  it('pages through every person one at a time, most recently seen first, each exactly once', async () => {
    const lastSeen = new Map<string, number>();
    for (const event of sent) {
      if (event.userId) lastSeen.set(event.userId, Math.max(lastSeen.get(event.userId) ?? 0, event.time));
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const data: Json = await ask(
        'query People($after: String) { users(first: 1, after: $after) { edges { node { userId lastSeen } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      seen.push(...data.users.edges.map(({ node }: Json) => `${node.userId}@${node.lastSeen}`));
      after = data.users.pageInfo.hasNextPage ? data.users.pageInfo.endCursor : null;
    } while (after !== null && seen.length < 10);
    expect(seen).toEqual(
      [...lastSeen].sort((left, right) => right[1] - left[1]).map(([userId, time]) => `${userId}@${iso(time)}`),
    );
  });

  it('reaches the Group of a row of the groups list', async () => {
    const data = await ask(`{ groups(groupType: "company", sort: { field: NAME, direction: ASC }) {
      edges { node { value group { value members { totalCount } } } } } }`);
    expect(
      data.groups.edges.map(({ node }: Json) => [node.value, node.group.value, node.group.members.totalCount]),
    ).toEqual([
      ['acme', 'acme', 2],
      ['globex', 'globex', 2],
    ]);
  });

  it('keeps the deprecated group fields working', async () => {
    const data = await ask(`{ group(groupType: "company", value: "globex") {
      summary { value } people { userId } recentEvents(first: 1) { eventType attribution } } }`);
    const globexEvents = newestFirst(
      sent.filter((event) => expectedGroups(event).some((group) => group.startsWith('globex:'))),
    );
    expect(data.group.summary.value).toBe('globex');
    expect(data.group.people.map((person: Json) => person.userId).sort()).toEqual(['alice', 'consultant']);
    expect(data.group.recentEvents).toEqual([
      {
        eventType: globexEvents[0]!.eventType,
        attribution: expectedGroups(globexEvents[0]!)[0]!.split(':')[1] === 'USER_LEVEL' ? 'user' : 'event',
      },
    ]);
  });

  it('refuses a page past the bound and cursors it did not hand out, as client errors', async () => {
    const tooMany = await graphql(setup.server, setup.secretKey, '{ events(first: 201) { edges { cursor } } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(tooMany.errors?.[0]?.message).toMatch(/at most 200/);
    const zero = await graphql(setup.server, setup.secretKey, '{ users(first: 0) { edges { cursor } } }');
    expect(zero.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const users = await ask('{ users(first: 1) { pageInfo { endCursor } } }');
    for (const after of [
      'not-a-cursor',
      users.users.pageInfo.endCursor,
      Buffer.from('["event","x","1"]').toString('base64url'),
    ]) {
      const response = await postJson(
        `${setup.server.url}/graphql`,
        { query: 'query Bad($after: String) { events(after: $after) { edges { cursor } } }', variables: { after } },
        { authorization: `Bearer ${setup.secretKey}` },
      );
      expect(response.status).not.toBe(500);
      expect(response.json.errors[0].extensions.code).toBe('INVALID_INPUT');
      expect(response.json.errors[0].message).toMatch(/cursor/);
    }
  });

  it("answers the README's integrator examples", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('**One list shape.**'));
    const block = /```graphql\n([\s\S]*?)```/.exec(section)![1]!;
    const examples = block
      .split(/^# .*$/m)
      .map((example) => example.trim())
      .filter(Boolean)
      .map((example) => example.replace('"u-123"', '"consultant"'));
    expect(examples).toHaveLength(4);
    const [accounts, people, events, history] = await Promise.all(examples.map((example) => ask(example)));
    expect(accounts.user.groups.map((membership: Json) => membership.group.value).sort()).toEqual(['acme', 'globex']);
    expect(people.group.members.totalCount).toBe(2);
    // The example's range is fixed; the events were sent three days before today.
    const inRange = (event: SentEvent) =>
      event.time >= Date.parse('2026-11-01T00:00:00Z') && event.time < Date.parse('2026-12-01T00:00:00Z');
    expect(
      events.events.edges.map(({ node }: Json) => `${node.eventType}@${node.time}:${node.user?.userId ?? '-'}`),
    ).toEqual(
      newestFirst(
        sent.filter((event) => inRange(event) && expectedGroups(event).some((group) => group.startsWith('acme:'))),
      ).map(describeEvent),
    );
    expect(history.group.propertyList.map((property: Json) => property.key)).toEqual(['name', 'seats', 'verified']);
  });
});
