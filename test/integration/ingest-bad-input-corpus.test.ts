// Every ingest endpoint against every class of bad input (README "Validation and limits"): never a
// 5xx, always the documented answer, nothing half-written, and the good messages of a mixed Segment
// batch stored. The corpus is two tables: `endpoints` (one line per endpoint: add the short
// analytics-next endpoints there) and `badInputs` (one entry per class of bad input).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedupDigest } from '../../apps/api/src/modules/ingest/ingest.repository';
import { graphql, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';

type Family = 'amplitude-events' | 'amplitude-identify' | 'amplitude-group-identify' | 'segment-batch' | 'segment-call';
type SegmentType = 'track' | 'page' | 'screen' | 'identify' | 'group' | 'alias';
type Item = Record<string, unknown>;

interface Endpoint {
  path: string;
  family: Family;
  /** The Segment call type a single-call endpoint implies. */
  type?: SegmentType;
  /** How the endpoint's body is written: JSON with Basic auth, form fields, text/plain with writeKey... */
  encode: (
    json: (value: unknown) => string,
    items: Item[],
    key: string,
  ) => { headers: Record<string, string>; body: string };
}

const amplitudeJson: Endpoint['encode'] = (json, items, key) => ({
  headers: { 'content-type': 'application/json' },
  body: json({ api_key: key, events: items }),
});
const amplitudeForm: Endpoint['encode'] = (json, items, key) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `api_key=${encodeURIComponent(key)}&identification=${encodeURIComponent(json(items))}`,
});
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const segmentBatch: Endpoint['encode'] = (json, items, key) => ({
  headers: { 'content-type': 'application/json', authorization: basic(key) },
  body: json({ batch: items }),
});
const segmentCall: Endpoint['encode'] = (json, items, key) => ({
  headers: { 'content-type': 'application/json', authorization: basic(key) },
  body: json(items[0]),
});

/** analytics-next in the browser: text/plain, the write key inside the body, no Authorization. */
const browserBatch: Endpoint['encode'] = (json, items, key) => ({
  headers: { 'content-type': 'text/plain' },
  body: json({ batch: items, writeKey: key }),
});
const browserCall: Endpoint['encode'] = (json, items, key) => {
  // The item's text is spliced in, so deep or surrogate-bearing items stay written exactly as the corpus wrote them.
  const item = json(items[0]);
  const rest = item === '{}' ? '}' : `,${item.slice(1)}`;
  return { headers: { 'content-type': 'text/plain' }, body: `{"writeKey":${JSON.stringify(key)}${rest}` };
};

const segmentTypes: SegmentType[] = ['track', 'page', 'screen', 'identify', 'group', 'alias'];
/** One line per endpoint. */
const endpoints: Endpoint[] = [
  { path: '/2/httpapi', family: 'amplitude-events', encode: amplitudeJson },
  { path: '/batch', family: 'amplitude-events', encode: amplitudeJson },
  { path: '/identify', family: 'amplitude-identify', encode: amplitudeForm },
  { path: '/groupidentify', family: 'amplitude-group-identify', encode: amplitudeForm },
  { path: '/v1/batch', family: 'segment-batch', encode: segmentBatch },
  { path: '/v1/import', family: 'segment-batch', encode: segmentBatch },
  ...segmentTypes.map((type): Endpoint => ({ path: `/v1/${type}`, family: 'segment-call', type, encode: segmentCall })),
  { path: '/v1/b', family: 'segment-batch', encode: browserBatch },
  ...segmentTypes.map(
    (type): Endpoint => ({ path: `/v1/${type[0]}`, family: 'segment-call', type, encode: browserCall }),
  ),
];

/** What an endpoint must answer for a bad item. */
type Expected =
  /** Amplitude: the whole request refused with this field in `events_with_invalid_fields`; Segment: this reason. */
  | { refused: string }
  /** Stored (leniently), with this warning when given. */
  | { stored: true; warning?: string };

const lone = '\ud800';
const deepMarker = '__deep_10000__';
/** A number JSON can write but a double cannot hold (JSON.parse reads it as Infinity). */
const hugeMarker = '__1e400__';
/**
 * 1000 characters, 3000 bytes in UTF-8, all different: PostgreSQL cannot compress them into a
 * btree entry (at most 2704 bytes), as it would a repeated character.
 */
