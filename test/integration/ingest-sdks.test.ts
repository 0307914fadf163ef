// The official Node SDKs, unchanged but for the server address, must land every call correctly.
import { createInstance } from '@amplitude/analytics-node';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServerWithProject, type TestServer, type TestServerWithProject } from '../support/test-server';

describe('official SDKs pointed at leadmaps', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  let query: TestServerWithProject['query'];

  beforeAll(async () => {
    ({ server, ingestKey, projectId, query } = await startTestServerWithProject({
      name: 'SDKs',
      keyActions: ['Report Created'],
    }));
  });
  afterAll(async () => server?.stop());

  it('@amplitude/analytics-node: track with event-level groups, identify, setGroup and groupIdentify with every operation', async () => {
    const amplitude = createInstance();
    await amplitude.init(ingestKey, { serverUrl: `${server.url}/2/httpapi`, flushIntervalMillis: 50, logLevel: 0 })
      .promise;
    const { Identify } = await import('@amplitude/analytics-node');
    const calls = [
      amplitude.track('Report Created', { report_id: 'r-1' }, {
        user_id: 'amp-user-1',
        device_id: 'amp-device-1',
        session_id: 1_700_000_000_000,
        groups: { company: 'amp-acme', team: ['core', 'growth'] },
      } as never),
      amplitude.identify(
        new Identify()
          .set('plan', 'pro')
          .setOnce('first_seen', '2024-01-01')
          .add('logins', 1)
          .append('roles', 'admin')
          .prepend('tags', 'vip')
          .unset('legacy'),
        { user_id: 'amp-user-1' },
      ),
      amplitude.setGroup('company', 'amp-acme', { user_id: 'amp-user-2', device_id: 'amp-device-2' }),
      amplitude.groupIdentify(
        'company',
        'amp-acme',
        new Identify()
          .set('name', 'Acme (Amplitude)')
          .set('plan', 'enterprise')
          .setOnce('created_at', '2020-01-01')
          .add('seats', 5)
          .append('features', 'sso')
          .prepend('regions', 'eu')
          .unset('trial'),
      ),
      amplitude.track('Query Run', undefined, { user_id: 'amp-user-2' }),
      amplitude.groupIdentify(
        'company',
        'amp-acme',
        new Identify().remove('features', 'sso').preInsert('regions', 'us').postInsert('tags', 'apac'),
      ),
      amplitude.groupIdentify('company', 'amp-cleared', new Identify().set('name', 'Cleared Co').set('plan', 'free')),
      amplitude.groupIdentify('company', 'amp-cleared', new Identify().clearAll()),
    ];
    await amplitude.flush().promise;
    const results = await Promise.all(calls.map((call) => call.promise));
    expect(results.map((result) => result.code)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);

    const [group] =
      await query`SELECT id, properties FROM "group" WHERE project_id = ${projectId} AND value = 'amp-acme'`;
    expect(group.properties).toEqual({
      name: 'Acme (Amplitude)',
      plan: 'enterprise',
      created_at: '2020-01-01',
      seats: 5,
      features: [],
      regions: ['us', 'eu'],
      tags: ['apac'],
    });
    const [cleared] =
      await query`SELECT properties FROM "group" WHERE project_id = ${projectId} AND value = 'amp-cleared'`;
    expect(cleared.properties).toEqual({});
    const operations =
      await query`SELECT DISTINCT operation FROM group_property_change WHERE project_id = ${projectId} ORDER BY operation`;
    expect(operations.map((row) => row.operation)).toEqual([
      '$add',
      '$append',
      '$clearAll',
      '$postInsert',
      '$preInsert',
      '$prepend',
      '$remove',
      '$set',
      '$setOnce',
    ]);
    const [member] = await query`
      SELECT g.value FROM membership m JOIN app_user u ON u.project_id = m.project_id AND u.id = m.user_id
      JOIN "group" g ON g.project_id = m.project_id AND g.id = m.group_id WHERE m.project_id = ${projectId} AND u.user_id = 'amp-user-2'`;
    expect(member.value).toBe('amp-acme');
    const [user] =
      await query`SELECT properties FROM app_user WHERE project_id = ${projectId} AND user_id = 'amp-user-1'`;
    expect(user.properties).toMatchObject({
      plan: 'pro',
      first_seen: '2024-01-01',
      logins: 1,
      roles: ['admin'],
      tags: ['vip'],
    });
    const links = await query`
      SELECT e.event_type, g.value, l.source FROM event_group l JOIN event e ON e.project_id = l.project_id AND e.id = l.event_id
      JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id WHERE l.project_id = ${projectId} ORDER BY e.event_type, g.value`;
    expect(links).toEqual([
      { event_type: 'Query Run', value: 'amp-acme', source: 'user' },
      { event_type: 'Report Created', value: 'amp-acme', source: 'event' },
      { event_type: 'Report Created', value: 'core', source: 'event' },
      { event_type: 'Report Created', value: 'growth', source: 'event' },
    ]);
    const [session] =
      await query`SELECT session_id FROM event WHERE project_id = ${projectId} AND event_type = 'Report Created'`;
    expect(Number(session.session_id)).toBe(1_700_000_000_000);
  });

  it('@segment/analytics-node: track with groups, identify, group() and page', async () => {
    const analytics = new Analytics({ writeKey: ingestKey, host: server.url, flushInterval: 50, maxRetries: 1 });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    analytics.identify({ userId: 'seg-user-1', traits: { email: 'jane@acme.test', plan: 'pro' } });
    analytics.group({
      userId: 'seg-user-1',
      groupId: 'seg-acme',
      traits: { group_type: 'company', name: 'Acme (Segment)', employees: 42 },
    });
    analytics.track({ userId: 'seg-user-1', event: 'Report Created', properties: { report_id: 'r-9' } });
    analytics.track({
      userId: 'seg-user-2',
      event: 'Report Created',
      integrations: { Amplitude: { groups: { company: 'seg-globex' } } } as never,
    });
    analytics.track({ anonymousId: 'seg-anon-1', event: 'Signed Up', context: { groupId: 'seg-initech' } });
    analytics.page({ userId: 'seg-user-1', name: 'Dashboard', category: 'App', properties: { path: '/dashboard' } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);

    const [group] = await query`
      SELECT g.properties, t.name AS type FROM "group" g JOIN group_type t ON t.project_id = g.project_id AND t.id = g.group_type_id
      WHERE g.project_id = ${projectId} AND g.value = 'seg-acme'`;
    expect(group).toEqual({ properties: { name: 'Acme (Segment)', employees: 42 }, type: 'company' });
    const links = await query`
      SELECT e.event_type, g.value, l.source, t.name AS type FROM event_group l JOIN event e ON e.project_id = l.project_id AND e.id = l.event_id
      JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id JOIN group_type t ON t.project_id = g.project_id AND t.id = g.group_type_id
      WHERE l.project_id = ${projectId} AND g.value LIKE 'seg-%' ORDER BY e.event_type, g.value`;
    expect(links).toEqual([
      { event_type: 'Report Created', value: 'seg-acme', source: 'user', type: 'company' },
      { event_type: 'Report Created', value: 'seg-globex', source: 'event', type: 'company' },
      { event_type: 'Signed Up', value: 'seg-initech', source: 'event', type: '[Segment] Group' },
      { event_type: 'Viewed Dashboard Page', value: 'seg-acme', source: 'user', type: 'company' },
    ]);
    const [user] =
      await query`SELECT properties FROM app_user WHERE project_id = ${projectId} AND user_id = 'seg-user-1'`;
    expect(user.properties).toEqual({ email: 'jane@acme.test', plan: 'pro' });
  });
});
