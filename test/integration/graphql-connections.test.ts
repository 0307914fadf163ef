// One list shape (issue #17): lists that had another shape now also come as connections, the old
// fields kept (deprecated) and answering the same rows; people are found by email and name as well
// as ids; every page size is bounded with LIMIT_EXCEEDED. Expected rows are worked out here from
// what the test sends.
import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';

const minute = 60_000;
const start = Math.floor(Date.now() / minute) * minute - 2 * 24 * 60 * minute;
const at = (minutes: number) => start + minutes * minute;

/** The property operations sent for acme, in time order; each line is one change on record. */
const acmeChanges: { time: number; operation: '$set' | '$unset'; key: string; value: unknown }[] = [
  { time: at(0), operation: '$set', key: 'name', value: 'Acme' },
  { time: at(1), operation: '$set', key: 'plan', value: 'trial' },
  { time: at(2), operation: '$set', key: 'plan', value: 'starter' },
  { time: at(3), operation: '$set', key: 'region', value: 'eu' },
  { time: at(4), operation: '$unset', key: 'region', value: null },
  { time: at(5), operation: '$set', key: 'plan', value: 'enterprise' },
];

const people = [
  { userId: 'user-1', email: 'ada@analytical.example', name: 'Ada Lovelace' },
  { userId: 'user-2', email: 'grace@navy.example', name: 'Grace Hopper' },
  { userId: 'user-3', email: 'alan@bletchley.example', name: 'Alan Turing' },
];

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers, read field by field in the assertions.
type Json = any;

/** `Type.field` of every field of the committed schema with a `first` argument, but deprecated ones. */
function pagedFieldsOfCommittedSchema(): string[] {
  const schema = buildSchema(readFileSync(new URL('../../apps/api/schema.graphql', import.meta.url), 'utf8'));
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => !field.deprecationReason && field.args.some((argument) => argument.name === 'first'))
        .map((field) => `${type.name}.${field.name}`),
    )
    .sort();
}

