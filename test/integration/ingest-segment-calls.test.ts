// Segment's single-message endpoints, each stored as the README says: identify sets user
// properties; group sets a user-level group (type from the `group_type` trait, else
// `[Segment] Group`; value the groupId; the other traits group properties); page and screen become
// `Viewed <name> Page` / `Viewed <name> Screen`; alias is accepted and merges nothing;
// `context.groupId` is an event-level group of type `[Segment] Group` when no Amplitude groups are given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postJson,
  startTestServerWithProject,
  type TestServer,
  type TestServerWithProject,
} from '../support/test-server';

const time = (offsetSeconds: number) => new Date(Date.UTC(2026, 10, 2, 12) + offsetSeconds * 1000).toISOString();

describe('Segment single-message endpoints', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  let query: TestServerWithProject['query'];
  beforeAll(async () => {
    ({ server, ingestKey, projectId, query } = await startTestServerWithProject({ name: 'Segment calls' }));
  });
  afterAll(async () => server?.stop());

  const call = (type: string, message: Record<string, unknown>) =>
    postJson(`${server.url}/v1/${type}`, { writeKey: ingestKey, ...message });
  const linksOf = (userId: string) => query`
    SELECT e.event_type, e.properties, g.value, t.name AS type, l.source
    FROM event e JOIN app_user u ON u.project_id = e.project_id AND u.id = e.user_id
    LEFT JOIN event_group l ON l.project_id = e.project_id AND l.event_id = e.id
    LEFT JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id
    LEFT JOIN group_type t ON t.project_id = g.project_id AND t.id = g.group_type_id
    WHERE e.project_id = ${projectId} AND u.user_id = ${userId} ORDER BY e.time, g.value`;

  it('/v1/identify sets the person’s properties from the traits', async () => {
    expect(
      (
        await call('identify', {
          userId: 'seg-call-1',
          traits: { email: 'a@b.test', plan: 'team' },
          timestamp: time(0),
        })
      ).json,
    ).toEqual({ success: true, accepted: 1 });
    const [person] =
      await query`SELECT properties FROM app_user WHERE project_id = ${projectId} AND user_id = 'seg-call-1'`;
    expect(person.properties).toEqual({ email: 'a@b.test', plan: 'team' });
    expect(await query`SELECT count(*)::int AS count FROM event WHERE project_id = ${projectId}`).toEqual([
      { count: 0 },
    ]);
  });

  it('/v1/group: a user-level group typed by the group_type trait, else [Segment] Group; the other traits are group properties', async () => {
    expect(
      (
        await call('group', {
          userId: 'seg-call-1',
          groupId: 'seg-co-1',
          traits: { group_type: 'company', name: 'Company One' },
          timestamp: time(1),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('group', {
          userId: 'seg-call-2',
          groupId: 'seg-team-2',
          traits: { name: 'Team Two', seats: 4 },
          timestamp: time(1),
        })
      ).status,
    ).toBe(200);
    const groups = await query`
      SELECT g.value, t.name AS type, g.properties FROM "group" g JOIN group_type t ON t.project_id = g.project_id AND t.id = g.group_type_id
      WHERE g.project_id = ${projectId} ORDER BY g.value`;
    expect(groups).toEqual([
      { value: 'seg-co-1', type: 'company', properties: { name: 'Company One' } },
      { value: 'seg-team-2', type: '[Segment] Group', properties: { name: 'Team Two', seats: 4 } },
    ]);
    const memberships = await query`
      SELECT u.user_id, g.value FROM membership m JOIN app_user u ON u.project_id = m.project_id AND u.id = m.user_id
      JOIN "group" g ON g.project_id = m.project_id AND g.id = m.group_id WHERE m.project_id = ${projectId} ORDER BY u.user_id`;
    expect(memberships).toEqual([
      { user_id: 'seg-call-1', value: 'seg-co-1' },
      { user_id: 'seg-call-2', value: 'seg-team-2' },
    ]);
  });

  it('/v1/page and /v1/screen become Viewed <name> Page / Screen, counted for the user-level group', async () => {
    expect(
      (
        await call('page', {
          userId: 'seg-call-1',
          name: 'Pricing',
          category: 'Marketing',
          properties: { path: '/pricing' },
          timestamp: time(2),
        })
      ).json,
    ).toEqual({ success: true, accepted: 1 });
    expect((await call('screen', { userId: 'seg-call-1', name: 'Home', timestamp: time(3) })).json).toEqual({
      success: true,
      accepted: 1,
    });
    expect(await linksOf('seg-call-1')).toEqual([
      {
        event_type: 'Viewed Pricing Page',
        properties: { path: '/pricing', name: 'Pricing', category: 'Marketing' },
        value: 'seg-co-1',
        type: 'company',
        source: 'user',
      },
      {
        event_type: 'Viewed Home Screen',
        properties: { name: 'Home' },
        value: 'seg-co-1',
        type: 'company',
        source: 'user',
      },
    ]);
  });

  it('/v1/track with context.groupId: an event-level [Segment] Group when no Amplitude groups are given', async () => {
    expect(
      (
        await call('track', {
          userId: 'seg-call-3',
          event: 'Exported',
          context: { groupId: 'seg-ctx-3' },
          timestamp: time(4),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('track', {
          userId: 'seg-call-3',
          event: 'Shared',
          context: { groupId: 'seg-ctx-3' },
          integrations: { Amplitude: { groups: { company: 'seg-amp-3' } } },
          timestamp: time(5),
        })
      ).status,
    ).toBe(200);
    expect(await linksOf('seg-call-3')).toEqual([
      { event_type: 'Exported', properties: {}, value: 'seg-ctx-3', type: '[Segment] Group', source: 'event' },
      { event_type: 'Shared', properties: {}, value: 'seg-amp-3', type: 'company', source: 'event' },
    ]);
  });

  it('/v1/alias is accepted and merges nobody', async () => {
    const before =
      await query`SELECT (SELECT count(*) FROM app_user WHERE project_id = ${projectId})::int AS people, (SELECT count(*) FROM event WHERE project_id = ${projectId})::int AS events`;
    const alias = await call('alias', { previousId: 'seg-call-2', userId: 'seg-call-1', timestamp: time(6) });
    expect(alias.status).toBe(200);
    expect(alias.json).toMatchObject({ success: true });
    const after =
      await query`SELECT (SELECT count(*) FROM app_user WHERE project_id = ${projectId})::int AS people, (SELECT count(*) FROM event WHERE project_id = ${projectId})::int AS events`;
    expect(after).toEqual(before);
  });
});
