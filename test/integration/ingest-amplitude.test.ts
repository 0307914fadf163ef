import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../apps/api/src/lib/logger';
import { startDedupPruner } from '../../apps/api/src/modules/ingest/dedup-pruner';
import {
  postJson,
  startTestServerWithProject,
  type TestServer,
  type TestServerWithProject,
} from '../support/test-server';

const day = Date.UTC(2026, 10, 2, 12);

describe('Amplitude ingest: /2/httpapi and /batch', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  let query: TestServerWithProject['query'];

  beforeAll(async () => {
    ({ server, ingestKey, projectId, query } = await startTestServerWithProject({
      name: 'Ingest',
      keyActions: ['Report Created'],
    }));
  });
  afterAll(async () => server?.stop());

  const send = (events: unknown[], path = '/2/httpapi') =>
    postJson(`${server.url}${path}`, { api_key: ingestKey, events });

  it('stores events with event-level groups, user-level groups and group properties', async () => {
    const response = await send([
      {
        event_type: '$identify',
        user_id: 'alice-1',
        device_id: 'device-a',
        time: day,
        insert_id: 'i1',
        groups: { company: 'acme' },
        user_properties: { $set: { plan: 'pro' } },
      },
      {
        event_type: '$groupidentify',
        time: day,
        insert_id: 'i2',
        groups: { company: 'acme' },
        group_properties: { $set: { name: 'Acme Inc', seats: 3 }, $add: { logins: 2 } },
      },
      { event_type: 'Report Created', user_id: 'alice-1', time: day + 1000, insert_id: 'i3', session_id: day },
      {
        event_type: 'Query Run',
        user_id: 'alice-1',
        time: day + 2000,
        insert_id: 'i4',
        session_id: day,
        groups: { company: 'globex', team: ['core', 'growth'] },
      },
      { event_type: 'Trial Ended', time: day + 3000, insert_id: 'i5', groups: { company: 'acme' } },
    ]);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ code: 200, events_ingested: 5 });

    const events = await query`SELECT event_type, user_id FROM event WHERE project_id = ${projectId} ORDER BY time`;
    expect(events.map((event) => event.event_type)).toEqual(['Report Created', 'Query Run', 'Trial Ended']);
    expect(events[2].user_id).toBeNull();

    const links = await query`
      SELECT e.event_type, g.value, l.source FROM event_group l JOIN event e ON e.project_id = l.project_id AND e.id = l.event_id
      JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id WHERE l.project_id = ${projectId} ORDER BY e.time, g.value`;
    expect(links.map((link) => `${link.event_type}:${link.value}:${link.source}`)).toEqual([
      'Report Created:acme:user',
      'Query Run:core:event',
      'Query Run:globex:event',
      'Query Run:growth:event',
      'Trial Ended:acme:event',
    ]);
    const [acme] =
      await query`SELECT properties, search_name FROM "group" WHERE project_id = ${projectId} AND value = 'acme'`;
    expect(acme.properties).toEqual({ name: 'Acme Inc', seats: 3, logins: 2 });
    expect(acme.search_name).toBe('acme inc');
    const history =
      await query`SELECT key, operation, source FROM group_property_change WHERE project_id = ${projectId} ORDER BY id`;
    expect(history).toEqual([
      { key: 'name', operation: '$set', source: 'identify' },
      { key: 'seats', operation: '$set', source: 'identify' },
      { key: 'logins', operation: '$add', source: 'identify' },
    ]);
    const [user] =
      await query`SELECT properties, device_id FROM app_user WHERE project_id = ${projectId} AND user_id = 'alice-1'`;
    expect(user).toEqual({ properties: { plan: 'pro' }, device_id: 'device-a' });

    const daily = await query`
      SELECT g.value, d.events, d.key_actions, d.sessions FROM group_daily d JOIN "group" g ON g.project_id = d.project_id AND g.id = d.group_id
      WHERE d.project_id = ${projectId} ORDER BY g.value`;
    expect(daily).toEqual([
      { value: 'acme', events: 2, key_actions: 1, sessions: 1 },
      { value: 'core', events: 1, key_actions: 0, sessions: 1 },
      { value: 'globex', events: 1, key_actions: 0, sessions: 1 },
      { value: 'growth', events: 1, key_actions: 0, sessions: 1 },
    ]);
    const members = await query`SELECT count(*)::int AS count FROM group_member WHERE project_id = ${projectId}`;
    expect(members[0].count).toBe(4);
  });

  it('acknowledges retried insert ids without storing them twice', async () => {
    const batch = [
      { event_type: 'Retry Me', user_id: 'bob-12', time: day, insert_id: 'retry-1' },
      { event_type: 'Retry Me', user_id: 'bob-12', time: day, insert_id: 'retry-2' },
    ];
    expect((await send(batch)).json.code).toBe(200);
    const again = await send(
      [...batch, { event_type: 'Retry Me', user_id: 'bob-12', time: day, insert_id: 'retry-3' }],
      '/batch',
    );
    expect(again.json).toMatchObject({ code: 200, events_ingested: 3, duplicates_ignored: 2 });
    const [row] =
      await query`SELECT count(*)::int AS count FROM event WHERE project_id = ${projectId} AND event_type = 'Retry Me'`;
    expect(row.count).toBe(3);
  });

  // README: insert_id (per device or user) and messageId are remembered for 8 days. Each case gets
  // a project of its own, so aging "its" dedup keys needs no knowledge of how keys are stored.
  const freshProject = async (name: string) => {
    const created = await server.services.projects.createProject({ name });
    return { id: created.project.id, key: created.project.ingestKey };
  };
  const sendTo = (key: string, events: unknown[]) => postJson(`${server.url}/2/httpapi`, { api_key: key, events });
  const storedEvents = async (project: number) =>
    (await query`SELECT count(*)::int AS count FROM event WHERE project_id = ${project}`)[0].count;
  /** Ages every dedup key of the project, then runs the scheduled pruning job once, as cron would. */
  const ageKeysAndPrune = async (project: number, age: string) => {
    await server.database.prisma
      .$executeRaw`UPDATE ingest_dedup SET seen_at = now() - ${age}::interval WHERE project_id = ${project}`;
    const task = startDedupPruner(server.database.sql, createLogger('silent'));
    try {
      await task.execute();
    } finally {
      await task.stop();
    }
  };

  it('a retry after 7 days 23 hours is still a duplicate; after 8 days 1 hour it is stored again', async () => {
    for (const [age, expected] of [
      ['7 days 23 hours', { events_ingested: 1, duplicates_ignored: 1, stored: 1 }],
      ['8 days 1 hour', { events_ingested: 1, stored: 2 }],
    ] as const) {
      const project = await freshProject(`Dedup ${age}`);
      const event = {
        event_type: 'Late Retry',
        user_id: 'erin-12',
        device_id: 'device-erin',
        time: day,
        insert_id: 'late-1',
      };
      expect((await sendTo(project.key, [event])).json).toMatchObject({ code: 200, events_ingested: 1 });
      await ageKeysAndPrune(project.id, age);
      const retry = await sendTo(project.key, [event]);
      const { stored, ...answer } = expected;
      expect(retry.json, age).toEqual({
        code: 200,
        payload_size_bytes: expect.any(Number),
        server_upload_time: expect.any(Number),
        ...answer,
      });
      expect(await storedEvents(project.id), age).toBe(stored);
    }
  });

  it('an insert_id is a duplicate for the same device (or, without a device, the same user) only', async () => {
    const project = await freshProject('Dedup scope');
    const first = [
      { event_type: 'Scoped', user_id: 'frank-12', device_id: 'device-frank', time: day, insert_id: 'same-id' },
      { event_type: 'Scoped', user_id: 'gina-123', time: day, insert_id: 'same-id' },
    ];
    expect((await sendTo(project.key, first)).json).toMatchObject({ code: 200, events_ingested: 2 });
    expect(await storedEvents(project.id)).toBe(2);
    const again = await sendTo(project.key, [
      // Same device, another user: the device decides, a duplicate.
      { event_type: 'Scoped', user_id: 'henry-12', device_id: 'device-frank', time: day, insert_id: 'same-id' },
      // Same user, another device: new.
      { event_type: 'Scoped', user_id: 'frank-12', device_id: 'device-other', time: day, insert_id: 'same-id' },
      // No device, same user as before: a duplicate; another user: new.
      { event_type: 'Scoped', user_id: 'gina-123', time: day, insert_id: 'same-id' },
      { event_type: 'Scoped', user_id: 'ivan-123', time: day, insert_id: 'same-id' },
    ]);
    expect(again.json).toMatchObject({ code: 200, events_ingested: 4, duplicates_ignored: 2 });
    const stored = await query`
      SELECT u.user_id FROM event e JOIN app_user u ON u.project_id = e.project_id AND u.id = e.user_id
      WHERE e.project_id = ${project.id} ORDER BY u.user_id`;
    expect(stored.map((row) => row.user_id)).toEqual(['frank-12', 'frank-12', 'gina-123', 'ivan-123']);
  });

  it('a Segment messageId is a duplicate within the project whoever sends it, and not in another project', async () => {
    const [first, second] = [await freshProject('Dedup Segment A'), await freshProject('Dedup Segment B')];
    const track = (key: string, userId: string) =>
      postJson(`${server.url}/v1/track`, {
        writeKey: key,
        userId,
        event: 'Tracked',
        messageId: 'segment-message-1',
        timestamp: new Date(day).toISOString(),
      });
    expect((await track(first.key, 'jane-1')).json).toEqual({ success: true, accepted: 1 });
    expect((await track(first.key, 'kurt-1')).json).toEqual({ success: true, accepted: 1, duplicates: 1 });
    expect((await track(second.key, 'jane-1')).json).toEqual({ success: true, accepted: 1 });
    expect([await storedEvents(first.id), await storedEvents(second.id)]).toEqual([1, 1]);
  });

  it('refuses a bad event with index maps and writes nothing', async () => {
    const before = await query`SELECT count(*)::int AS count FROM event WHERE project_id = ${projectId}`;
    const response = await send([
      { event_type: 'Good', user_id: 'carol-1', time: day },
      { event_type: 'Bad', user_id: 'null', time: day },
      { event_type: 'Short', user_id: 'ab', time: day },
      { user_id: 'carol-1' },
      { event_type: 'Bad time', user_id: 'carol-1', time: 'yesterday' },
    ]);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      code: 400,
      events_with_invalid_fields: { user_id: [1], time: [4] },
      events_with_invalid_id_lengths: { user_id: [2] },
      events_with_missing_fields: { event_type: [3] },
    });
    const after = await query`SELECT count(*)::int AS count FROM event WHERE project_id = ${projectId}`;
    expect(after[0].count).toBe(before[0].count);
  });

  it('answers an unknown key and malformed bodies with Amplitude-shaped 4xx', async () => {
    const wrongKey = await postJson(`${server.url}/2/httpapi`, { api_key: 'nope', events: [] });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.json).toEqual({ code: 400, error: 'Invalid API key' });
    const missing = await postJson(`${server.url}/2/httpapi`, { events: [] });
    expect(missing.json).toMatchObject({ code: 400, missing_field: 'api_key' });
    const truncated = await fetch(`${server.url}/2/httpapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"api_key":"x","events":[',
    });
    expect(truncated.status).toBe(400);
    expect(await truncated.json()).toEqual({ code: 400, error: 'Invalid JSON request body' });
  });

  it('refuses a sixth group type but keeps the rest of the event, and says so', async () => {
    const response = await send([
      {
        event_type: 'Many Types',
        user_id: 'dave-1',
        time: day,
        groups: { company: 'acme', team: 'core', region: 'eu', plan: 'pro', workspace: 'w1' },
      },
      { event_type: 'Sixth', user_id: 'dave-1', time: day, groups: { company: 'acme', office: 'berlin' } },
    ]);
    expect(response.status).toBe(200);
    expect(response.json.events_partially_refused).toEqual([1]);
    expect(response.json.warnings.join(' ')).toContain('group type "office" refused');
    const [row] =
      await query`SELECT count(*)::int AS count FROM event WHERE project_id = ${projectId} AND event_type = 'Sixth'`;
    expect(row.count).toBe(1);
  });

  it('refuses the 1001st group property key of a project but keeps the event’s other properties', async () => {
    const fresh = await server.services.projects.createProject({ name: 'Key limit' });
    const manyKeys = Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`key_${index}`, index]));
    const first = await postJson(`${server.url}/2/httpapi`, {
      api_key: fresh.project.ingestKey,
      events: [{ event_type: '$groupidentify', groups: { company: 'keys-co' }, group_properties: { $set: manyKeys } }],
    });
    expect(first.json.code).toBe(200);
    const second = await postJson(`${server.url}/2/httpapi`, {
      api_key: fresh.project.ingestKey,
      events: [
        {
          event_type: '$groupidentify',
          groups: { company: 'keys-co' },
          group_properties: { $set: { key_0: 'changed', one_too_many: true } },
        },
      ],
    });
    expect(second.json).toMatchObject({ code: 200, events_partially_refused: [0] });
    expect(second.json.warnings.join(' ')).toContain('"one_too_many" refused');
    const [group] =
      await query`SELECT properties->>'key_0' AS key_0, properties ? 'one_too_many' AS has_extra FROM "group" WHERE project_id = ${fresh.project.id}`;
    expect(group).toEqual({ key_0: 'changed', has_extra: false });
  });
});
