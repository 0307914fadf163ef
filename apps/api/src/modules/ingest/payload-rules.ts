// Limits and checks shared by the Amplitude and Segment parsers.

/** Amplitude truncates nothing silently that we store: longer strings are refused per event. */
export const maximumStringLength = 1024;
/**
 * Identities (event types, user, device and insert ids, group types and values) are also kept
 * under 1024 bytes in UTF-8: PostgreSQL indexes them, and a btree entry holds at most 2704 bytes
 * (1024 characters of CJK text are 3072 bytes; a dedup key joins a device id and an insert id).
 */
export const maximumIdentityBytes = 1024;
export const maximumNestingDepth = 40;
export const maximumGroupTypesPerEvent = 5;

/**
 * Event times leadmaps stores: from 1970-01-01 to 9999-12-31 (UTC). JavaScript dates reach year
 * 275760 and PostgreSQL's timestamptz 294276, but neither writes nor reads years past 9999 in the
 * ISO form the other understands (`+010000-01-01T…` is refused by PostgreSQL), and Amplitude's
 * `time` is milliseconds since 1970, never negative.
 */
export const earliestEventTime = 0;
export const latestEventTime = Date.UTC(10000, 0, 1) - 1;
export const eventTimeRange = '1970-01-01 to 9999-12-31';

export const isStorableTime = (milliseconds: number) =>
  Number.isFinite(milliseconds) && milliseconds >= earliestEventTime && milliseconds <= latestEventTime;

/** JSON has no Infinity: a property holding `1e400` is stored as null, and the answer says so. */
export const infiniteNumbersWarning = 'numbers beyond the range of a double were stored as null';

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for a string usable as an identity: well-formed UTF-16, at most 1024 characters and 1024 bytes. */
export const isIdentity = (value: string) =>
  value.length <= maximumStringLength &&
  value.isWellFormed() &&
  (value.length * 3 <= maximumIdentityBytes || Buffer.byteLength(value) <= maximumIdentityBytes);

/** The walk over each Amplitude event: depth only (the request body's size limits the rest). */
export const jsonLimits = { maximumDepth: maximumNestingDepth, maximumBytes: Number.POSITIVE_INFINITY };

export function readProperties(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function groupValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 && isIdentity(value) ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Reads `{type: value | [values]}`. Returns undefined when the shape is wrong. Values past the
 * per-type limit and types past five per event are ignored (as Amplitude does) and reported.
 */
export function groupValuesOf(
  raw: unknown,
  maximumValues: number,
  warn: (message: string) => void,
): { type: string; values: string[] }[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const groups: { type: string; values: string[] }[] = [];
  for (const [type, rawValue] of Object.entries(raw as Record<string, unknown>)) {
    if (!type || !isIdentity(type)) return undefined;
    const rawValues = Array.isArray(rawValue) ? rawValue : [rawValue];
    // A Set: a list of 100,000 values must not cost 100,000² comparisons.
    const distinct = new Set<string>();
    for (const item of rawValues) {
      if (item === null || item === undefined) continue;
      const value = groupValue(item);
      if (value === undefined) return undefined;
      distinct.add(value);
    }
    const values = [...distinct];
    if (!values.length) continue;
    if (values.length > maximumValues)
      warn(`group type "${type}" has ${values.length} values: only the first ${maximumValues} are kept.`);
    if (groups.length === maximumGroupTypesPerEvent) {
      warn(`more than ${maximumGroupTypesPerEvent} group types on one event: "${type}" ignored.`);
      continue;
    }
    groups.push({ type, values: values.slice(0, maximumValues) });
  }
  return groups;
}
