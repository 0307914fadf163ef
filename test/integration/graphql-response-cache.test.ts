// The whole-response cache of the Groups page's reads (apps/api/src/graphql/response-cache.ts):
// a repeated read is answered from memory (Apollo's response cache sets an `age` header then),
// and every kind of write that can change the answer is seen by the very next read. Each test
// works on a project of its own; LEADMAPS_GRAPHQL_RESPONSE_CACHE=false turns the cache off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInZone } from '../factories/calendar';
import { postJson, startTestServer, type TestServer } from '../support/test-server';

const day = Date.UTC(2026, 10, 2, 12);
const range = { from: '2026-11-01', to: '2026-11-05' };
const groupsQuery = `query Groups($range: DateRangeInput) {
  groups(groupType: "company", range: $range, first: 10) { totalCount edges { node { value name events keyActions } } }
}`;

interface CacheProject {
  ingestKey: string;
  secretKey: string;
}

let insertId = 0;

async function send(server: TestServer, project: CacheProject, events: Record<string, unknown>[]) {
  const body = {
    api_key: project.ingestKey,
    events: events.map((event) => ({ insert_id: `cache-${++insertId}`, ...event })),
  };
  const response = await postJson(`${server.url}/2/httpapi`, body);
  expect(response.status).toBe(200);
}

/** A project with one named company and one key action in it. */
async function cacheProject(server: TestServer, name: string): Promise<CacheProject> {
  const created = await server.services.projects.createProject({ name, keyActions: ['Report Created'] });
  const project = { ingestKey: created.project.ingestKey, secretKey: created.secretKey };
  await send(server, project, [
    {
      event_type: '$groupidentify',
      time: day,
      groups: { company: 'acme' },
      group_properties: { $set: { name: 'Acme Inc', title: 'ACME' } },
    },
  ]);
  await send(server, project, [
    { event_type: 'Report Created', user_id: 'alice-1', time: day, groups: { company: 'acme' } },
  ]);
  return project;
}

async function read(server: TestServer, key: string | null, query = groupsQuery) {
  const response = await postJson(
    `${server.url}/graphql`,
    { query, variables: { range } },
    key ? { authorization: `Bearer ${key}` } : {},
  );
  return { body: response.json, fromCache: response.headers.get('age') !== null };
}

/**
 * Two reads in a row within one UTC day (the projects' time zone): today's date is part of the
 * cache key, so a pair that straddles midnight is read again instead of failing.
 */
async function readTwice(server: TestServer, key: string | null, query = groupsQuery) {
  for (;;) {
    const today = dayInZone(Date.now(), 'UTC');
    const first = await read(server, key, query);
    const second = await read(server, key, query);
    if (dayInZone(Date.now(), 'UTC') === today) return [first, second] as const;
  }
}

async function mutate(server: TestServer, key: string, query: string) {
  const response = await postJson(`${server.url}/graphql`, { query }, { authorization: `Bearer ${key}` });
  expect(response.json.errors).toBeUndefined();
}

interface GroupsBody {
  data: { groups: { edges: { node: { value: string } & Record<string, unknown> }[] } };
}
const acme = (body: GroupsBody) => body.data.groups.edges.find((edge) => edge.node.value === 'acme')!.node;

describe('GraphQL response cache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  it('answers a repeated read from the cache with the same body', async () => {
    const project = await cacheProject(server, 'Repeated');
    const [first, second] = await readTwice(server, project.secretKey);
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.body).toEqual(first.body);
    expect(acme(second.body)).toMatchObject({ name: 'Acme Inc', events: 1, keyActions: 1 });
  });

  it('sees a new event at once', async () => {
    const project = await cacheProject(server, 'New event');
    await readTwice(server, project.secretKey);
    await send(server, project, [
      { event_type: 'Query Run', user_id: 'alice-1', time: day + 1000, groups: { company: 'acme' } },
    ]);
    const after = await read(server, project.secretKey);
    expect(after.fromCache).toBe(false);
    expect(acme(after.body)).toMatchObject({ events: 2, keyActions: 1 });
  });

  it('sees changed key actions, name property and group properties at once', async () => {
    const project = await cacheProject(server, 'Settings');
    await send(server, project, [
      { event_type: 'Query Run', user_id: 'alice-1', time: day + 1000, groups: { company: 'acme' } },
    ]);
    await readTwice(server, project.secretKey);
    await mutate(
      server,
      project.secretKey,
      'mutation { setKeyActions(eventTypes: ["Report Created", "Query Run"]) { keyActions } }',
    );
    expect(acme((await read(server, project.secretKey)).body).keyActions).toBe(2);

    await readTwice(server, project.secretKey);
    await mutate(
      server,
      project.secretKey,
      'mutation { updateGroupType(name: "company", nameProperty: "title") { name } }',
    );
    expect(acme((await read(server, project.secretKey)).body).name).toBe('ACME');

    await readTwice(server, project.secretKey);
    await send(server, project, [
      {
        event_type: '$groupidentify',
        time: day,
        groups: { company: 'acme' },
        group_properties: { $set: { title: 'Acme Corporation' } },
      },
    ]);
    expect(acme((await read(server, project.secretKey)).body).name).toBe('Acme Corporation');
  });

  it('keeps projects apart and caches neither other queries nor anonymous requests', async () => {
    const project = await cacheProject(server, 'Apart');
    await readTwice(server, project.secretKey);
    const other = await server.services.projects.createProject({ name: 'Other' });
    const [otherFirst, otherSecond] = await readTwice(server, other.secretKey);
    expect(otherFirst.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Answers with errors are never stored.
    expect(otherSecond.fromCache).toBe(false);
    expect(otherSecond.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(acme((await read(server, project.secretKey)).body).events).toBe(1);

    const [, projectAgain] = await readTwice(server, project.secretKey, '{ project { name } }');
    expect(projectAgain.fromCache).toBe(false);
    expect(projectAgain.body).toEqual({ data: { project: { name: 'Apart' } } });

    const [, anonymous] = await readTwice(server, null);
    expect(anonymous.fromCache).toBe(false);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('GraphQL response cache switched off (LEADMAPS_GRAPHQL_RESPONSE_CACHE=false)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LEADMAPS_GRAPHQL_RESPONSE_CACHE: 'false' });
  });
  afterAll(async () => server?.stop());

  it('answers every read afresh, without an age header', async () => {
    const project = await cacheProject(server, 'No cache');
    const [first, second] = await readTwice(server, project.secretKey);
    expect([first.fromCache, second.fromCache]).toEqual([false, false]);
    expect(second.body).toEqual(first.body);
    expect(acme(second.body)).toMatchObject({ name: 'Acme Inc', events: 1, keyActions: 1 });
    const [, third] = await readTwice(server, project.secretKey);
    expect(third.fromCache).toBe(false);
    await send(server, project, [
      { event_type: 'Report Created', user_id: 'alice-1', time: day + 1000, groups: { company: 'acme' } },
    ]);
    expect(acme((await read(server, project.secretKey)).body)).toMatchObject({ events: 2, keyActions: 2 });
  });
});
