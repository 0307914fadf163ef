// Whatever arrives, ingest answers with the documented 4xx (never 5xx) and writes nothing for a
// refused request. Expected answers are written out from the README and Amplitude's documented
// responses (JSON whose `code` equals the HTTP status; `Missing request body`, `Invalid JSON
// request body`, `Request missing required field` + `missing_field`, `Invalid field values on some
// events` + index maps, 413 `Payload too large`); Segment's errors are `{success: false, error}`.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestServerWithProject, type TestServer } from '../support/test-server';

/** The tables an ingest request writes (prisma/schema.prisma), directly or through its fold. */
const ingestTables = [
  'app_user',
  'event',
  'event_group',
  'group',
  'group_daily',
  'group_event_type_daily',
  'group_member',
  'group_property_change',
  'group_property_key',
  'group_session',
  'group_type',
  'group_user_daily',
  'ingest_dedup',
  'membership',
  'rollup_change',
  'rollup_fold_state',
  'rollup_queue',
];

const amplitude = (status: number, error: string, more: Record<string, unknown> = {}) => ({
  code: status,
  error,
  ...more,
});
const invalidFields = (fields: Record<string, number[]>) =>
  amplitude(400, 'Invalid field values on some events', {
    events_with_invalid_fields: fields,
    events_with_missing_fields: {},
    events_with_invalid_id_lengths: {},
  });
const missingField = (field: string) => amplitude(400, 'Request missing required field', { missing_field: field });
const tooLarge = amplitude(413, 'Payload too large');
const segmentError = (status: number) => ({ status, body: { success: false, error: expect.any(String) } });

