// Limits and checks shared by the Amplitude and Segment parsers.

/** Amplitude truncates nothing silently that we store: longer strings are refused per event. */
export const maximumStringLength = 1024;
export const maximumNestingDepth = 40;
export const maximumGroupTypesPerEvent = 5;

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * True when a value cannot be stored: nested deeper than Amplitude allows, or holding a NUL
 * character, which PostgreSQL's jsonb refuses (it would fail the whole transaction later).
 */
export function isUnstorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > maximumNestingDepth) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((child) => isUnstorable(child, depth + 1));
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000') || isUnstorable(child, depth + 1)) return true;
  }
  return false;
}

export function readProperties(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function groupValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 && value.length <= maximumStringLength ? value : undefined;
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
    if (!type || type.length > maximumStringLength) return undefined;
    const rawValues = Array.isArray(rawValue) ? rawValue : [rawValue];
    const values: string[] = [];
    for (const item of rawValues) {
      if (item === null || item === undefined) continue;
      const value = groupValue(item);
      if (value === undefined) return undefined;
      if (!values.includes(value)) values.push(value);
    }
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
