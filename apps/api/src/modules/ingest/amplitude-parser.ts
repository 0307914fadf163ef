// Validates Amplitude HTTP V2 / Batch request bodies and turns their events into NormalizedEvents.
// Problems are reported the way Amplitude's SDKs understand: index maps per field, so the SDK drops
// exactly the bad events and resends the rest (a 400 without index maps makes it resend everything).
import { normalizeOperations } from '../groups/property-operations';
import type { NormalizedEvent } from './normalized-event';
import { inspectJson, withWellFormedStrings } from './json-inspection';
import {
  groupValuesOf,
  infiniteNumbersWarning,
  isIdentity,
  isObject,
  isStorableTime,
  jsonLimits,
  readProperties,
} from './payload-rules';

export const amplitudeInvalidIds = new Set([
  'anonymous',
  'nil',
  'none',
  'null',
  'n/a',
  'na',
  'undefined',
  'unknown',
  '',
  '00000000-0000-0000-0000-000000000000',
  '{}',
  'lmy47d',
  '0',
  '-1',
]);
export const maximumEventsPerAmplitudeRequest = 2000;
export const maximumGroupValuesPerType = 10;

export interface AmplitudeProblems {
  events_with_invalid_fields: Record<string, number[]>;
  events_with_missing_fields: Record<string, number[]>;
  events_with_invalid_id_lengths: Record<string, number[]>;
}

export type AmplitudeParseResult =
  | { ok: true; events: NormalizedEvent[]; warnings: string[] }
  | { ok: false; problems: AmplitudeProblems };

function addIndex(map: Record<string, number[]>, field: string, index: number) {
  const indexes = map[field];
  if (indexes) indexes.push(index);
  else map[field] = [index];
}

function readId(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  return value;
}

/** The property bags an event stores, where lone surrogates are replaced rather than refused. */
const propertyFields = ['event_properties', 'user_properties', 'group_properties'] as const;

/** `options.min_id_length` of an HTTP V2 / Batch request: Amplitude's default is 5. */
export function minimumIdLengthOf(options: unknown): number {
  const requested = isObject(options) ? options.min_id_length : undefined;
  return typeof requested === 'number' && requested >= 1 ? Math.floor(requested) : 5;
}

/**
 * The Identify and Group Identify APIs carry the same operations as `$identify` and
 * `$groupidentify` events, so each identification becomes such an event, timed at receipt.
 */
export function identificationEvents(
  kind: 'identify' | 'groupidentify',
  identifications: unknown[],
  receivedAt: Date,
): unknown[] {
  return identifications.map((item) => {
    if (!isObject(item)) return item;
    if (kind === 'identify') return { ...item, event_type: '$identify', time: receivedAt.getTime() };
    const groupType = item.group_type;
    return {
      event_type: '$groupidentify',
      time: receivedAt.getTime(),
      groups: typeof groupType === 'string' ? { [groupType]: item.group_value } : undefined,
      group_properties: item.group_properties,
    };
  });
}

