// What ingest tells the server's metrics: events stored and duplicates per API, and refusals by a
// reason from a fixed list. Refusal messages name values (a message type, a size, a trait), so
// they are mapped to short codes here: a metric label must take few distinct values.
import type { AmplitudeProblems } from './amplitude-parser';
import type { WireIngestOutcome } from './ingest.service';
import type { WireRequest } from './wire-parsers';

export interface IngestObserver {
  ingestAccepted(api: WireRequest['format'], stored: number, duplicates: number): void;
  ingestRefused(api: WireRequest['format'], reason: string, count: number): void;
}

const problemKinds: [keyof AmplitudeProblems, string][] = [
  ['events_with_invalid_fields', 'invalid'],
  ['events_with_missing_fields', 'missing'],
  ['events_with_invalid_id_lengths', 'id_length'],
];

export function reportOutcome(observer: IngestObserver, api: WireRequest['format'], outcome: WireIngestOutcome): void {
  if (!outcome.ok) {
    // Field names come from the parser's own list (event_type, user_id, time, …): a bounded set.
    for (const [kind, prefix] of problemKinds)
      for (const [field, indexes] of Object.entries(outcome.problems[kind]))
        observer.ingestRefused(api, `${prefix}_${field}`, indexes.length);
    return;
  }
  observer.ingestAccepted(api, outcome.result.ingested, outcome.result.duplicates);
  const reasons = new Map<string, number>();
  for (const { reason } of outcome.rejected) {
    const code = refusalCode(reason);
    reasons.set(code, (reasons.get(code) ?? 0) + 1);
  }
  for (const [reason, count] of reasons) observer.ingestRefused(api, reason, count);
}

// First match wins; the order puts the specific causes before the field they concern.
const refusalCodes: [RegExp, string][] = [
  [/lone UTF-16 surrogate/, 'lone_surrogate'],
  [/bytes: the limit is|too large/, 'too_large'],
  [/nested|NUL|infinite|not finite/i, 'unstorable'],
  [/database refused/, 'refused_by_database'],
  [/must be a JSON object/, 'not_an_object'],
  [/^unknown message type/, 'unknown_type'],
  [/^timestamp/, 'invalid_time'],
  [/^(userId|anonymousId)/, 'invalid_identity'],
  [/^messageId/, 'invalid_message_id'],
  [/is required/, 'missing_identity'],
  [/groupId|^traits\./, 'invalid_group'],
  [/^integrations\./, 'invalid_groups'],
  [/event name|^name /, 'invalid_event_name'],
];

/** The short code of a refusal message (`other` for a message no rule names yet). */
export function refusalCode(reason: string): string {
  for (const [pattern, code] of refusalCodes) if (pattern.test(reason)) return code;
  return 'other';
}
