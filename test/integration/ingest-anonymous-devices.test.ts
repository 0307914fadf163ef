// The anonymous-device rule (README, Known limits; modules/ingest/user-resolver.ts): people are
// identified by user_id; an event with only a device id belongs to the person last seen on that
// device, identified people before anonymous ones, else to an anonymous person of the device; for
// a device shared by several identified people, to the one last seen on it as of the last fold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postJson,
  startTestServerWithProject,
  type TestServer,
  type TestServerWithProject,
} from '../support/test-server';

const at = (minutes: number) => Date.UTC(2026, 10, 2, 12) + minutes * 60_000;

describe('events that carry only a device id', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  let query: TestServerWithProject['query'];
  beforeAll(async () => {
    ({ server, ingestKey, projectId, query } = await startTestServerWithProject({ name: 'Devices' }));
  });
  afterAll(async () => server?.stop());

  const send = async (events: unknown[]) => {
    const response = await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events });
    expect(response.json).toMatchObject({ code: 200 });
  };
  /** Who each event of this type was stored for: the person's user_id, or `device:<id>` for an anonymous one. */
  const ownersOf = async (eventType: string) =>
    (
      await query`
      SELECT COALESCE(u.user_id, 'device:' || u.device_id) AS owner FROM event e JOIN app_user u ON u.project_id = e.project_id AND u.id = e.user_id
      WHERE e.project_id = ${projectId} AND e.event_type = ${eventType} ORDER BY e.time`
    ).map((row) => row.owner);

  it('an unknown device gets an anonymous person of its own, reused by its later events', async () => {
    await send([{ event_type: 'Anonymous Visit', device_id: 'device-new-1', time: at(0) }]);
    await send([{ event_type: 'Anonymous Visit', device_id: 'device-new-1', time: at(1) }]);
    expect(await ownersOf('Anonymous Visit')).toEqual(['device:device-new-1', 'device:device-new-1']);
    const people =
      await query`SELECT user_id, device_id FROM app_user WHERE project_id = ${projectId} AND device_id = 'device-new-1'`;
    expect(people).toEqual([{ user_id: null, device_id: 'device-new-1' }]);
  });

  it('a device seen with an identified person: its device-only events are that person’s, with their groups', async () => {
    await send([
      {
        event_type: '$identify',
        user_id: 'device-owner-1',
        device_id: 'device-known-1',
        time: at(10),
        groups: { company: 'device-co' },
      },
    ]);
    await send([{ event_type: 'Device Only', device_id: 'device-known-1', time: at(11) }]);
    expect(await ownersOf('Device Only')).toEqual(['device-owner-1']);
    const links = await query`
      SELECT g.value, l.source FROM event_group l JOIN event e ON e.project_id = l.project_id AND e.id = l.event_id
      JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id WHERE l.project_id = ${projectId} AND e.event_type = 'Device Only'`;
    expect(links).toEqual([{ value: 'device-co', source: 'user' }]);
  });

  it('identified people come before the anonymous person of the same device', async () => {
    // The anonymous person is even seen later (clock skew between devices): identified still wins.
    await send([{ event_type: 'Before Sign Up', device_id: 'device-shared-0', time: at(25) }]);
    await send([{ event_type: 'Signed Up', user_id: 'device-signup-1', device_id: 'device-shared-0', time: at(21) }]);
    await query`SELECT 1`; // folds, so last seen is current
    await send([{ event_type: 'After Sign Up', device_id: 'device-shared-0', time: at(22) }]);
    expect(await ownersOf('Before Sign Up')).toEqual(['device:device-shared-0']);
    expect(await ownersOf('After Sign Up')).toEqual(['device-signup-1']);
  });

  it('a device shared by identified people: the one last seen on it, as of the last fold', async () => {
    await send([
      { event_type: 'Shared Use', user_id: 'device-first-1', device_id: 'device-shared-1', time: at(30) },
      { event_type: 'Shared Use', user_id: 'device-second-1', device_id: 'device-shared-1', time: at(31) },
    ]);
    await query`SELECT 1`;
    await send([{ event_type: 'Shared Anonymous', device_id: 'device-shared-1', time: at(32) }]);
    // The first person comes back later on the same device: after the next fold, they are the last seen.
    await send([{ event_type: 'Shared Use', user_id: 'device-first-1', device_id: 'device-shared-1', time: at(33) }]);
    await query`SELECT 1`;
    await send([{ event_type: 'Shared Anonymous', device_id: 'device-shared-1', time: at(34) }]);
    expect(await ownersOf('Shared Anonymous')).toEqual(['device-second-1', 'device-first-1']);
  });
});
