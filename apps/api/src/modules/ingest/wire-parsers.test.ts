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