const wideText = Array.from({ length: 1000 }, (_, index) =>
  String.fromCharCode(0x4e00 + ((index * 7919) % 20000)),
).join('');
/** 10,000 levels of nesting, written as text: JSON.stringify itself would overflow the test's stack. */
const deepJson = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
const surrogateWarning = (index: number, word: 'event' | 'message') =>
  `${word} ${index}: lone UTF-16 surrogates in property keys or values were replaced with U+FFFD`;
const timeReason = 'timestamp must be an ISO-8601 date from 1970-01-01 to 9999-12-31';
const amplitudeCorner = { event: 'event', identify: 'event', group: 'event' };

interface BadInput {
  name: string;
  /** The bad item for a family (or a Segment call type), or undefined where the class does not apply. */
  amplitude?: (good: Item, family: Family) => [Item, Expected] | undefined;
  segment?: (good: Item, type: SegmentType) => [Item, Expected] | undefined;
}

const identityChecks = (segmentField: string, amplitudeField: string) => ({
  refusedSegment: { refused: `${segmentField} contains a lone UTF-16 surrogate` },
  refusedAmplitude: { refused: amplitudeField },
});

/** One entry per class of bad input. Indexes in warnings are the bad item's position (1 in a pair, 0 alone). */
const badInputs: BadInput[] = [
  {
    name: 'lone surrogate in the event type',
    amplitude: (good, family) =>
      family === 'amplitude-events' ? [{ ...good, event_type: `Signed${lone}` }, { refused: 'event_type' }] : undefined,
    segment: (good, type) =>
      type === 'track'
        ? [{ ...good, event: `Signed${lone}` }, { refused: 'event contains a lone UTF-16 surrogate' }]
        : type === 'page' || type === 'screen'
          ? [{ ...good, name: `Home${lone}` }, { refused: 'name contains a lone UTF-16 surrogate' }]
          : undefined,
  },
  {
    name: 'lone surrogate in the user id',
    amplitude: (good, family) =>
      family === 'amplitude-group-identify'
        ? undefined
        : [{ ...good, user_id: `user-${lone}-1` }, identityChecks('', 'user_id').refusedAmplitude],
    segment: (good) => [{ ...good, userId: `user-${lone}-1` }, identityChecks('userId', '').refusedSegment],
  },
  {
    name: 'lone surrogate in the device id',
    amplitude: (good, family) =>
      family === 'amplitude-events'
        ? [{ ...good, device_id: `device-${lone}-1` }, { refused: 'device_id' }]
        : undefined,
    segment: (good) => [
      { ...good, anonymousId: `anon-${lone}-1` },
      { refused: 'anonymousId contains a lone UTF-16 surrogate' },
    ],
  },
  {
    name: 'lone surrogate in the insert id',
    amplitude: (good, family) =>
      family === 'amplitude-events' ? [{ ...good, insert_id: `bad-${lone}` }, { refused: 'insert_id' }] : undefined,
    segment: (good) => [
      { ...good, messageId: `bad-${lone}` },
      { refused: 'messageId contains a lone UTF-16 surrogate' },
    ],
  },
  {
    name: 'lone surrogate in a group type',
    amplitude: (good, family) =>
      family === 'amplitude-group-identify'
        ? [{ ...good, group_type: `company${lone}` }, { refused: 'groups' }]
        : [{ ...good, groups: { [`company${lone}`]: 'corpus-co' } }, { refused: 'groups' }],
    segment: (good, type) =>
      type === 'group'
        ? [
            { ...good, traits: { group_type: `company${lone}`, tier: 'gold' } },
            { refused: 'traits.group_type contains a lone UTF-16 surrogate' },
          ]
        : type === 'track' || type === 'page' || type === 'screen'
          ? [
              { ...good, integrations: { Amplitude: { groups: { [`company${lone}`]: 'corpus-co' } } } },
              { refused: 'integrations.Amplitude.groups contains a lone UTF-16 surrogate' },
            ]
          : undefined,
  },
  {
    name: 'lone surrogate in a group value',
    amplitude: (good, family) =>
      family === 'amplitude-group-identify'
        ? [{ ...good, group_value: `corpus-${lone}` }, { refused: 'groups' }]
        : [{ ...good, groups: { company: ['corpus-co', `corpus-${lone}`] } }, { refused: 'groups' }],
    segment: (good, type) =>
      type === 'group'
        ? [{ ...good, groupId: `corpus-${lone}` }, { refused: 'groupId contains a lone UTF-16 surrogate' }]
        : type === 'track' || type === 'page' || type === 'screen'
          ? [
              { ...good, context: { groupId: `corpus-${lone}` } },
              { refused: 'context.groupId contains a lone UTF-16 surrogate' },
            ]
          : undefined,
  },
  {
    name: 'lone surrogates in property keys and values (replaced)',
    amplitude: (good, family) => {
      const bag = { [`key${lone}`]: `value${lone}`, nested: { list: [`item${lone}`] } };
      const warning = { stored: true as const, warning: surrogateWarning(1, 'event') };
      if (family === 'amplitude-events') return [{ ...good, event_properties: bag }, warning];
      if (family === 'amplitude-identify') return [{ ...good, user_properties: { $set: bag } }, warning];
      return [{ ...good, group_properties: bag }, warning];
    },
    segment: (good, type) => {
      const bag = { [`key${lone}`]: `value${lone}`, nested: { list: [`item${lone}`] } };
      const index = 1;
      const warning = { stored: true as const, warning: surrogateWarning(index, 'message') };
      if (type === 'identify' || type === 'group')
        return [{ ...good, traits: { ...(good.traits as Item), ...bag } }, warning];
      return [{ ...good, properties: bag, context: { page: { title: `Title${lone}` } } }, warning];
    },
  },
  {
    name: 'NUL in a property key',
    amplitude: (good, family) =>
      family === 'amplitude-events'
        ? [{ ...good, event_properties: { 'a\u0000b': 1 } }, { refused: amplitudeCorner.event }]
        : family === 'amplitude-identify'
          ? [{ ...good, user_properties: { 'a\u0000b': 1 } }, { refused: 'event' }]
          : [{ ...good, group_properties: { 'a\u0000b': 1 } }, { refused: 'event' }],
    segment: (good) => [{ ...good, context: { 'a\u0000b': 1 } }, { refused: 'message contains a NUL character' }],
  },
  {
    name: 'time at year 10000',
    amplitude: (good, family) =>
      family === 'amplitude-events' ? [{ ...good, time: Date.UTC(10000, 0, 1) }, { refused: 'time' }] : undefined,
    segment: (good) => [{ ...good, timestamp: '+010000-01-01T00:00:00Z' }, { refused: timeReason }],
  },
  {
    name: 'time at the end of JavaScript dates',
    amplitude: (good, family) =>
      family === 'amplitude-events' ? [{ ...good, time: 8.64e15 }, { refused: 'time' }] : undefined,
    segment: (good) => [{ ...good, timestamp: '+275760-09-13T00:00:00.000Z' }, { refused: timeReason }],
  },
  {
    name: 'time before 1970',
    amplitude: (good, family) =>
      family === 'amplitude-events' ? [{ ...good, time: -1 }, { refused: 'time' }] : undefined,
    segment: (good) => [{ ...good, timestamp: '-000050-01-01T00:00:00Z' }, { refused: timeReason }],
  },
  {
    name: 'unstorable originalTimestamp',
    segment: (good) => [{ ...good, originalTimestamp: '+010000-01-01T00:00:00Z' }, { refused: timeReason }],
  },
  {
    name: 'nested 10,000 deep',
    amplitude: (good, family) =>
      family === 'amplitude-events'
        ? [{ ...good, event_properties: { deep: deepMarker } }, { refused: 'event' }]
        : family === 'amplitude-identify'
          ? [{ ...good, user_properties: { $set: { deep: deepMarker } } }, { refused: 'event' }]
          : [{ ...good, group_properties: { deep: deepMarker } }, { refused: 'event' }],
    segment: (good) => [
      { ...good, properties: { deep: deepMarker }, traits: { deep: deepMarker } },
      { refused: 'message is nested more than 40 levels deep' },
    ],
  },
  {
    name: 'prototype keys (stored as plain keys)',
    amplitude: (good, family) => {
      const bag = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "prototype": "p", "tier": "gold"}');
      if (family === 'amplitude-events') return [{ ...good, event_properties: bag }, { stored: true }];
      if (family === 'amplitude-identify') return [{ ...good, user_properties: { $set: bag } }, { stored: true }];
      return [{ ...good, group_properties: bag }, { stored: true }];
    },
    segment: (good) => {
      const bag = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "prototype": "p"}');
      return [{ ...good, properties: bag, traits: { ...(good.traits as Item), ...bag } }, { stored: true }];
    },
  },
  {
    name: '__proto__ as event type and group type',
    amplitude: (good, family) =>
      family === 'amplitude-events'
        ? [{ ...good, event_type: '__proto__', groups: { ['__proto__']: 'x-co' } }, { stored: true }]
        : undefined,
    segment: (good, type) => (type === 'track' ? [{ ...good, event: '__proto__' }, { stored: true }] : undefined),
  },
  {
    name: 'numbers too large for a double',
    amplitude: (good, family) =>
      family === 'amplitude-events'
        ? [{ ...good, user_id: hugeMarker, time: hugeMarker }, { refused: 'user_id' }]
        : undefined,
    segment: (good) => [
      { ...good, userId: hugeMarker },
      { refused: 'userId must be a string of at most 1024 bytes, or a number' },
    ],
  },
  {
    name: 'numbers beyond a double in properties (stored as null, with a warning)',
    amplitude: (good, family) => {
      const warning = {
        stored: true as const,
        warning: 'event 1: numbers beyond the range of a double were stored as null',
      };
      if (family === 'amplitude-events') return [{ ...good, event_properties: { big: hugeMarker } }, warning];
      if (family === 'amplitude-identify')
        return [{ ...good, user_properties: { $set: { big: hugeMarker } } }, warning];
      return [{ ...good, group_properties: { big: hugeMarker } }, warning];
    },
    segment: (good) => [
      { ...good, properties: { big: hugeMarker }, traits: { ...(good.traits as Item), big: hugeMarker } },
      { stored: true, warning: 'message 1: numbers beyond the range of a double were stored as null' },
    ],
  },
  {
    name: 'identity longer than 1024 bytes in UTF-8',
    amplitude: (good, family) =>
      family === 'amplitude-group-identify'
        ? [{ ...good, group_value: wideText }, { refused: 'groups' }]
        : [{ ...good, user_id: wideText }, { refused: 'user_id' }],
    segment: (good) => [
      { ...good, userId: wideText },
      { refused: 'userId must be a string of at most 1024 bytes, or a number' },
    ],
  },
  {
    name: 'group property key longer than 1024 bytes in UTF-8 (refused alone)',
    amplitude: (good, family) =>
      family === 'amplitude-group-identify'
        ? [
            { ...good, group_properties: { [wideText]: 1, tier: 'gold' } },
            { stored: true, warning: '' },
          ]
        : undefined,
  },
  {
    name: 'wrong types',
    amplitude: (good, family) =>
      family === 'amplitude-events'
        ? [{ ...good, groups: { company: { nested: 'object' } } }, { refused: 'groups' }]
        : family === 'amplitude-identify'
          ? [{ ...good, user_id: ['a', 'b'] }, { refused: 'user_id' }]
          : [{ ...good, group_value: { a: 1 } }, { refused: 'groups' }],
    segment: (good) => [
      { ...good, userId: { id: 1 } },
      { refused: 'userId must be a string of at most 1024 bytes, or a number' },
    ],
  },
];

