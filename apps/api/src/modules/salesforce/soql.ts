// SOQL text for the sync. Values are always escaped string literals; field and object names are
// never escaped but checked against a strict pattern, so nothing a user types becomes SOQL syntax.

/** An API name (Account, Industry, Customer_Id__c) or a relationship path (Owner.Name). */
const fieldPathPattern = /^[A-Za-z][A-Za-z0-9_]{0,79}(\.[A-Za-z][A-Za-z0-9_]{0,79}){0,4}$/;
const objectNamePattern = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
/** Salesforce record ids: 15 case-sensitive characters, or 18 with a case-safe suffix. */
const recordIdPattern = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
/** Suffix character n says which of five id characters are upper case (bit i: character i). */
const caseSuffixCharacters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export function isValidFieldPath(field: string): boolean {
  return fieldPathPattern.test(field);
}

export function isValidObjectName(name: string): boolean {
  return objectNamePattern.test(name);
}

/**
 * The case-sensitive 15-character id a value names, or null when Salesforce would refuse it. The
 * 18-character form is case-insensitive: its suffix restores the case of the first 15, and a
 * suffix that marks a digit as upper case (or uses 6–9) belongs to no id; Salesforce refuses a
 * whole query over one such value.
 */
export function recordIdKey(value: string): string | null {
  if (!recordIdPattern.test(value)) return null;
  if (value.length === 15) return value;
  let key = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    const flags = caseSuffixCharacters.indexOf(value[15 + chunk]!.toUpperCase());
    if (flags < 0) return null;
    for (let position = 0; position < 5; position += 1) {
      const character = value[chunk * 5 + position]!;
      const upper = (flags >> position) & 1;
      if (upper && !/[A-Za-z]/.test(character)) return null;
      key += upper ? character.toUpperCase() : character.toLowerCase();
    }
  }
  return key;
}

export function isRecordId(value: string): boolean {
  return recordIdKey(value) !== null;
}

const escapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A quoted SOQL string literal with every reserved character escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (character) => escapes[character]!)}'`;
}

export interface SoqlQueryShape {
  objectName: string;
  matchField: string;
  /** Fields to read besides the match field (duplicates are removed). */
  fields: string[];
}

export function selectClause(shape: SoqlQueryShape): string {
  const fields = [...new Set([shape.matchField, ...shape.fields])];
  for (const field of fields) {
    if (!isValidFieldPath(field)) throw new RangeError(`Invalid Salesforce field name: "${field}"`);
  }
  if (!isValidObjectName(shape.objectName))
    throw new RangeError(`Invalid Salesforce object name: "${shape.objectName}"`);
  return `SELECT ${fields.join(', ')} FROM ${shape.objectName}`;
}

export function buildMatchQuery(shape: SoqlQueryShape, values: string[]): string {
  return `${selectClause(shape)} WHERE ${shape.matchField} IN (${values.map(soqlString).join(', ')})`;
}

export interface ChunkLimits {
  /** Values per IN list. */
  maximumValues: number;
  /** Bound on the URL-encoded query: the query travels in a GET URL, which Salesforce caps at 16 KB. */
  maximumEncodedLength: number;
}

export const defaultChunkLimits: ChunkLimits = { maximumValues: 200, maximumEncodedLength: 12_000 };

/**
 * Splits the values into IN lists that respect both limits. A single value too long for any
 * query is returned in `tooLong` (it cannot match a Salesforce field anyway).
 */
export function chunkValues(
  shape: SoqlQueryShape,
  values: string[],
  limits: ChunkLimits = defaultChunkLimits,
): { chunks: string[][]; tooLong: string[] } {
  const baseLength = encodeURIComponent(`${selectClause(shape)} WHERE ${shape.matchField} IN ()`).length;
  const separatorLength = encodeURIComponent(', ').length;
  const chunks: string[][] = [];
  const tooLong: string[] = [];
  let current: string[] = [];
  let currentLength = baseLength;
  for (const value of values) {
    const length = encodeURIComponent(soqlString(value)).length;
    if (baseLength + length > limits.maximumEncodedLength) {
      tooLong.push(value);
      continue;
    }
    const added = (current.length ? separatorLength : 0) + length;
    if (current.length >= limits.maximumValues || currentLength + added > limits.maximumEncodedLength) {
      chunks.push(current);
      current = [];
      currentLength = baseLength;
    }
    currentLength += (current.length ? separatorLength : 0) + length;
    current.push(value);
  }
  if (current.length) chunks.push(current);
  return { chunks, tooLong };
}