/** Parses the `events` array of a request whose envelope (api_key, events) was already checked. */
export function parseAmplitudeEvents(
  rawEvents: unknown[],
  options: { minIdLength: number; receivedAt: Date },
): AmplitudeParseResult {
  const problems: AmplitudeProblems = {
    events_with_invalid_fields: {},
    events_with_missing_fields: {},
    events_with_invalid_id_lengths: {},
  };
  const events: NormalizedEvent[] = [];
  const warnings: string[] = [];
  let failed = false;
  const fail = (map: Record<string, number[]>, field: string, index: number) => {
    failed = true;
    addIndex(map, field, index);
  };

  // Each early `return fail(...)` skips one event; the loop below runs it over every event.
  const parseEvent = (original: unknown, index: number) => {
    if (!isObject(original)) return fail(problems.events_with_invalid_fields, 'event', index);
    // Nested too deeply, or holding a NUL (which PostgreSQL's jsonb and text refuse): the event is refused.
    const inspection = inspectJson(original, jsonLimits);
    if (inspection.problem) return fail(problems.events_with_invalid_fields, 'event', index);
    let raw = original;
    const eventType = raw.event_type;
    if (eventType === undefined || eventType === null || eventType === '')
      return fail(problems.events_with_missing_fields, 'event_type', index);
    if (typeof eventType !== 'string' || !isIdentity(eventType))
      return fail(problems.events_with_invalid_fields, 'event_type', index);

    const userId = readId(raw.user_id);
    const deviceIdRaw = readId(raw.device_id);
    if (userId === undefined) return fail(problems.events_with_invalid_fields, 'user_id', index);
    if (deviceIdRaw === undefined) return fail(problems.events_with_invalid_fields, 'device_id', index);
    // Device ids made only of zeros are placeholders from privacy-restricted devices: dropped, not refused.
    const deviceId = deviceIdRaw !== null && /^[0-]+$/.test(deviceIdRaw) && deviceIdRaw.length > 1 ? null : deviceIdRaw;
    let badId = false;
    for (const [field, value] of [
      ['user_id', userId],
      ['device_id', deviceId],
    ] as const) {
      if (value === null) continue;
      if (amplitudeInvalidIds.has(value.toLowerCase()) || !isIdentity(value)) {
        fail(problems.events_with_invalid_fields, field, index);
        badId = true;
      } else if (value.length < options.minIdLength) {
        fail(problems.events_with_invalid_id_lengths, field, index);
        badId = true;
      }
    }
    if (badId) return;

    let time = options.receivedAt;
    if (raw.time !== undefined && raw.time !== null) {
      if (typeof raw.time !== 'number' || !isStorableTime(raw.time))
        return fail(problems.events_with_invalid_fields, 'time', index);
      time = new Date(Math.trunc(raw.time));
    }
    let sessionId: number | null = null;
    if (raw.session_id !== undefined && raw.session_id !== null) {
      if (typeof raw.session_id !== 'number' || !Number.isSafeInteger(raw.session_id))
        return fail(problems.events_with_invalid_fields, 'session_id', index);
      sessionId = raw.session_id === -1 ? null : raw.session_id;
    }
    let insertId: string | null = null;
    if (raw.insert_id !== undefined && raw.insert_id !== null) {
      if (typeof raw.insert_id !== 'string' || !isIdentity(raw.insert_id))
        return fail(problems.events_with_invalid_fields, 'insert_id', index);
      insertId = raw.insert_id;
    }
    for (const field of ['event_properties', 'user_properties', 'groups', 'group_properties'] as const) {
      const value = raw[field];
      if (value !== undefined && value !== null && !isObject(value))
        return fail(problems.events_with_invalid_fields, field, index);
    }

    const groups = groupValuesOf(raw.groups, maximumGroupValuesPerType, (message) =>
      warnings.push(`event ${index}: ${message}`),
    );
    if (groups === undefined) return fail(problems.events_with_invalid_fields, 'groups', index);
    // Identities are valid from here on; lone surrogates left in property keys or values are
    // replaced with U+FFFD (PostgreSQL refuses them): the event is worth more than one character.
    if (
      inspection.loneSurrogates &&
      propertyFields.some((field) => inspectJson(raw[field], jsonLimits).loneSurrogates)
    ) {
      raw = { ...raw };
      for (const field of propertyFields) raw[field] = withWellFormedStrings(raw[field]);
      warnings.push(`event ${index}: lone UTF-16 surrogates in property keys or values were replaced with U+FFFD`);
    }
    if (
      inspection.infiniteNumbers &&
      propertyFields.some((field) => inspectJson(raw[field], jsonLimits).infiniteNumbers)
    )
      warnings.push(`event ${index}: ${infiniteNumbersWarning}`);
    const isGroupIdentify = eventType === '$groupidentify';
    const isIdentify = eventType === '$identify';
    if (userId === null && deviceId === null && !isGroupIdentify && groups.length === 0) {
      // Organisation-level events may omit both ids, but then they must name a group.
      return fail(problems.events_with_missing_fields, 'user_id', index);
    }

    const userPropertyOperations = raw.user_properties ? normalizeOperations(raw.user_properties) : null;
    const event: NormalizedEvent = {
      index,
      kind: isIdentify || isGroupIdentify ? 'identify' : 'event',
      eventType,
      time,
      userId,
      deviceId,
      sessionId,
      insertId,
      dedupKey: insertId === null ? null : `a:${deviceId ?? userId ?? ''}:${insertId}`,
      properties: readProperties(raw.event_properties),
      userPropertyOperations: isGroupIdentify ? null : userPropertyOperations,
      eventGroups: isIdentify || isGroupIdentify ? [] : groups,
      userGroups: isIdentify
        ? groups.map((group) => ({ type: group.type, value: group.values[group.values.length - 1]! }))
        : [],
      groupPropertyUpdates: [],
    };
    if (isGroupIdentify) {
      const operations = normalizeOperations(raw.group_properties ?? {});
      if (groups.length === 0) return fail(problems.events_with_missing_fields, 'groups', index);
      if (operations) {
        for (const group of groups)
          for (const value of group.values) event.groupPropertyUpdates.push({ type: group.type, value, operations });
      }
    }
    events.push(event);
  };
  for (const [index, raw] of rawEvents.entries()) parseEvent(raw, index);
  return failed ? { ok: false, problems } : { ok: true, events, warnings };
}