let counter = 0;
function goodItem(family: Family, type: SegmentType = 'track'): Item {
  const n = ++counter;
  if (family === 'amplitude-events')
    return {
      event_type: 'Corpus Good',
      user_id: `good-user-${n}`,
      insert_id: `insert-${n}`,
      time: Date.now(),
      groups: { company: 'corpus-co' },
      event_properties: { plan: 'pro' },
    };
  if (family === 'amplitude-identify')
    return { user_id: `good-user-${n}`, user_properties: { $set: { plan: 'pro' } }, groups: { company: 'corpus-co' } };
  if (family === 'amplitude-group-identify')
    return { group_type: 'company', group_value: 'corpus-co', group_properties: { tier: 'gold' } };
  const common = { type, userId: `good-user-${n}`, messageId: `message-${n}`, context: { groupId: 'corpus-co' } };
  if (type === 'track') return { ...common, event: 'Corpus Good', properties: { plan: 'pro' } };
  if (type === 'page' || type === 'screen') return { ...common, name: 'Home', properties: { plan: 'pro' } };
  if (type === 'identify') return { ...common, traits: { plan: 'pro' } };
  if (type === 'group') return { ...common, groupId: 'corpus-co', traits: { tier: 'gold' } };
  return { ...common, previousId: `old-${n}` };
}

