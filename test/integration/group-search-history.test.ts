// Account lookup by property history (issue #16): `groupSearch` and the Groups list's search take
// `name = value` and match every value the property ever held, among groups active in the last six
// months. The expected groups are worked out here from what the test sends (each group's values
// over time and its last event), not read back from the tables: a value held long ago matches, a
// group whose last event was seven months ago does not.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';

const day = 24 * 60 * 60_000;
const now = Date.now();
const daysAgo = (days: number) => now - days * day;
/** Calendar months before now (UTC), as the server counts them; the day is clamped like it. */
function monthsAgo(months: number): number {
  const date = new Date(now);
  const dayOfMonth = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(dayOfMonth, lastDay));
  return date.getTime();
}

interface SentGroup {
  value: string;
  /** Property values set over time ($groupidentify), oldest first. */
  changes: { time: number; set: Record<string, unknown> }[];
  /** Times of ordinary events sent with the group; the last is after every change. */
  activity: number[];
}

// Two values that share their first 100 characters (the searchable prefix) and differ after it.
const longMotto = `${'we make the accounts of our customers grow '.repeat(3)}steadily`;
const otherLongMotto = `${'we make the accounts of our customers grow '.repeat(3)}quickly`;

const groups: SentGroup[] = [
  {
    // Enterprise twenty months ago, then starter, then growth: the history holds "enterprise".
    value: 'acme',
    changes: [
      { time: daysAgo(600), set: { name: 'Acme', plan: 'enterprise' } },
      { time: daysAgo(300), set: { plan: 'starter' } },
      { time: daysAgo(3), set: { plan: 'growth', 'account manager': 'Ada Lovelace' } },
    ],
    activity: [daysAgo(600), daysAgo(2)],
  },
  {
    // Enterprise now, but its last event was seven months ago.
    value: 'globex',
    changes: [{ time: monthsAgo(8), set: { name: 'Globex', plan: 'enterprise' } }],
    activity: [monthsAgo(8), monthsAgo(7)],
  },
  {
    value: 'initech',
    changes: [{ time: daysAgo(40), set: { name: 'Initech', plan: 'Enterprise', seats: 10, motto: otherLongMotto } }],
    activity: [daysAgo(1)],
  },
  {
    value: 'umbrella',
    changes: [
      { time: daysAgo(90), set: { name: 'Umbrella', plan: 'starter', 'account manager': 'Grace Hopper' } },
      { time: daysAgo(20), set: { seats: '10', motto: longMotto } },
    ],
    activity: [daysAgo(5)],
  },
  {
    // Active just inside six months, enterprise once.
    value: 'hooli',
    changes: [
      { time: monthsAgo(12), set: { name: 'Hooli', plan: 'enterprise' } },
      { time: monthsAgo(11), set: { plan: 'enterprise plus' } },
    ],
    activity: [monthsAgo(12), monthsAgo(6) + day],
  },
];

const lastEvent = (group: SentGroup) => Math.max(...group.activity);

/** The independent answer: groups whose `key` ever held `value` (both case-insensitive). */
function expectedMatches(key: string, value: string, activeSince: number | null): string[] {
  return groups
    .filter((group) =>
      group.changes.some((change) =>
        Object.entries(change.set).some(
          ([name, held]) =>
            name.toLowerCase() === key.toLowerCase() && String(held).toLowerCase() === value.toLowerCase(),
        ),
      ),
    )
    .filter((group) => activeSince === null || lastEvent(group) >= activeSince)
    .sort((left, right) => lastEvent(right) - lastEvent(left))
    .map((group) => group.value);
}

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers, read field by field in the assertions.
type Json = any;