describe('ingest: malformed payloads and Segment per-message rules', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  /** Rows of every table of the database (all projects): a refused request changes none. */
  const counts = async () => {
    await server.services.rollups.catchUpAll();
    const tables = await server.database.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`;
    const rows: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await server.database.prisma.$queryRawUnsafe<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM "${name}"`,
      );
      rows[name] = row!.count;
    }
    return rows;
  };
  const raw = (
    path: string,
    body: string | Uint8Array,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => fetch(`${server.url}${path}`, { method: 'POST', headers, body: body as BodyInit });

  beforeAll(async () => {
    ({ server, ingestKey, projectId } = await startTestServerWithProject({ name: 'Malformed' }));
  });
  afterAll(async () => server?.stop());

  it('answers a corpus of bad requests with the documented 4xx and writes nothing', async () => {
    const before = await counts();
    expect(Object.keys(before)).toEqual(expect.arrayContaining(ingestTables));
    const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });
    const goodEvent = { event_type: 'Fine', user_id: 'user-fine', time: Date.now() };
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 32));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const gzip = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const segmentAuth = {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${ingestKey}:`).toString('base64')}`,
    };
    const envelope = (events: unknown) => JSON.stringify({ api_key: ingestKey, events });
    const cases: [string, () => Promise<Response>, { status: number; body: unknown }][] = [
      ['empty body', () => raw('/2/httpapi', ''), { status: 400, body: amplitude(400, 'Missing request body') }],
      [
        'truncated JSON',
        () => raw('/2/httpapi', `{"api_key":"${ingestKey}","events":[{"event_type":"x"`),
        { status: 400, body: amplitude(400, 'Invalid JSON request body') },
      ],
      [
        'JSON array',
        () => raw('/2/httpapi', '[1,2,3]'),
        { status: 400, body: amplitude(400, 'Invalid JSON request body') },
      ],
      ['events not an array', () => raw('/2/httpapi', envelope('nope')), { status: 400, body: missingField('events') }],
      [
        'api_key wrong type',
        () => raw('/2/httpapi', JSON.stringify({ api_key: 42, events: [goodEvent] })),
        { status: 400, body: missingField('api_key') },
      ],
      [
        'event_type wrong type',
        () => raw('/2/httpapi', envelope([goodEvent, { ...goodEvent, event_type: 7 }])),
        { status: 400, body: invalidFields({ event_type: [1] }) },
      ],
      [
        'groups wrong type',
        () => raw('/2/httpapi', envelope([goodEvent, { ...goodEvent, groups: ['a'] }])),
        { status: 400, body: invalidFields({ groups: [1] }) },
      ],
      [
        'properties an array',
        () => raw('/2/httpapi', envelope([{ ...goodEvent, event_properties: [1] }])),
        { status: 400, body: invalidFields({ event_properties: [0] }) },
      ],
      // Strings are at most 1024 characters, objects at most 40 levels deep.
      [
        'huge event_type',
        () => raw('/2/httpapi', envelope([{ ...goodEvent, event_type: 'x'.repeat(5000) }])),
        { status: 400, body: invalidFields({ event_type: [0] }) },
      ],
      [
        'deep nesting',
        () => raw('/2/httpapi', envelope([{ ...goodEvent, event_properties: deep(60) }])),
        { status: 400, body: invalidFields({ event: [0] }) },
      ],
      // /2/httpapi: at most 1 MB and 2000 events.
      [
        'huge body',
        () => raw('/2/httpapi', envelope([{ ...goodEvent, event_properties: { blob: 'x'.repeat(2 * 1024 * 1024) } }])),
        { status: 413, body: tooLarge },
      ],
      [
        'too many events',
        () => raw('/2/httpapi', envelope(Array.from({ length: 2001 }, () => goodEvent))),
        { status: 413, body: tooLarge },
      ],
      ['gzip bomb', () => raw('/2/httpapi', bomb, gzip), { status: 413, body: tooLarge }],
      // 415 Unsupported Media Type: the body is JSON only, compressed only with gzip or deflate.
      [
        'form content type',
        () => raw('/2/httpapi', envelope([goodEvent]), form),
        { status: 415, body: amplitude(415, expect.any(String)) },
      ],
      [
        'xml content type',
        () => raw('/batch', '<events/>', { 'content-type': 'application/xml' }),
        { status: 415, body: amplitude(415, expect.any(String)) },
      ],
      [
        'unknown encoding',
        () =>
          raw('/2/httpapi', envelope([goodEvent]), { 'content-type': 'application/json', 'content-encoding': 'br' }),
        { status: 415, body: amplitude(415, expect.stringContaining('br')) },
      ],
      [
        'corrupt gzip',
        () => raw('/2/httpapi', Buffer.from('not gzip at all'), gzip),
        { status: 400, body: amplitude(400, expect.any(String)) },
      ],
      [
        'identify without identification',
        () => raw('/identify', `api_key=${ingestKey}`, form),
        { status: 400, body: amplitude(400, expect.any(String), { missing_field: 'identification' }) },
      ],
      [
        'identify with broken JSON',
        () => raw('/identify', `api_key=${ingestKey}&identification=%7B`, form),
        { status: 400, body: amplitude(400, expect.any(String), { missing_field: 'identification' }) },
      ],
      // Segment: 400 for invalid JSON, 413 past 16 MB; its error answers carry no `code`.
      ['segment truncated JSON', () => raw('/v1/batch', '{"batch":[', segmentAuth), segmentError(400)],
      [
        'segment batch not array',
        () => raw('/v1/batch', JSON.stringify({ writeKey: ingestKey, batch: {} })),
        segmentError(400),
      ],
      ['segment gzip bomb', () => raw('/v1/batch', bomb, gzip), segmentError(413)],
    ];
    const answers: { name: string; status: number; body: unknown }[] = [];
    for (const [name, request] of cases) {
      const response = await request();
      answers.push({ name, status: response.status, body: await response.json() });
    }
    expect(answers).toEqual(cases.map(([name, , expected]) => ({ name, ...expected })));
    expect(await counts()).toEqual(before);

    // The count does see ingest writing: one good event changes the tables it lands in.
    expect(
      (await raw('/2/httpapi', envelope([{ ...goodEvent, insert_id: 'fine-1', groups: { company: 'fine-co' } }])))
        .status,
    ).toBe(200);
    const after = await counts();
    for (const table of ['event', 'app_user', 'group', 'group_type', 'event_group', 'ingest_dedup', 'group_daily']) {
      expect(after[table], table).toBeGreaterThan(before[table]!);
    }
  });

  it('accepts gzip-compressed Amplitude batches', async () => {
    const body = gzipSync(
      JSON.stringify({ api_key: ingestKey, events: [{ event_type: 'Zipped', user_id: 'user-zip', time: Date.now() }] }),
    );
    const response = await raw('/batch', body, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect((await response.json()).events_ingested).toBe(1);
  });

  it('Segment: 401 for an unknown key, a 32 KB message refused alone, the rest kept', async () => {
    const unknown = await postJson(`${server.url}/v1/batch`, { writeKey: 'nope', batch: [] });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ success: false, error: expect.any(String) });
    const response = await postJson(`${server.url}/v1/batch`, {
      writeKey: ingestKey,
      context: { groupId: 'seg-ctx-co' },
      batch: [
        { type: 'track', userId: 'seg-1', event: 'Small', messageId: 'm-1' },
        {
          type: 'track',
          userId: 'seg-1',
          event: 'Huge',
          messageId: 'm-2',
          properties: { blob: 'x'.repeat(40 * 1024) },
        },
        { type: 'track', event: 'Nobody', messageId: 'm-3' },
        { type: 'track', userId: 'seg-1', messageId: 'm-4' },
        { type: 'identify', userId: 'seg-1', traits: { role: 'admin' }, messageId: 'm-5' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.json.rejected.map((item: { index: number }) => item.index)).toEqual([1, 2, 3]);
    expect(response.json.rejected[0].reason).toContain('32768');
    // Segment's answer: success, how many messages were taken, and each refused one with its reason.
    expect(response.json).toEqual({
      success: true,
      accepted: 2,
      rejected: [
        { index: 1, reason: expect.stringContaining('32768') },
        { index: 2, reason: expect.stringContaining('anonymousId') },
        { index: 3, reason: expect.stringContaining('event') },
      ],
    });
    const rows = await server.database.prisma.$queryRaw<{ event_type: string; value: string }[]>`
      SELECT e.event_type, g.value FROM event e JOIN event_group l ON l.project_id = e.project_id AND l.event_id = e.id
      JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id WHERE e.project_id = ${projectId} AND e.event_type IN ('Small', 'Huge')`;
    expect(rows).toEqual([{ event_type: 'Small', value: 'seg-ctx-co' }]);
    // The same messageIds again: acknowledged, not stored twice.
    const retry = await postJson(
      `${server.url}/v1/track`,
      { type: 'track', userId: 'seg-1', event: 'Small', messageId: 'm-1' },
      { authorization: `Basic ${Buffer.from(`${ingestKey}:`).toString('base64')}` },
    );
    expect(retry.json).toEqual({ success: true, accepted: 1, duplicates: 1 });
  });

  it('Amplitude /identify and /groupidentify (form-encoded)', async () => {
    const form = (fields: Record<string, unknown>) =>
      new URLSearchParams(
        Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
      ).toString();
    const identify = await raw(
      '/identify',
      form({
        api_key: ingestKey,
        identification: [
          { user_id: 'form-user-1', groups: { company: 'form-co' }, user_properties: { $set: { plan: 'team' } } },
        ],
      }),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(identify.status).toBe(200);
    const groupIdentify = await raw(
      '/groupidentify',
      form({
        api_key: ingestKey,
        identification: { group_type: 'company', group_value: 'form-co', group_properties: { name: 'Form Co' } },
      }),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(groupIdentify.status).toBe(200);
    const [group] = await server.database.prisma.$queryRaw<{ properties: unknown; members: number }[]>`
      SELECT g.properties, (SELECT count(*)::int FROM membership m WHERE m.project_id = g.project_id AND m.group_id = g.id) AS members
      FROM "group" g WHERE g.project_id = ${projectId} AND g.value = 'form-co'`;
    expect(group).toEqual({ properties: { name: 'Form Co' }, members: 1 });
  });
});
