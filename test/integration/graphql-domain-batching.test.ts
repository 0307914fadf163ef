// No N+1 on the domain graph: a nested query (50 groups × their people × each person's groups
// and events) runs a fixed number of SQL statements, the same for 5 groups as for 50. Statements
// are counted at the database façade every repository and query runs on (services.database), by
// wrapping its executor for the duration of one request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';
import type { Sql } from '../../apps/api/src/database/sql';

const groupCount = 50;
const peopleCount = 75;
const time = Math.floor(Date.now() / 60_000) * 60_000 - 24 * 3_600_000;
const company = (index: number) => `c-${String(index % groupCount).padStart(2, '0')}`;
/** Person i's two companies (event-level groups): every company ends up with three people. */
const companiesOf = (person: number) => [company(2 * person), company(2 * person + 1)];
const personName = (person: number) => `person-${String(person).padStart(2, '0')}`;

const listQuery = `query List($first: Int, $range: DateRangeInput) {
  groups(groupType: "company", first: $first, range: $range, sort: { field: NAME, direction: ASC }) {
    edges { node { value } } } }`;

const nestedQuery = `query Nested($first: Int, $range: DateRangeInput) {
  groups(groupType: "company", first: $first, range: $range, sort: { field: NAME, direction: ASC }) {
    edges { node { value group {
      members(first: 10) { totalCount edges { node {
        userId
        groups { kind group { value } }
        events(first: 1) { edges { node { eventType time } } }
      } } }
    } } }
  } }`;

// The API's depth bound (12) keeps an event's groups out of the query above: they get their own.
const eventsQuery = `query Events($first: Int) {
  events(first: $first) { edges { node {
    eventType
    user { userId groups { group { value } } }
    groups { attribution group { value members(first: 1) { totalCount } } }
  } } } }`;

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers, read field by field in the assertions.
type Json = any;