const json = (value: unknown) =>
  JSON.stringify(value).replaceAll(`"${deepMarker}"`, deepJson).replaceAll(`"${hugeMarker}"`, '1e400');

describe('ingest: the bad-input corpus on every endpoint', () => {
  let context: TestServerWithProject;
  /** Rows of every table: a refused request changes none. */
  const counts = async () => {
    const tables = await context.query<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`;
    const rows: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await context.server.database.prisma.$queryRawUnsafe<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM "${name}"`,
      );
      rows[name] = row!.count;
    }
    return rows;
  };

  beforeAll(async () => {
    context = await startTestServerWithProject({ name: 'Corpus' });
  });
  afterAll(async () => context?.server.stop());

  it('never answers 5xx, answers as documented and writes nothing half', async () => {
    const answers: { request: string; status: number; body: unknown }[] = [];
    const expected: { request: string; status: number; body: unknown }[] = [];
    const wroteNothing: { request: string; same: boolean }[] = [];
    /** Segment ids (dedup keys) that must be stored, and those that must not. */
    const storedKeys: string[] = [];
    const refusedKeys: string[] = [];
    for (const input of badInputs) {
      for (const endpoint of endpoints) {
        const types = endpoint.family === 'segment-batch' ? segmentTypes : [endpoint.type ?? 'track'];
        for (const type of types) {
          const amplitude = !endpoint.family.startsWith('segment');
          const good = goodItem(endpoint.family, type);
          const built = amplitude ? input.amplitude?.(good, endpoint.family) : input.segment?.(good, type);
          if (!built) continue;
          const [bad, outcome] = built;
          // The bad item is the good one changed: its own ids, so that it is not a duplicate.
          if (bad.messageId === good.messageId) bad.messageId = `bad-${counter}`;
          if (bad.insert_id === good.insert_id) bad.insert_id = `bad-${counter}`;
          const items = endpoint.family === 'segment-call' ? [bad] : [good, bad];
          const badIndex = items.length - 1;
          const request = `${input.name} → ${endpoint.path}${endpoint.family === 'segment-batch' ? ` (${type})` : ''}`;
          const refusedOrNot = 'refused' in outcome;
          const before = refusedOrNot && endpoint.family !== 'segment-batch' ? await counts() : null;
          const { headers, body } = endpoint.encode(json, items, context.ingestKey);
          const response = await fetch(`${context.server.url}${endpoint.path}`, { method: 'POST', headers, body });
          const text = await response.text();
          let answer: unknown = text;
          try {
            answer = JSON.parse(text);
          } catch {}
          answers.push({ request, status: response.status, body: answer });
          if (before) wroteNothing.push({ request, same: JSON.stringify(await counts()) === JSON.stringify(before) });

          const warningFor = (index: number) =>
            'warning' in outcome && outcome.warning
              ? [outcome.warning.replace(/^(event|message) \d+/, `$1 ${index}`)]
              : undefined;
          if (amplitude) {
            if ('refused' in outcome) {
              expected.push({
                request,
                status: 400,
                body: {
                  code: 400,
                  error: expect.stringMatching(/^Invalid field values on some (events|identifications)$/),
                  events_with_invalid_fields: { [outcome.refused]: [badIndex] },
                  events_with_missing_fields: {},
                  events_with_invalid_id_lengths: {},
                },
              });
            } else {
              const warnings = warningFor(badIndex);
              const body =
                endpoint.family === 'amplitude-events'
                  ? expect.objectContaining({ code: 200, events_ingested: 2, ...(warnings ? { warnings } : {}) })
                  : outcome.warning === ''
                    ? expect.objectContaining({ code: 200, warnings: [expect.any(String)] })
                    : warnings
                      ? { code: 200, warnings }
                      : 'success';
              expected.push({ request, status: 200, body });
            }
          } else {
            const goodKey = endpoint.family === 'segment-batch' ? `s:${good.messageId}` : null;
            if (goodKey && type !== 'alias') storedKeys.push(goodKey);
            const badKey = typeof bad.messageId === 'string' ? `s:${bad.messageId}` : null;
            if ('refused' in outcome) {
              if (badKey) refusedKeys.push(badKey);
              expected.push({
                request,
                status: 200,
                body: {
                  success: true,
                  accepted: type === 'alias' ? 0 : items.length - 1,
                  rejected: [{ index: badIndex, reason: outcome.refused }],
                  ...(type === 'alias' && items.length > 1 ? { warnings: [expect.stringContaining('alias')] } : {}),
                },
              });
            } else {
              if (badKey && type !== 'alias') storedKeys.push(badKey);
              const warnings = [
                ...(type === 'alias'
                  ? items.map((_, index) => expect.stringContaining(`message ${index}: alias`))
                  : []),
                ...(type === 'alias' ? [] : (warningFor(badIndex) ?? [])),
              ];
              expected.push({
                request,
                status: 200,
                body: {
                  success: true,
                  accepted: type === 'alias' ? 0 : items.length,
                  ...(warnings.length ? { warnings } : {}),
                },
              });
            }
          }
        }
      }
    }
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(answers).toEqual(expected);
    expect(wroteNothing.filter((check) => !check.same)).toEqual([]);

    // Good messages of mixed batches landed; refused ones claimed no dedup key (never reached the transaction).
    const keys = new Set(
      (
        await context.query<{ key: string }>`SELECT key::text FROM ingest_dedup WHERE project_id = ${context.projectId}`
      ).map((row) => row.key),
    );
    expect(storedKeys.length).toBeGreaterThan(100);
    expect(storedKeys.filter((key) => !keys.has(dedupDigest(key)))).toEqual([]);
    expect(refusedKeys.filter((key) => keys.has(dedupDigest(key)))).toEqual([]);
    // The good group of every request is readable over GraphQL.
    const read = await graphql(
      context.server,
      context.secretKey,
      '{ group(groupType: "company", value: "corpus-co") { properties } }',
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.group.properties.tier).toBe('gold');
  });

  it('answers keys no project can have as unknown, and refuses a whole batch context only message by message', async () => {
    const before = await counts();
    const post = (path: string, body: string, contentType = 'application/json') =>
      fetch(`${context.server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body }).then(
        async (response) => ({ path, status: response.status, body: await response.json() }),
      );
    const answers = [];
    const expected = [];
    for (const key of [`key${lone}`, 'key\u0000', 'k'.repeat(100_000)]) {
      for (const endpoint of endpoints) {
        const event = goodItem(endpoint.family, endpoint.type);
        if (endpoint.family === 'amplitude-events') {
          answers.push(await post(endpoint.path, JSON.stringify({ api_key: key, events: [event] })));
          expected.push({ path: endpoint.path, status: 400, body: { code: 400, error: 'Invalid API key' } });
        } else if (endpoint.family.startsWith('amplitude')) {
          // JSON bodies (which these endpoints also read): a form field cannot carry a lone surrogate.
          answers.push(await post(endpoint.path, JSON.stringify({ api_key: key, identification: [event] })));
          expected.push({ path: endpoint.path, status: 400, body: { code: 400, error: 'Invalid API key' } });
        } else {
          const body =
            endpoint.family === 'segment-batch' ? { writeKey: key, batch: [event] } : { ...event, writeKey: key };
          answers.push(await post(endpoint.path, JSON.stringify(body)));
          expected.push({ path: endpoint.path, status: 401, body: { success: false, error: 'Invalid write key' } });
        }
      }
    }
    expect(answers).toEqual(expected);
    expect(await counts()).toEqual(before);

    // The batch's own context belongs to every message: nested 10,000 deep, each message is refused.
    const batch = [goodItem('segment-batch'), goodItem('segment-batch', 'identify')];
    const deepContext = await post(
      '/v1/batch',
      json({ writeKey: context.ingestKey, context: { deep: deepMarker }, batch }),
    );
    const reason = "the batch's context or integrations is nested more than 40 levels deep";
    expect(deepContext).toEqual({
      path: '/v1/batch',
      status: 200,
      body: {
        success: true,
        accepted: 0,
        rejected: [
          { index: 0, reason },
          { index: 1, reason },
        ],
      },
    });
    expect(await counts()).toEqual(before);
  });

  it('stores replaced surrogates as U+FFFD', async () => {
    // Several endpoints stored the bag (a Segment page adds its name beside it): one holds exactly it.
    const rows = await context.query<{ properties: Record<string, unknown> }>`
      SELECT properties FROM event WHERE project_id = ${context.projectId} AND properties ? ${'key\ufffd'}`;
    expect(rows.map((row) => row.properties)).toContainEqual({
      'key\ufffd': 'value\ufffd',
      nested: { list: ['item\ufffd'] },
    });
  });
});

describe('ingest: prototype keys are plain keys', () => {
  let context: TestServerWithProject;
  beforeAll(async () => {
    context = await startTestServerWithProject({ name: 'Prototype keys' });
  });
  afterAll(async () => context?.server.stop());

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${context.server.url}${path}`, { method: 'POST', headers, body });
  const jsonHeaders = { 'content-type': 'application/json' };
  const form = (items: unknown[]) =>
    `api_key=${encodeURIComponent(context.ingestKey)}&identification=${encodeURIComponent(JSON.stringify(items))}`;

  it('keeps __proto__, constructor and prototype in group and user properties, current and history agreeing', async () => {
    const bag = JSON.parse('{"__proto__": {"tier": "platinum"}, "constructor": "c", "prototype": "p", "tier": "gold"}');
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(
      (
        await post(
          '/groupidentify',
          form([{ group_type: 'company', group_value: 'proto-co', group_properties: bag }]),
          formHeaders,
        )
      ).status,
    ).toBe(200);
    const operations = {
      $setOnce: JSON.parse('{"constructor": "once", "prototype": "once"}'),
      $add: JSON.parse('{"constructor": 1, "visits": 2}'),
      $append: JSON.parse('{"__proto__": "appended"}'),
    };
    const events = [
      {
        event_type: '$groupidentify',
        user_id: 'proto-user',
        groups: { company: 'proto-co-2' },
        group_properties: operations,
      },
      {
        event_type: '$groupidentify',
        user_id: 'proto-user',
        groups: { company: 'proto-co-3' },
        group_properties: { ...operations, $unset: JSON.parse('{"__proto__": "-"}') },
      },
      { event_type: '$identify', user_id: 'proto-user', user_properties: { $set: bag, ...operations } },
    ];
    expect((await post('/2/httpapi', JSON.stringify({ api_key: context.ingestKey, events }), jsonHeaders)).status).toBe(
      200,
    );
    const auth = { ...jsonHeaders, authorization: `Basic ${Buffer.from(`${context.ingestKey}:`).toString('base64')}` };
    expect(
      (
        await post(
          '/v1/group',
          JSON.stringify({ userId: 'seg-proto', groupId: 'proto-seg', traits: { group_type: 'company', ...bag } }),
          auth,
        )
      ).status,
    ).toBe(200);
    expect((await post('/v1/identify', JSON.stringify({ userId: 'seg-proto', traits: bag }), auth)).status).toBe(200);

    const expectedProperties: Record<string, Record<string, unknown>> = {
      'proto-co': JSON.parse(
        '{"__proto__": {"tier": "platinum"}, "constructor": "c", "prototype": "p", "tier": "gold"}',
      ),
      'proto-co-2': JSON.parse('{"__proto__": ["appended"], "constructor": 1, "prototype": "once", "visits": 2}'),
      'proto-co-3': JSON.parse('{"__proto__": ["appended"], "constructor": 1, "prototype": "once", "visits": 2}'),
      'proto-seg': JSON.parse(
        '{"__proto__": {"tier": "platinum"}, "constructor": "c", "prototype": "p", "tier": "gold"}',
      ),
    };
    for (const [value, properties] of Object.entries(expectedProperties)) {
      const read = await graphql(
        context.server,
        context.secretKey,
        `query($value: String!) { group(groupType: "company", value: $value) { properties propertyHistory(first: 100) { key value operation } } }`,
        { value },
      );
      expect(read.errors, value).toBeUndefined();
      expect(read.data.group.properties, value).toEqual(properties);
      // Replaying the history (oldest first) gives the current properties.
      const replayed: Record<string, unknown> = Object.create(null);
      for (const change of [...read.data.group.propertyHistory].reverse()) {
        if (change.value === null && change.operation === '$unset') delete replayed[change.key];
        else replayed[change.key] = change.value;
      }
      expect({ ...replayed }, value).toEqual(properties);
      const [row] = await context.query<{ properties: Record<string, unknown> }>`
        SELECT g.properties FROM "group" g WHERE g.project_id = ${context.projectId} AND g.value = ${value}`;
      expect(row?.properties, value).toEqual(properties);
    }
    const users = await context.query<{ user_id: string; properties: Record<string, unknown> }>`
      SELECT user_id, properties FROM app_user WHERE project_id = ${context.projectId} ORDER BY user_id`;
    expect(users).toEqual([
      {
        user_id: 'proto-user',
        properties: JSON.parse(
          '{"__proto__": [{"tier": "platinum"}, "appended"], "constructor": 1, "prototype": "p", "tier": "gold", "visits": 2}',
        ),
      },
      { user_id: 'seg-proto', properties: bag },
    ]);
  });
});