describe('connections for every list', () => {
  let setup: TestServerWithProject;
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await graphql(setup.server, setup.secretKey, query, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data as Json;
  };

  beforeAll(async () => {
    setup = await startTestServerWithProject({ name: 'Connections' });
    let insert = 0;
    for (const change of acmeChanges) {
      const response = await postJson(`${setup.server.url}/2/httpapi`, {
        api_key: setup.ingestKey,
        events: [
          {
            event_type: '$groupidentify',
            time: change.time,
            insert_id: `gi-${insert++}`,
            groups: { company: 'acme' },
            group_properties: {
              [change.operation]: { [change.key]: change.operation === '$set' ? change.value : '-' },
            },
          },
        ],
      });
      expect(response.status).toBe(200);
    }
    const response = await postJson(`${setup.server.url}/2/httpapi`, {
      api_key: setup.ingestKey,
      events: people.map((person, index) => ({
        event_type: 'Report Created',
        user_id: person.userId,
        time: at(10 + index),
        insert_id: `e-${insert++}`,
        groups: { company: 'acme' },
        user_properties: { $set: { email: person.email, name: person.name } },
      })),
    });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
  });
  afterAll(async () => setup?.server.stop());

  it("pages a group's property history, and keeps the deprecated list answering the same", async () => {
    const newestFirst = [...acmeChanges].reverse().map((change) => ({
      key: change.key,
      value: change.operation === '$set' ? change.value : null,
      changedAt: new Date(change.time).toISOString(),
    }));
    const seen: Json[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Json = await ask(
        `query ($after: String) { group(groupType: "company", value: "acme") {
          propertyHistoryConnection(first: 2, after: $after) {
            edges { cursor node { key value changedAt } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
      const page = data.group.propertyHistoryConnection;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((edge: Json) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst);

    const ofPlan = await ask(`{ group(groupType: "company", value: "acme") {
      propertyHistoryConnection(key: "plan") { edges { node { value } } } } }`);
    expect(ofPlan.group.propertyHistoryConnection.edges.map((edge: Json) => edge.node.value)).toEqual([
      'enterprise',
      'starter',
      'trial',
    ]);
    const old = await ask(`{ group(groupType: "company", value: "acme") { propertyHistory { key value changedAt } } }`);
    expect(old.group.propertyHistory).toEqual(newestFirst);
  });

  it('finds people by part of their email or name, as well as their ids', async () => {
    const find = async (search: string) => {
      const data = await ask(
        `query ($search: String) { users(search: $search) { totalCount edges { node { userId } } } }`,
        { search },
      );
      expect(data.users.totalCount).toBe(data.users.edges.length);
      return data.users.edges.map((edge: Json) => edge.node.userId).sort();
    };
    const expected = (predicate: (person: (typeof people)[number]) => boolean) =>
      people
        .filter(predicate)
        .map((person) => person.userId)
        .sort();
    expect(await find('NAVY.example')).toEqual(expected((person) => person.email.includes('navy.example')));
    expect(await find('lovelace')).toEqual(expected((person) => person.name.toLowerCase().includes('lovelace')));
    expect(await find('.example')).toEqual(expected(() => true));
    expect(await find('USER-3')).toEqual(['user-3']);
    expect(await find('nobody-matches')).toEqual([]);
  });

  it('pages saved charts by name, with the deprecated list still answering', async () => {
    for (const name of ['beta', 'Alpha', 'gamma']) {
      await ask(`mutation ($input: SaveChartInput!) { saveChart(input: $input) { id } }`, {
        input: { name, composition: { property: 'plan' } },
      });
    }
    const first = await ask(`{ savedChartsConnection(first: 2) {
      totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`);
    expect(first.savedChartsConnection.totalCount).toBe(3);
    expect(first.savedChartsConnection.edges.map((edge: Json) => edge.node.name)).toEqual(['Alpha', 'beta']);
    expect(first.savedChartsConnection.pageInfo.hasNextPage).toBe(true);
    const second = await ask(
      `query ($after: String) { savedChartsConnection(first: 2, after: $after) {
        edges { node { name } } pageInfo { hasNextPage } } }`,
      { after: first.savedChartsConnection.pageInfo.endCursor },
    );
    expect(second.savedChartsConnection.edges.map((edge: Json) => edge.node.name)).toEqual(['gamma']);
    expect(second.savedChartsConnection.pageInfo.hasNextPage).toBe(false);
    const old = await ask('{ savedCharts { name } }');
    expect(old.savedCharts.map((chart: Json) => chart.name)).toEqual(['Alpha', 'beta', 'gamma']);
  });

  it('answers Salesforce runs as a connection (none yet)', async () => {
    const data = await ask(
      `{ salesforceSyncRunsConnection { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(data.salesforceSyncRunsConnection).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('pages cohorts by name, with the deprecated list still answering', async () => {
    for (const name of ['beta', 'Alpha', 'gamma']) {
      await ask(`mutation ($input: ImportCohortInput!) { importCohort(input: $input) { cohort { id } } }`, {
        input: { name, groupType: 'company', content: 'acme' },
      });
    }
    const names: string[] = [];
    let after: string | null = null;
    do {
      const page: Json = (
        await ask(
          `query ($after: String) { cohortsConnection(first: 2, after: $after) {
            totalCount edges { cursor node { name size } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        )
      ).cohortsConnection;
      expect(page.totalCount).toBe(3);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      names.push(...page.edges.map((edge: Json) => edge.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(names).toEqual(['Alpha', 'beta', 'gamma']);
    const old = await ask('{ cohorts { name } }');
    expect(old.cohorts.map((cohort: Json) => cohort.name)).toEqual(names);
  });

  it("pages a behavioural cohort's size history newest first, with the deprecated list still answering", async () => {
    const definition = {
      groupType: 'company',
      combinator: 'AND',
      conditions: [{ kind: 'ACTIVE_PEOPLE', comparison: 'AT_LEAST', count: 1, lastDays: 30 }],
    };
    const { id } = (
      await ask('mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }', {
        input: { name: 'Active', definition },
      })
    ).createCohort;
    for (let recompute = 0; recompute < 4; recompute++) {
      await ask('mutation ($id: Int!) { recomputeCohort(id: $id) { id } }', { id });
    }
    const old = (await ask('query ($id: Int!) { cohort(id: $id) { sizeHistory { computedAt size } } }', { id })).cohort
      .sizeHistory;
    expect(old).toHaveLength(5);
    const paged: Json[] = [];
    let after: string | null = null;
    do {
      const page: Json = (
        await ask(
          `query ($id: Int!, $after: String) { cohort(id: $id) { sizeHistoryConnection(first: 2, after: $after) {
            edges { node { computedAt size } } pageInfo { hasNextPage endCursor } } } }`,
          { id, after },
        )
      ).cohort.sizeHistoryConnection;
      paged.push(...page.edges.map((edge: Json) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual([...old].reverse());
    expect(paged.every((row) => row.size === 1)).toBe(true);
  });

  it('bounds every page size with LIMIT_EXCEEDED and names the maximum', async () => {
    const cohortId = (await ask('{ cohortsConnection(first: 1) { edges { node { id } } } }')).cohortsConnection.edges[0]
      .node.id;
    const today = new Date().toISOString().slice(0, 10);
    const range = `range: { from: "${today}", to: "${today}" }`;
    const point = `{ query: { series: [{ eventType: "Report Created" }], ${range} }, seriesIndex: 0, bucket: "${today}" }`;
    const funnelPoint = `{ query: { steps: [{ eventType: "Report Created" }], ${range} }, step: 0 }`;
    const cell = `{ query: { startEvent: { eventType: "Report Created" }, ${range} }, cohort: "${today}", offset: 0, status: RETAINED }`;
    const acme = 'group(groupType: "company", value: "acme")';
    // Every paged field of the committed schema, each asked one past its bound (deprecated fields keep
    // the bounds they had for their last release).
    const lists: Record<string, [query: string, maximum: number]> = {
      'Query.users': ['{ users(first: 201) { totalCount } }', 200],
      'Query.events': ['{ events(first: 201) { pageInfo { hasNextPage } } }', 200],
      'Query.groups': ['{ groups(groupType: "company", first: 201) { totalCount } }', 200],
      'Query.groupSearch': ['{ groupSearch(groupType: "company", query: "acme", first: 201) { totalCount } }', 200],
      'Query.savedChartsConnection': ['{ savedChartsConnection(first: 201) { totalCount } }', 200],
      'Query.cohortsConnection': ['{ cohortsConnection(first: 201) { totalCount } }', 200],
      'Query.salesforceSyncRunsConnection': [
        '{ salesforceSyncRunsConnection(first: 201) { pageInfo { hasNextPage } } }',
        200,
      ],
      'Query.settingsChanges': ['{ settingsChanges(first: 201) { pageInfo { hasNextPage } } }', 200],
      'Query.microscope': [`{ microscope(point: ${point}, first: 201) { totalCount } }`, 200],
      'Query.funnelMicroscope': [`{ funnelMicroscope(point: ${funnelPoint}, first: 201) { totalCount } }`, 200],
      'Query.retentionMicroscope': [`{ retentionMicroscope(cell: ${cell}, first: 201) { totalCount } }`, 200],
      'Query.cohortPreview': [
        `{ cohortPreview(definition: { groupType: "company", combinator: "AND", conditions: [{ kind: "ACTIVE_PEOPLE", comparison: "AT_LEAST", count: 1, lastDays: 30 }] }, first: 51) { size } }`,
        50,
      ],
      'Group.propertyHistoryConnection': [
        `{ ${acme} { propertyHistoryConnection(first: 201) { pageInfo { hasNextPage } } } }`,
        200,
      ],
      'Group.members': [`{ ${acme} { members(first: 201) { totalCount } } }`, 200],
      'Group.events': [`{ ${acme} { events(first: 201) { pageInfo { hasNextPage } } } }`, 200],
      'GroupProperty.history': [
        `{ ${acme} { propertyList { history(first: 201) { pageInfo { hasNextPage } } } } }`,
        200,
      ],
      'User.events': ['{ user(userId: "user-1") { events(first: 201) { pageInfo { hasNextPage } } } }', 200],
      'Cohort.members': [`{ cohort(id: ${cohortId}) { members(first: 201) { totalCount } } }`, 200],
      'Cohort.sizeHistoryConnection': [
        `{ cohort(id: ${cohortId}) { sizeHistoryConnection(first: 201) { pageInfo { hasNextPage } } } }`,
        200,
      ],
      'Cohort.membershipChanges': [
        `{ cohort(id: ${cohortId}) { membershipChanges(first: 201) { pageInfo { hasNextPage } } } }`,
        200,
      ],
    };
    expect(Object.keys(lists).sort()).toEqual(pagedFieldsOfCommittedSchema());
    for (const [query, maximum] of Object.values(lists)) {
      const response = await graphql(setup.server, setup.secretKey, query);
      expect(response.errors?.[0]?.extensions?.code, query).toBe('LIMIT_EXCEEDED');
      expect(response.errors?.[0]?.message, query).toContain(`at most ${maximum}`);
    }
  });
});