describe('GraphQL domain batching', () => {
  let setup: TestServerWithProject;
  beforeAll(async () => {
    setup = await startTestServerWithProject({ name: 'Batching' });
    const events = Array.from({ length: peopleCount }, (_, person) => ({
      event_type: 'Report Created',
      user_id: personName(person),
      time: time + person * 1000,
      insert_id: `e-${person}`,
      groups: { company: companiesOf(person) },
    }));
    const response = await postJson(`${setup.server.url}/2/httpapi`, { api_key: setup.ingestKey, events });
    expect(response.status).toBe(200);
    // Every later request finds the rollups caught up: only the query's own statements are counted.
    await setup.server.services.rollups.catchUpAll();
  });
  afterAll(async () => setup?.server.stop());

  /** Runs one GraphQL request and counts the statements it sent to the database. */
  async function countStatements(query: string, variables: Record<string, unknown>) {
    const database = setup.server.services.database;
    const { query: originalQuery, execute: originalExecute } = database;
    const texts: string[] = [];
    database.query = <Row>(statement: Sql) => {
      texts.push(statement.text);
      return originalQuery<Row>(statement);
    };
    database.execute = (statement: Sql) => {
      texts.push(statement.text);
      return originalExecute(statement);
    };
    try {
      const response = await graphql(setup.server, setup.secretKey, query, variables);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      // Background work runs on the same façade: the rollup folder's sweep of the queue (every 2 s)
      // and the Groups list history's round that keeps it current (every 30 s).
      const requestTexts = texts.filter(
        (text) => !/FROM rollup_queue|SELECT f\.last_fold_id AS "lastFoldId" FROM rollup_fold_state f/.test(text),
      );
      return { data: response.data as Json, statements: requestTexts.length, texts: requestTexts };
    } finally {
      database.query = originalQuery;
      database.execute = originalExecute;
    }
  }

  it('answers 50 groups × their people × each person’s groups and events in a fixed number of statements', async () => {
    // The groups list has its own statements (and caches pages by range): each request below
    // asks for a range of its own, so each is read cold, and the domain's statements are what the
    // nested query runs beyond the list alone.
    const today = new Date();
    const range = (daysBack: number) => ({
      from: new Date(today.getTime() - daysBack * 86_400_000).toISOString().slice(0, 10),
      to: today.toISOString().slice(0, 10),
    });
    const domainStatements = async (first: number, listRange: number, nestedRange: number) => {
      // The list's own statements (which depend on its caches' state, not on the domain: the first
      // request loads the rollup history, later ones probe it) are told apart by their text, from a
      // cold and a warm run: what remains is what the nested fields ran.
      const cold = await countStatements(listQuery, { first, range: range(listRange + 10) });
      const list = await countStatements(listQuery, { first, range: range(listRange) });
      const nested = await countStatements(nestedQuery, { first, range: range(nestedRange) });
      const listTexts = new Set([...cold.texts, ...list.texts]);
      const domainTexts = nested.texts.filter((text) => !listTexts.has(text));
      return { ...nested, statements: domainTexts.length, texts: domainTexts };
    };
    const few = await domainStatements(5, 29, 28);
    const many = await domainStatements(groupCount, 27, 26);

    // The answer is right: worked out from what was sent.
    const companies = Array.from({ length: groupCount }, (_, index) => company(index)).sort();
    expect(many.data.groups.edges.map(({ node }: Json) => node.value)).toEqual(companies);
    for (const { node } of many.data.groups.edges as Json[]) {
      const people = Array.from({ length: peopleCount }, (_, person) => person).filter((person) =>
        companiesOf(person).includes(node.value),
      );
      expect(node.group.members.totalCount).toBe(people.length);
      const byName = new Map(people.map((person) => [personName(person), person]));
      // Most recently active first: the later person sent later.
      expect(node.group.members.edges.map(({ node: user }: Json) => user.userId)).toEqual(
        [...people].sort((left, right) => right - left).map(personName),
      );
      for (const { node: user } of node.group.members.edges as Json[]) {
        const expectedCompanies = companiesOf(byName.get(user.userId)!).sort();
        expect(user.groups.map((membership: Json) => membership.group.value).sort()).toEqual(expectedCompanies);
        expect(user.groups.every((membership: Json) => membership.kind === 'EVENT_LEVEL')).toBe(true);
        expect(user.events.edges).toEqual([
          {
            node: { eventType: 'Report Created', time: new Date(time + byName.get(user.userId)! * 1000).toISOString() },
          },
        ]);
      }
    }

    // One statement per level, whatever the number of rows: the groups behind the rows, their
    // member pages, the members' groups, their event pages. 10× the groups, the same statements;
    // one by one it would be 1 + 50 + 150 + 150.
    expect(many.statements, `${few.texts.join('\n----\n')}\n====\n${many.texts.join('\n----\n')}`).toBe(few.statements);
    expect(many.statements, many.texts.join('\n----\n')).toBe(4);
  });

  it('answers 50 events × their person, their groups and those groups’ people in a fixed number of statements', async () => {
    const few = await countStatements(eventsQuery, { first: 5 });
    const many = await countStatements(eventsQuery, { first: groupCount });
    const newest = Array.from({ length: peopleCount }, (_, person) => person)
      .sort((left, right) => right - left)
      .slice(0, groupCount);
    expect(
      many.data.events.edges.map(({ node }: Json) => ({
        user: node.user.userId,
        userGroups: node.user.groups.map((membership: Json) => membership.group.value).sort(),
        groups: node.groups
          .map((group: Json) => `${group.group.value}:${group.attribution}:${group.group.members.totalCount}`)
          .sort(),
      })),
    ).toEqual(
      newest.map((person) => ({
        user: personName(person),
        userGroups: companiesOf(person).sort(),
        groups: companiesOf(person)
          .sort()
          .map((value) => `${value}:EVENT_LEVEL:3`),
      })),
    );
    // The events page, their people, the people's groups, the events' groups, those groups'
    // member pages (plus the request's own reads of the project and its data version).
    expect(many.statements).toBe(few.statements);
    expect(many.statements, many.texts.join('\n----\n')).toBeLessThanOrEqual(8);
  });
});