describe('ingest: times at the edges of the stored range', () => {
  let context: TestServerWithProject;
  beforeAll(async () => {
    // The zone furthest ahead of UTC: 9999-12-31T23:00Z is already 10000-01-01 there.
    context = await startTestServerWithProject({ name: 'Edge times', timeZone: 'Pacific/Kiritimati' });
  });
  afterAll(async () => context?.server.stop());

  it('stores 1970-01-01 and 9999-12-31 from both APIs and reads them back over GraphQL', async () => {
    const latest = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const events = [0, latest].map((time, index) => ({
      event_type: 'Edge',
      user_id: `edge-user-${index}`,
      time,
      groups: { company: 'edge-co' },
    }));
    const amplitude = await fetch(`${context.server.url}/2/httpapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: context.ingestKey, events }),
    });
    expect(amplitude.status).toBe(200);
    const segment = await fetch(`${context.server.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        writeKey: context.ingestKey,
        batch: ['1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'].map((timestamp, index) => ({
          type: 'track',
          event: 'Edge',
          userId: `edge-segment-${index}`,
          timestamp,
          context: { groupId: 'edge-co' },
        })),
      }),
    });
    expect(await segment.json()).toEqual({ success: true, accepted: 2 });
    const rows = await context.query<{ time: Date }>`
      SELECT time FROM event WHERE project_id = ${context.projectId} ORDER BY time, id`;
    expect(rows.map((row) => row.time.getTime())).toEqual([0, 0, latest, latest]);
    const read = await graphql(
      context.server,
      context.secretKey,
      `{ company: group(groupType: "company", value: "edge-co", range: { from: "9999-12-01", to: "9999-12-31" }) {
          summary { events lastSeen } activity { start events } recentEvents(first: 5) { eventType time }
        }
        groups(groupType: "company", first: 5) { totalCount } }`,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.company.recentEvents[0]).toEqual({ eventType: 'Edge', time: '9999-12-31T23:59:59.999Z' });
  });
});