describe('group search over property history', () => {
  let setup: TestServerWithProject;
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await graphql(setup.server, setup.secretKey, query, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data as Json;
  };
  const search = async (query: string, activeWithinMonths?: number | null) => {
    const data = await ask(
      `query ($query: String!, $months: Int) {
        groupSearch(groupType: "company", query: $query, activeWithinMonths: $months, first: 200) {
          totalCount edges { node { value name } } } }`,
      { query, months: activeWithinMonths === undefined ? 6 : activeWithinMonths },
    );
    expect(data.groupSearch.totalCount).toBe(data.groupSearch.edges.length);
    return data.groupSearch.edges.map((edge: Json) => edge.node.value);
  };

  beforeAll(async () => {
    setup = await startTestServerWithProject({ name: 'Group search' });
    let insert = 0;
    const events: unknown[] = [];
    for (const group of groups) {
      for (const change of group.changes) {
        events.push({
          event_type: '$groupidentify',
          time: change.time,
          insert_id: `gi-${insert++}`,
          groups: { company: group.value },
          group_properties: { $set: change.set },
        });
      }
      for (const time of group.activity) {
        events.push({
          event_type: 'Report Created',
          user_id: `user-of-${group.value}`,
          time,
          insert_id: `e-${insert++}`,
          groups: { company: group.value },
        });
      }
    }
    // In time order, one request per event, so each change lands after the one before it.
    events.sort((left: Json, right: Json) => left.time - right.time);
    for (const event of events) {
      const response = await postJson(`${setup.server.url}/2/httpapi`, { api_key: setup.ingestKey, events: [event] });
      expect(response.status).toBe(200);
    }
  });
  afterAll(async () => setup?.server.stop());

  it('finds a value held long ago, and not a group inactive for seven months', async () => {
    const expected = expectedMatches('plan', 'enterprise', monthsAgo(6));
    expect(expected).toEqual(['initech', 'acme', 'hooli']);
    expect(await search('plan = enterprise')).toEqual(expected);
    expect(await search('PLAN=Enterprise')).toEqual(expected);
  });

  it('widens or drops the activity window per call', async () => {
    expect(await search('plan = enterprise', 12)).toEqual(expectedMatches('plan', 'enterprise', monthsAgo(12)));
    expect(await search('plan = enterprise', null)).toEqual(expectedMatches('plan', 'enterprise', null));
    expect(await search('plan = enterprise', null)).toContain('globex');
  });

  it('reads quoted names and values, and numbers as their text', async () => {
    expect(await search('"account manager" = "Ada Lovelace"')).toEqual(['acme']);
    expect(await search("'account manager'='grace hopper'")).toEqual(['umbrella']);
    expect(await search('plan = "enterprise plus"')).toEqual(expectedMatches('plan', 'enterprise plus', monthsAgo(6)));
    expect(await search('seats = 10')).toEqual(expectedMatches('seats', '10', monthsAgo(6)));
    expect(await search('plan = platinum')).toEqual([]);
    expect(longMotto.slice(0, 100)).toBe(otherLongMotto.slice(0, 100));
    expect(await search(`motto = "${longMotto.toUpperCase()}"`)).toEqual(
      expectedMatches('motto', longMotto, monthsAgo(6)),
    );
    expect(await search(`motto = "${longMotto}"`)).toEqual(['umbrella']);
  });

  it('keeps plain text as the name search', async () => {
    expect(await search('glob')).toEqual(['globex']);
    expect(await search('ACME')).toEqual(['acme']);
  });

  it('pages one group at a time through the same answer', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Json = await ask(
        `query ($after: String) { groupSearch(groupType: "company", query: "plan = enterprise", first: 1, after: $after) {
          totalCount edges { node { value } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(data.groupSearch.totalCount).toBe(3);
      seen.push(...data.groupSearch.edges.map((edge: Json) => edge.node.value));
      if (!data.groupSearch.pageInfo.hasNextPage) break;
      after = data.groupSearch.pageInfo.endCursor;
    }
    expect(seen).toEqual(expectedMatches('plan', 'enterprise', monthsAgo(6)));
  });

  it('filters the Groups list the same way', async () => {
    const data = await ask(`{ groups(groupType: "company", filter: { search: "plan = enterprise" }, first: 50) {
      totalCount edges { node { value } } } }`);
    expect(data.groups.edges.map((edge: Json) => edge.node.value).sort()).toEqual(
      expectedMatches('plan', 'enterprise', monthsAgo(6)).sort(),
    );
    expect(data.groups.totalCount).toBe(3);
  });

  it("answers the README's example", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Account lookup by property history'));
    const example = /```graphql\n([\s\S]*?)```/.exec(section)![1]!;
    const data = await ask(example);
    expect(data.groupSearch.totalCount).toBe(expectedMatches('plan', 'enterprise', monthsAgo(6)).length);
    expect(data.groupSearch.edges.map((edge: Json) => edge.node.value)).toEqual(
      expectedMatches('plan', 'enterprise', monthsAgo(6)),
    );
    expect(data.groupSearch.edges[0].node.properties.plan).toBe('Enterprise');
  });

  it('answers a malformed condition with the syntax', async () => {
    for (const query of ['plan =', 'account manager = Ada', 'plan = "enterprise']) {
      const response = await graphql(
        setup.server,
        setup.secretKey,
        `query ($query: String!) { groupSearch(groupType: "company", query: $query) { totalCount } }`,
        { query },
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(response.errors?.[0]?.message).toContain('name = value');
      const list = await graphql(
        setup.server,
        setup.secretKey,
        `query ($query: String!) { groups(groupType: "company", filter: { search: $query }) { totalCount } }`,
        { query },
      );
      expect(list.errors?.[0]?.message).toContain('"account manager" = "Ada Lovelace"');
    }
    const unknown = await graphql(
      setup.server,
      setup.secretKey,
      '{ groupSearch(groupType: "nope", query: "a = b") { totalCount } }',
    );
    expect(unknown.errors?.[0]?.message).toContain('no group type "nope"');
  });
});
