// Whatever arrives, ingest answers 4xx (never 5xx) and writes nothing for a refused request.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestServerWithProject, type TestServer, type TestServerWithProject } from '../support/test-server';

describe('ingest: malformed payloads and Segment per-message rules', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  let query: TestServerWithProject['query'];
  const counts = async () => {
    const [row] = await server.database.prisma.$queryRaw<{ events: number; users: number; groups: number }[]>`
      SELECT (SELECT count(*)::int FROM event WHERE project_id = ${projectId}) AS events,
             (SELECT count(*)::int FROM app_user WHERE project_id = ${projectId}) AS users,
             (SELECT count(*)::int FROM "group" WHERE project_id = ${projectId}) AS groups`;
    return row;
  };
  const raw = (path: string, body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body: body as BodyInit });

  beforeAll(async () => {
    ({ server, ingestKey, projectId, query } = await startTestServerWithProject({ name: 'Malformed' }));
  });
  afterAll(async () => server?.stop());

  it('answers a corpus of bad requests with 4xx and writes nothing', async () => {
    const before = await counts();
    const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });
    const goodEvent = { event_type: 'Fine', user_id: 'user-fine', time: Date.now() };
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 32));
    const cases: [string, () => Promise<Response>][] = [
      ['empty body', () => raw('/2/httpapi', '')],
      ['truncated JSON', () => raw('/2/httpapi', `{"api_key":"${ingestKey}","events":[{"event_type":"x"`)],
      ['JSON array', () => raw('/2/httpapi', '[1,2,3]')],
      ['events not an array', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: 'nope' }))],
      ['api_key wrong type', () => raw('/2/httpapi', JSON.stringify({ api_key: 42, events: [goodEvent] }))],
      ['event_type wrong type', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [goodEvent, { ...goodEvent, event_type: 7 }] }))],
      ['groups wrong type', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [goodEvent, { ...goodEvent, groups: ['a'] }] }))],
      ['properties an array', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [{ ...goodEvent, event_properties: [1] }] }))],
      ['huge event_type', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [{ ...goodEvent, event_type: 'x'.repeat(5000) }] }))],
      ['huge body', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [{ ...goodEvent, event_properties: { blob: 'x'.repeat(2 * 1024 * 1024) } }] }))],
      ['deep nesting', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [{ ...goodEvent, event_properties: deep(60) }] }))],
      ['too many events', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: Array.from({ length: 2001 }, () => goodEvent) }))],
      ['form content type', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [goodEvent] }), { 'content-type': 'application/x-www-form-urlencoded' })],
      ['xml content type', () => raw('/batch', '<events/>', { 'content-type': 'application/xml' })],
      ['gzip bomb', () => raw('/2/httpapi', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })],
      ['corrupt gzip', () => raw('/2/httpapi', Buffer.from('not gzip at all'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })],
      ['unknown encoding', () => raw('/2/httpapi', JSON.stringify({ api_key: ingestKey, events: [goodEvent] }), { 'content-type': 'application/json', 'content-encoding': 'br' })],
      ['identify without identification', () => raw('/identify', `api_key=${ingestKey}`, { 'content-type': 'application/x-www-form-urlencoded' })],
      ['identify with broken JSON', () => raw('/identify', `api_key=${ingestKey}&identification=%7B`, { 'content-type': 'application/x-www-form-urlencoded' })],
      ['segment truncated JSON', () => raw('/v1/batch', '{"batch":[', { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ingestKey}:`).toString('base64')}` })],
      ['segment batch not array', () => raw('/v1/batch', JSON.stringify({ writeKey: ingestKey, batch: {} }))],
      ['segment gzip bomb', () => raw('/v1/batch', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })],
    ];
    for (const [name, request] of cases) {
      const response = await request();
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      const body = await response.json();
      if (!name.startsWith('segment')) expect(body.code, name).toBe(response.status);
    }
    expect(await counts()).toEqual(before);
  });

  it('accepts gzip-compressed Amplitude batches', async () => {
    const body = gzipSync(JSON.stringify({ api_key: ingestKey, events: [{ event_type: 'Zipped', user_id: 'user-zip', time: Date.now() }] }));
    const response = await raw('/batch', body, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect((await response.json()).events_ingested).toBe(1);
  });

  it('Segment: 401 for an unknown key, a 32 KB message refused alone, the rest kept', async () => {
    const unknown = await postJson(`${server.url}/v1/batch`, { writeKey: 'nope', batch: [] });
    expect(unknown.status).toBe(401);
    const response = await postJson(`${server.url}/v1/batch`, {
      writeKey: ingestKey,
      context: { groupId: 'seg-ctx-co' },
      batch: [
        { type: 'track', userId: 'seg-1', event: 'Small', messageId: 'm-1' },
        { type: 'track', userId: 'seg-1', event: 'Huge', messageId: 'm-2', properties: { blob: 'x'.repeat(40 * 1024) } },
        { type: 'track', event: 'Nobody', messageId: 'm-3' },
        { type: 'track', userId: 'seg-1', messageId: 'm-4' },
        { type: 'identify', userId: 'seg-1', traits: { role: 'admin' }, messageId: 'm-5' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.json.rejected.map((item: { index: number }) => item.index)).toEqual([1, 2, 3]);
    expect(response.json.rejected[0].reason).toContain('32768');
    const rows = await server.database.prisma.$queryRaw<{ event_type: string; value: string }[]>`
      SELECT e.event_type, g.value FROM event e JOIN event_group l ON l.project_id = e.project_id AND l.event_id = e.id
      JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id WHERE e.project_id = ${projectId} AND e.event_type IN ('Small', 'Huge')`;
    expect(rows).toEqual([{ event_type: 'Small', value: 'seg-ctx-co' }]);
    // The same messageIds again: acknowledged, not stored twice.
    const retry = await postJson(`${server.url}/v1/track`, { type: 'track', userId: 'seg-1', event: 'Small', messageId: 'm-1' }, { authorization: `Basic ${Buffer.from(`${ingestKey}:`).toString('base64')}` });
    expect(retry.json).toMatchObject({ success: true, accepted: 1, duplicates: 1 });
  });

  it('Amplitude /identify and /groupidentify (form-encoded)', async () => {
    const form = (fields: Record<string, unknown>) => new URLSearchParams(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString();
    const identify = await raw('/identify', form({ api_key: ingestKey, identification: [{ user_id: 'form-user-1', groups: { company: 'form-co' }, user_properties: { $set: { plan: 'team' } } }] }), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(identify.status).toBe(200);
    const groupIdentify = await raw('/groupidentify', form({ api_key: ingestKey, identification: { group_type: 'company', group_value: 'form-co', group_properties: { name: 'Form Co' } } }), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(groupIdentify.status).toBe(200);
    const [group] = await server.database.prisma.$queryRaw<{ properties: unknown; members: number }[]>`
      SELECT g.properties, (SELECT count(*)::int FROM membership m WHERE m.project_id = g.project_id AND m.group_id = g.id) AS members
      FROM "group" g WHERE g.project_id = ${projectId} AND g.value = 'form-co'`;
    expect(group).toEqual({ properties: { name: 'Form Co' }, members: 1 });
  });
});
