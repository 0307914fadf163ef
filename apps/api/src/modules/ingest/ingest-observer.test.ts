import { describe, expect, it } from 'vitest';
import { refusalCode, reportOutcome, type IngestObserver } from './ingest-observer';
import { parseSegmentMessages } from './segment-parser';

const settings = { groupTypeTrait: 'group_type', groupValueTrait: null };
const receivedAt = new Date(Date.UTC(2026, 10, 20));
const deep = JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`);

// One message for each way the Segment parser refuses: every reason it gives must have a code,
// so a metric never hides a new refusal under `other`.
const refusedMessages: unknown[] = [
  'not an object',
  { type: 'explode', userId: 'u' },
  { type: 'track', event: 'x', userId: 'u', properties: { big: 'x'.repeat(40_000) } },
  { type: 'track', event: 'x', userId: 'u', properties: deep },
  { type: 'track', event: 'x', userId: 'u', properties: { nul: 'a\u0000b' } },
  { type: 'track', event: 'x', userId: 'u\ud800' },
  { type: 'track', event: 'x', userId: { id: 1 } },
  { type: 'track', event: 'x', anonymousId: ['a'] },
  { type: 'track', event: 'x', userId: 'u', timestamp: 'yesterday' },
  { type: 'track', event: 'x', userId: 'u', messageId: 42 },
  { type: 'track', event: 'x' },
  { type: 'track', userId: 'u' },
  { type: 'group', userId: 'u' },
  { type: 'track', event: 'x', userId: 'u', integrations: { Amplitude: { groups: 'acme' } } },
];

describe('refusal codes', () => {
  it('names every refusal of the Segment parser', () => {
    const parsed = parseSegmentMessages(
      refusedMessages.map((message) => ({ message })),
      {},
      settings,
      receivedAt,
    );
    expect(parsed.rejected).toHaveLength(refusedMessages.length);
    const codes = parsed.rejected.map(({ reason }) => [reason, refusalCode(reason)]);
    expect(codes.filter(([, code]) => code === 'other')).toEqual([]);
  });

  it('reports Amplitude refusals per field and Segment ones per code, with the stored and duplicate counts', () => {
    const calls: unknown[][] = [];
    const observer: IngestObserver = {
      ingestAccepted: (...values) => calls.push(['accepted', ...values]),
      ingestRefused: (...values) => calls.push(['refused', ...values]),
    };
    reportOutcome(observer, 'amplitude-events', {
      ok: false,
      problems: {
        events_with_invalid_fields: { time: [0, 3] },
        events_with_missing_fields: { event_type: [1] },
        events_with_invalid_id_lengths: { device_id: [2] },
      },
    });
    reportOutcome(observer, 'segment-batch', {
      ok: true,
      result: { ingested: 5, duplicates: 1, warnings: [], partiallyRefused: [] },
      rejected: [
        { index: 1, reason: 'unknown message type "x"' },
        { index: 2, reason: 'userId contains a lone UTF-16 surrogate' },
        { index: 3, reason: 'unknown message type "y"' },
      ],
    });
    expect(calls).toEqual([
      ['refused', 'amplitude-events', 'invalid_time', 2],
      ['refused', 'amplitude-events', 'missing_event_type', 1],
      ['refused', 'amplitude-events', 'id_length_device_id', 1],
      ['accepted', 'segment-batch', 5, 1],
      ['refused', 'segment-batch', 'unknown_type', 2],
      ['refused', 'segment-batch', 'lone_surrogate', 1],
    ]);
  });
});