describe('ingest: data the database refuses after validation', () => {
  let context: TestServerWithProject;
  beforeAll(async () => {
    context = await startTestServerWithProject({ name: 'Database refusals' });
    // Stands for a validation gap nobody knows of yet: PostgreSQL itself refuses this event type
    // with a data exception (22P02, invalid input syntax for type integer).
    await context.server.database.prisma.$executeRawUnsafe(
      `ALTER TABLE event ADD CONSTRAINT test_refuses_marked_events CHECK (event_type NOT LIKE 'db-refuses%' OR event_type::int > 0)`,
    );
  });
  afterAll(async () => context?.server.stop());

  it('answers in each API refusal shape, never 500, and keeps the good Segment messages', async () => {
    const events = await context.query<{ count: number }>`SELECT count(*)::int AS count FROM event`;
    const amplitude = await fetch(`${context.server.url}/2/httpapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: context.ingestKey,
        events: [
          { event_type: 'Fine', user_id: 'user-fine' },
          { event_type: 'db-refuses', user_id: 'user-fine' },
        ],
      }),
    });
    expect({ status: amplitude.status, body: await amplitude.json() }).toEqual({
      status: 400,
      body: {
        code: 400,
        error: 'Invalid field values on some events',
        events_with_invalid_fields: { event: [0, 1] },
        events_with_missing_fields: {},
        events_with_invalid_id_lengths: {},
      },
    });
    expect(await context.query`SELECT count(*)::int AS count FROM event`).toEqual(events);

    const segment = await fetch(`${context.server.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        writeKey: context.ingestKey,
        batch: [
          { type: 'identify', userId: 'seg-user', traits: { plan: 'pro' }, messageId: 'r-0' },
          { type: 'track', userId: 'seg-user', event: 'First', messageId: 'r-1' },
          { type: 'track', userId: 'seg-user', event: 'db-refuses', messageId: 'r-2' },
          { type: 'track', userId: 'seg-user', event: 'Last', messageId: 'r-3' },
        ],
      }),
    });
    expect({ status: segment.status, body: await segment.json() }).toEqual({
      status: 200,
      body: {
        success: true,
        accepted: 3,
        rejected: [{ index: 2, reason: expect.stringMatching(/^the database refused this message's data \(.+\)$/) }],
      },
    });
    const stored = await context.query<{ event_type: string }>`
      SELECT event_type FROM event WHERE project_id = ${context.projectId} ORDER BY id`;
    expect(stored.map((row) => row.event_type)).toEqual(['First', 'Last']);
  });
});
