// The whole-response cache of the Groups page's reads (apps/api/src/graphql/response-cache.ts):
// a repeated read is answered from memory (Apollo's response cache sets an `age` header then),
// and every kind of write that can change the answer is seen by the very next read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestServerWithProject, type TestServer } from '../support/test-server';

const day = Date.UTC(2026, 10, 2, 12);
const range = { from: '2026-11-01', to: '2026-11-05' };
const groupsQuery = `query Groups($range: DateRangeInput) {
  groups(groupType: "company", range: $range, first: 10) { totalCount edges { node { value name events keyActions } } }
}`;

describe('GraphQL response cache', () => {
  let server: TestServer;
  let ingestKey: string;
  let secretKey: string;
  let insertId = 0;

  beforeAll(async () => {
    ({ server, ingestKey, secretKey } = await startTestServerWithProject({ name: 'Cache', keyActions: ['Report Created'] }));
    await send([{ event_type: '$groupidentify', time: day, groups: { company: 'acme' }, group_properties: { $set: { name: 'Acme Inc', title: 'ACME' } } }]);
    await send([{ event_type: 'Report Created', user_id: 'alice-1', time: day, groups: { company: 'acme' } }]);
  });
  afterAll(async () => server?.stop());

  async function send(events: Record<string, unknown>[]) {
    const response = await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events: events.map((event) => ({ insert_id: `cache-${++insertId}`, ...event })) });
    expect(response.status).toBe(200);
  }

  async function read(query = groupsQuery, key: string | null = secretKey) {
    const response = await postJson(`${server.url}/graphql`, { query, variables: { range } }, key ? { authorization: `Bearer ${key}` } : {});
    return { body: response.json, fromCache: response.headers.get('age') !== null };
  }

  const acme = (body: any) => body.data.groups.edges.find((edge: any) => edge.node.value === 'acme').node;

  it('answers a repeated read from the cache with the same body', async () => {
    const first = await read();
    const second = await read();
    expect(second.fromCache).toBe(true);
    expect(second.body).toEqual(first.body);
    expect(acme(second.body)).toMatchObject({ name: 'Acme Inc', events: 1, keyActions: 1 });
  });

  it('sees a new event at once', async () => {
    await read();
    await send([{ event_type: 'Query Run', user_id: 'alice-1', time: day + 1000, groups: { company: 'acme' } }]);
    const after = await read();
    expect(after.fromCache).toBe(false);
    expect(acme(after.body)).toMatchObject({ events: 2, keyActions: 1 });
  });

  it('sees changed key actions, name property and group properties at once', async () => {
    await read();
    const changed = await postJson(`${server.url}/graphql`, { query: 'mutation { setKeyActions(eventTypes: ["Report Created", "Query Run"]) { keyActions } }' }, { authorization: `Bearer ${secretKey}` });
    expect(changed.json.errors).toBeUndefined();
    expect(acme((await read()).body).keyActions).toBe(2);

    await postJson(`${server.url}/graphql`, { query: 'mutation { updateGroupType(name: "company", nameProperty: "title") { name } }' }, { authorization: `Bearer ${secretKey}` });
    expect(acme((await read()).body).name).toBe('ACME');

    await send([{ event_type: '$groupidentify', time: day, groups: { company: 'acme' }, group_properties: { $set: { title: 'Acme Corporation' } } }]);
    expect(acme((await read()).body).name).toBe('Acme Corporation');
  });

  it('keeps projects apart and caches neither other queries nor anonymous requests', async () => {
    const other = await server.services.projects.createProject({ name: 'Other' });
    const otherRead = await read(groupsQuery, other.secretKey);
    expect(otherRead.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Answers with errors are never stored.
    expect((await read(groupsQuery, other.secretKey)).fromCache).toBe(false);
    expect(acme((await read()).body).events).toBe(2);

    const projectQuery = '{ project { name } }';
    await read(projectQuery);
    expect((await read(projectQuery)).fromCache).toBe(false);

    await read(groupsQuery, null);
    const anonymous = await read(groupsQuery, null);
    expect(anonymous.fromCache).toBe(false);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
