// The README's size limits, on every ingest endpoint: Amplitude /2/httpapi 1 MB or 2000 events,
// /batch 20 MB, /identify and /groupidentify; Segment /v1/batch 16 MB or 10,000 messages and 32 KB
// per message (refused alone inside a 200), the single-message endpoints alike. Past a request
// limit the answer is 413 in the API's own shape, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServerWithProject, type TestServer, type TestServerWithProject } from '../support/test-server';

const kilobyte = 1024;
const megabyte = 1024 * 1024;
const day = Date.UTC(2026, 10, 2, 12);
const amplitudeTooLarge = { code: 413, error: 'Payload too large' };
const segmentTooLarge = { success: false, error: expect.any(String) };

describe('ingest size limits', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  let query: TestServerWithProject['query'];
  beforeAll(async () => {
    ({ server, ingestKey, projectId, query } = await startTestServerWithProject({ name: 'Limits' }));
  });
  afterAll(async () => server?.stop());

  const post = async (path: string, body: string, contentType = 'application/json') => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return { status: response.status, json: await response.json().catch(() => undefined) };
  };
  const storedEvents = async () =>
    (await query`SELECT count(*)::int AS count FROM event WHERE project_id = ${projectId}`)[0].count as number;
  /** An Amplitude request body of exactly `bytes` bytes: one event whose property fills it. */
  const amplitudeBody = (bytes: number, label: string) => {
    const shell = (blob: string) =>
      JSON.stringify({
        api_key: ingestKey,
        events: [{ event_type: label, user_id: 'limit-user', time: day, event_properties: { blob } }],
      });
    return shell('x'.repeat(bytes - shell('').length));
  };
  /** A Segment body of exactly `bytes` bytes. */
  const segmentBody = (bytes: number, single: boolean) => {
    const message = (blob: string) => ({
      type: 'track',
      userId: 'limit-user',
      event: 'Segment Limit',
      properties: { blob },
    });
    const shell = (blob: string) =>
      JSON.stringify(
        single ? { writeKey: ingestKey, ...message(blob) } : { writeKey: ingestKey, batch: [message(blob)] },
      );
    return shell('x'.repeat(bytes - shell('').length));
  };

  it('Amplitude /2/httpapi: 1 MB and 2000 events are accepted, more is 413', async () => {
    expect(Buffer.byteLength(amplitudeBody(megabyte, 'At Limit'))).toBe(megabyte);
    expect(await post('/2/httpapi', amplitudeBody(1_000_000, 'At Limit'))).toMatchObject({
      status: 200,
      json: { code: 200, events_ingested: 1 },
    });
    const before = await storedEvents();
    expect(await post('/2/httpapi', amplitudeBody(megabyte + kilobyte, 'Past Limit'))).toEqual({
      status: 413,
      json: amplitudeTooLarge,
    });
    const events = (count: number) =>
      JSON.stringify({
        api_key: ingestKey,
        events: Array.from({ length: count }, (_, index) => ({
          event_type: 'Many',
          user_id: 'limit-user',
          time: day + index,
        })),
      });
    expect(await post('/2/httpapi', events(2001))).toEqual({ status: 413, json: amplitudeTooLarge });
    expect(await storedEvents()).toBe(before);
    expect(await post('/2/httpapi', events(2000))).toMatchObject({
      status: 200,
      json: { code: 200, events_ingested: 2000 },
    });
  });

  it('Amplitude /batch: well past 1 MB is accepted, past 20 MB is 413', async () => {
    expect(await post('/batch', amplitudeBody(3 * megabyte, 'Big Batch'))).toMatchObject({
      status: 200,
      json: { code: 200, events_ingested: 1 },
    });
    const before = await storedEvents();
    expect(await post('/batch', amplitudeBody(20 * megabyte + kilobyte, 'Too Big Batch'))).toEqual({
      status: 413,
      json: amplitudeTooLarge,
    });
    expect(await post('/batch', amplitudeBody(22 * megabyte, 'Far Too Big Batch'))).toEqual({
      status: 413,
      json: amplitudeTooLarge,
    });
    expect(await storedEvents()).toBe(before);
  });

  it('Amplitude /identify and /groupidentify: past 1 MB is 413', async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const filler = 'x'.repeat(megabyte + kilobyte);
    const identify = form({
      api_key: ingestKey,
      identification: JSON.stringify([{ user_id: 'limit-user', user_properties: { $set: { filler } } }]),
    });
    const groupIdentify = form({
      api_key: ingestKey,
      identification: JSON.stringify({ group_type: 'company', group_value: 'limit-co', group_properties: { filler } }),
    });
    expect(await post('/identify', identify, 'application/x-www-form-urlencoded')).toEqual({
      status: 413,
      json: amplitudeTooLarge,
    });
    expect(await post('/groupidentify', groupIdentify, 'application/x-www-form-urlencoded')).toEqual({
      status: 413,
      json: amplitudeTooLarge,
    });
    const [user] =
      await query`SELECT count(*)::int AS count FROM app_user WHERE project_id = ${projectId} AND properties ? 'filler'`;
    const [group] =
      await query`SELECT count(*)::int AS count FROM "group" WHERE project_id = ${projectId} AND value = 'limit-co'`;
    expect([user.count, group.count]).toEqual([0, 0]);
  });

  it('Segment /v1/batch: past 16 MB or 10,000 messages is 413; 10,000 messages are taken one by one', async () => {
    const before = await storedEvents();
    expect(await post('/v1/batch', segmentBody(16 * megabyte + kilobyte, false))).toEqual({
      status: 413,
      json: segmentTooLarge,
    });
    // Messages refused one by one (a track without `event`): the count limit, without storing 10,000 events.
    const batch = (count: number) =>
      JSON.stringify({
        writeKey: ingestKey,
        batch: Array.from({ length: count }, () => ({ type: 'track', userId: 'limit-user' })),
      });
    expect(await post('/v1/batch', batch(10_001))).toEqual({ status: 413, json: segmentTooLarge });
    const atLimit = await post('/v1/batch', batch(10_000));
    expect(atLimit.status).toBe(200);
    expect(atLimit.json).toMatchObject({ success: true, accepted: 0 });
    expect(atLimit.json.rejected).toHaveLength(10_000);
    expect(await storedEvents()).toBe(before);
  });

  it('Segment: a message over 32 KB is refused alone inside a 200, in a batch and on /v1/track; past 16 MB is 413 there too', async () => {
    const before = await storedEvents();
    const message = (bytes: number, event: string) => ({
      type: 'track',
      userId: 'limit-user',
      event,
      properties: { blob: 'x'.repeat(bytes) },
    });
    const inBatch = await post(
      '/v1/batch',
      JSON.stringify({
        writeKey: ingestKey,
        batch: [message(31 * kilobyte, 'Under 32 KB'), message(33 * kilobyte, 'Over 32 KB')],
      }),
    );
    expect(inBatch).toEqual({
      status: 200,
      json: { success: true, accepted: 1, rejected: [{ index: 1, reason: expect.stringContaining('32768') }] },
    });
    const single = await post('/v1/track', segmentBody(33 * kilobyte, true));
    expect(single).toEqual({
      status: 200,
      json: { success: true, accepted: 0, rejected: [{ index: 0, reason: expect.stringContaining('32768') }] },
    });
    expect(await post('/v1/track', segmentBody(16 * megabyte + kilobyte, true))).toEqual({
      status: 413,
      json: segmentTooLarge,
    });
    for (const type of ['identify', 'group', 'page', 'screen', 'alias']) {
      expect(await post(`/v1/${type}`, segmentBody(16 * megabyte + kilobyte, true)), type).toEqual({
        status: 413,
        json: segmentTooLarge,
      });
    }
    const rows =
      await query`SELECT event_type FROM event WHERE project_id = ${projectId} AND event_type LIKE '%32 KB' ORDER BY event_type`;
    expect(rows.map((row) => row.event_type)).toEqual(['Under 32 KB']);
    expect(await storedEvents()).toBe(before + 1);
  });
});
