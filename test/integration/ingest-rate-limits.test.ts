// README "Rate limits": past its burst an ingest key is answered 429 in each API's shape, with
// Retry-After, on every ingest endpoint; other keys and requests under the limit go on; requests
// with unknown keys are limited per client address. Nothing of a refused request is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

const day = Date.UTC(2026, 10, 2, 12);

describe('ingest rate limits', () => {
  let server: TestServer;
  let limitedKey: string;
  let limitedProjectId: number;
  let otherKey: string;
  beforeAll(async () => {
    // One token every 10 s: nothing refills while the test runs.
    server = await startTestServer({
      LEADMAPS_INGEST_RATE_LIMIT: '0.1',
      LEADMAPS_INGEST_RATE_BURST: '3',
      LEADMAPS_INGEST_INVALID_KEY_RATE_LIMIT: '0.2',
    });
    const limited = await server.services.projects.createProject({ name: 'Limited' });
    ({ ingestKey: limitedKey, id: limitedProjectId } = limited.project);
    otherKey = (await server.services.projects.createProject({ name: 'Other' })).project.ingestKey;
  });
  afterAll(async () => server?.stop());

  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, headers: response.headers, json: await response.json().catch(() => undefined) };
  };
  const amplitude = (key: string, count: number) =>
    JSON.stringify({
      api_key: key,
      events: Array.from({ length: count }, (_, index) => ({
        event_type: 'Limited',
        user_id: `user-${index}`,
        time: day,
        insert_id: `${key}-${count}-${index}-${Math.random()}`,
      })),
    });
  const segmentTrack = { type: 'track', userId: 'segment-user', event: 'Limited' };
  const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
  const retryAfterOf = (response: { headers: Headers }) => Number(response.headers.get('retry-after'));

  it('accepts requests within the burst, then answers 429 in each API shape; other keys go on', async () => {
    for (const path of ['/2/httpapi', '/batch']) expect((await post(path, amplitude(limitedKey, 1))).status).toBe(200);
    expect((await post('/v1/track', JSON.stringify(segmentTrack), basic(limitedKey))).status).toBe(200);

    const events = await post('/2/httpapi', amplitude(limitedKey, 3));
    expect(events.status).toBe(429);
    expect(events.json).toEqual({
      code: 429,
      error: 'Too many requests for some devices and users',
      eps_threshold: 0.1,
      throttled_devices: {},
      throttled_users: {},
      throttled_events: [0, 1, 2],
    });
    expect(retryAfterOf(events)).toBeGreaterThanOrEqual(1);
    expect(retryAfterOf(events)).toBeLessThanOrEqual(10);
    expect((await post('/batch', amplitude(limitedKey, 2))).json.throttled_events).toEqual([0, 1]);

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const path of ['/identify', '/groupidentify']) {
      const identification =
        path === '/identify'
          ? { user_id: 'identify-user', user_properties: { $set: { plan: 'pro' } } }
          : { group_type: 'company', group_value: 'limited-co', group_properties: { tier: 'gold' } };
      const body = new URLSearchParams({ api_key: limitedKey, identification: JSON.stringify(identification) });
      const identify = await post(path, body.toString(), form);
      expect(identify.status).toBe(429);
      expect(identify.json).toEqual({ code: 429, error: 'Too many requests' });
      expect(retryAfterOf(identify)).toBeGreaterThanOrEqual(1);
    }

    for (const [path, body, headers] of [
      ['/v1/track', JSON.stringify(segmentTrack), basic(limitedKey)],
      ['/v1/batch', JSON.stringify({ writeKey: limitedKey, batch: [segmentTrack] }), {}],
    ] as const) {
      const segment = await post(path, body, headers);
      expect(segment.status).toBe(429);
      expect(segment.json).toEqual({ success: false, error: 'Too many requests' });
      expect(retryAfterOf(segment)).toBeGreaterThanOrEqual(1);
      expect(segment.headers.get('x-ratelimit-reset')).toBe(segment.headers.get('retry-after'));
    }

    // Another key has its own bucket, on every API.
    expect((await post('/2/httpapi', amplitude(otherKey, 2))).json).toMatchObject({ code: 200, events_ingested: 2 });
    expect((await post('/v1/batch', JSON.stringify({ writeKey: otherKey, batch: [segmentTrack] }))).json).toEqual({
      success: true,
      accepted: 1,
    });

    // Only what was accepted is stored: two Amplitude events and one Segment track.
    await server.services.rollups.catchUpAll();
    const [stored] = await server.database.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM event WHERE project_id = ${limitedProjectId}`;
    expect(stored!.count).toBe(3);
    const [group] = await server.database.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "group" WHERE project_id = ${limitedProjectId} AND value = 'limited-co'`;
    expect(group!.count).toBe(0);
  });

  it('limits requests with unknown keys per client address, not requests with a key in use', async () => {
    // Burst: ten seconds' worth at 0.2 a second = 2 guesses, answered as usual.
    expect(await post('/2/httpapi', amplitude('lm_ingest_guess_1', 1))).toMatchObject({
      status: 400,
      json: { code: 400, error: 'Invalid API key' },
    });
    expect((await post('/v1/batch', JSON.stringify({ writeKey: 'lm_ingest_guess_2', batch: [] }))).status).toBe(401);
    const guess = await post('/2/httpapi', amplitude('lm_ingest_guess_3', 1));
    expect(guess.status).toBe(429);
    expect(guess.json.code).toBe(429);
    expect(retryAfterOf(guess)).toBeGreaterThanOrEqual(1);
    expect((await post('/v1/batch', JSON.stringify({ writeKey: 'lm_ingest_guess_4', batch: [] }))).status).toBe(429);
    // The other project's key, in use and so cached, still goes through from the same address.
    expect((await post('/2/httpapi', amplitude(otherKey, 1))).status).toBe(200);
  });
});
