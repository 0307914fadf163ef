// What each ingest API means, behind the one entry point (the HTTP routes only decode and answer).
// Expected values follow the Amplitude Identify / Group Identify and Segment contracts by hand.
import { describe, expect, it } from 'vitest';
import { parseWireRequest, type WireRequest } from './wire-parsers';

const project = { segmentGroupTypeTrait: 'group_type', segmentGroupValueTrait: null };
const receivedAt = new Date('2026-03-02T10:00:00.000Z');

describe('parseWireRequest', () => {
  it('reads a Group Identify identification as a $groupidentify of that group, timed at receipt', () => {
    const identification = { group_type: 'company', group_value: 'acme', group_properties: { $set: { plan: 'Pro' } } };
    const request: WireRequest = { format: 'amplitude-group-identify', identifications: [identification] };
    const parsed = parseWireRequest(request, project, receivedAt);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rejected).toEqual([]);
    expect(parsed.events).toHaveLength(1);
    expect(parsed.events[0]).toMatchObject({
      kind: 'identify',
      eventType: '$groupidentify',
      time: receivedAt,
      userId: null,
      groupPropertyUpdates: [{ type: 'company', value: 'acme', operations: { $set: { plan: 'Pro' } } }],
    });
  });

  it('reads an Identify identification as an $identify of that person, its groups user-level', () => {
    const parsed = parseWireRequest(
      { format: 'amplitude-identify', identifications: [{ user_id: 'ann@acme.example', groups: { company: 'acme' } }] },
      project,
      receivedAt,
    );
    expect(parsed.ok && parsed.events[0]).toMatchObject({
      kind: 'identify',
      eventType: '$identify',
      time: receivedAt,
      userId: 'ann@acme.example',
      userGroups: [{ type: 'company', value: 'acme' }],
    });
  });

  it('applies min_id_length from the request options (Amplitude default 5)', () => {
    const event = { event_type: 'Report Created', user_id: 'abc', time: receivedAt.getTime() };
    expect(parseWireRequest({ format: 'amplitude-events', events: [event] }, project, receivedAt)).toMatchObject({
      ok: false,
      problems: { events_with_invalid_id_lengths: { user_id: [0] } },
    });
    const shorterIds: WireRequest = { format: 'amplitude-events', events: [event], options: { min_id_length: 3 } };
    expect(parseWireRequest(shorterIds, project, receivedAt).ok).toBe(true);
  });

  it('refuses a Segment message over 32 KB alone and keeps the rest of the batch', () => {
    const small = { type: 'track', event: 'Report Created', userId: 'ann' };
    const blob = 'x'.repeat(33 * 1024);
    const large = { type: 'track', event: 'Report Created', userId: 'bob', properties: { blob } };
    const parsed = parseWireRequest({ format: 'segment-batch', batch: [small, large] }, project, receivedAt);
    expect(parsed.ok && parsed.events.map((event) => event.userId)).toEqual(['ann']);
    expect(parsed.ok && parsed.rejected.map((rejection) => rejection.index)).toEqual([1]);
  });

  it('takes the type of a single Segment call from its endpoint', () => {
    const message = { event: 'Report Created', userId: 'ann' };
    const parsed = parseWireRequest({ format: 'segment-call', type: 'track', message }, project, receivedAt);
    const read = parsed.ok ? parsed.events.map((event) => [event.kind, event.eventType, event.userId]) : null;
    expect(read).toEqual([['event', 'Report Created', 'ann']]);
  });
});

describe('parseWireRequest: bad input refused per message, never thrown', () => {
  /** Built without recursion: the value a JSON.parse of a 10,000-deep message gives. */
  function deep(levels: number): unknown {
    let value: unknown = 1;
    for (let level = 0; level < levels; level++) value = { a: value };
    return value;
  }

  it('refuses a Segment message nested 10,000 deep and keeps the good one of its batch', () => {
    const good = { type: 'track', userId: 'ann', event: 'Signed In', messageId: 'm-1' };
    const parsed = parseWireRequest(
      { format: 'segment-batch', batch: [{ ...good, messageId: 'm-0', properties: deep(10_000) }, good] },
      project,
      receivedAt,
    );
    expect(parsed).toMatchObject({
      ok: true,
      rejected: [{ index: 0, reason: 'message is nested more than 40 levels deep' }],
      events: [{ index: 1, eventType: 'Signed In', insertId: 'm-1' }],
    });
  });

  it('refuses Segment timestamps PostgreSQL cannot store, and identities with lone surrogates', () => {
    const batch = [
      { type: 'track', userId: 'ann', event: 'A', timestamp: '+010000-01-01T00:00:00Z' },
      { type: 'track', userId: 'ann', event: 'A', timestamp: '+275760-09-13T00:00:00.000Z' },
      { type: 'track', userId: 'ann', event: 'A', timestamp: '-000050-01-01T00:00:00Z' },
      { type: 'track', userId: 'ann', event: 'A', originalTimestamp: '1969-12-31T23:59:59.999Z' },
      { type: 'track', userId: 'ann\ud800', event: 'A' },
      { type: 'group', userId: 'ann', groupId: 'acme\udc00' },
      {
        type: 'track',
        userId: 'ann',
        event: 'A',
        timestamp: '9999-12-31T23:59:59.999Z',
        properties: { 'k\ud800': 'v\ud800' },
      },
    ];
    const parsed = parseWireRequest({ format: 'segment-batch', batch }, project, receivedAt);
    if (!parsed.ok) throw new Error('Segment requests never fail whole');
    const time = 'timestamp must be an ISO-8601 date from 1970-01-01 to 9999-12-31';
    expect(parsed.rejected).toEqual([
      { index: 0, reason: time },
      { index: 1, reason: time },
      { index: 2, reason: time },
      { index: 3, reason: time },
      { index: 4, reason: 'userId contains a lone UTF-16 surrogate' },
      { index: 5, reason: 'groupId contains a lone UTF-16 surrogate' },
    ]);
    expect(parsed.events).toHaveLength(1);
    expect({ ...parsed.events[0]!.properties }).toEqual({ 'k\ufffd': 'v\ufffd' });
    expect(parsed.warnings).toEqual([
      'message 6: lone UTF-16 surrogates in property keys or values were replaced with U+FFFD',
    ]);
  });

  it('answers Amplitude events nested 10,000 deep or timed at year 10000 with index maps', () => {
    const good = { event_type: 'A', user_id: 'user-1' };
    const parsed = parseWireRequest(
      {
        format: 'amplitude-events',
        events: [
          good,
          { ...good, event_properties: deep(10_000) },
          { ...good, time: Date.UTC(10000, 0, 1) },
          { ...good, groups: { company: 'acme\ud800' } },
        ],
      },
      project,
      receivedAt,
    );
    expect(parsed).toEqual({
      ok: false,
      problems: {
        events_with_invalid_fields: { event: [1], time: [2], groups: [3] },
        events_with_missing_fields: {},
        events_with_invalid_id_lengths: {},
      },
    });
  });
});
