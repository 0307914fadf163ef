// How a Salesforce record becomes group properties, and how records find their groups.
import type { SalesforceRecord } from './salesforce-client';
import type { FieldMapping } from './salesforce-sync.repository';
import { recordIdKey } from './soql';

export interface PropertyMapping {
  nameField: string | null;
  /** The group type's name property, which the name field writes. */
  nameProperty: string;
  fieldMappings: FieldMapping[];
}

/** Strips jsforce's `attributes` (type and URL of each record) from nested relationship objects. */
function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'attributes')
        .map(([key, inner]) => [key, plainValue(inner)]),
    );
  }
  return value;
}

/**
 * Reads `Owner.Name` through relationship objects. Undefined means Salesforce sent no such field;
 * null means it is empty (or the relationship is). Names compare case-insensitively: SOQL accepts
 * `owner.name` and answers with Salesforce's own spelling (`Owner`, `Name`).
 */
export function readField(record: SalesforceRecord, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null) return null;
    if (typeof current !== 'object') return undefined;
    const entries = Object.entries(current);
    const entry =
      entries.find(([key]) => key === part) ?? entries.find(([key]) => key.toLowerCase() === part.toLowerCase());
    if (!entry) return undefined;
    current = entry[1];
  }
  return plainValue(current);
}

/**
 * The key a value is matched on. Record ids compare on their case-sensitive 15-character form (a
 * group may hold either form, the 18-character one in any case); other fields compare
 * case-insensitively, as SOQL's IN does.
 */
export function matchKey(value: unknown, matchField: string): string | null {
  if (value === null || value === undefined || typeof value === 'object') return null;
  const text = String(value);
  return matchField === 'Id' ? recordIdKey(text) : text.toLowerCase();
}

/** `$set` for values, `$unset` for fields that are empty in Salesforce; missing fields are left alone. */
export function operationsFromRecord(
  record: SalesforceRecord,
  mapping: PropertyMapping,
): { $set: Record<string, unknown>; $unset: Record<string, '-'> } {
  const targets: [string, string][] = [
    ...(mapping.nameField ? ([[mapping.nameField, mapping.nameProperty]] as [string, string][]) : []),
    ...mapping.fieldMappings.map((field): [string, string] => [field.field, field.property]),
  ];
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, '-'> = {};
  for (const [field, property] of targets) {
    const value = readField(record, field);
    if (value === undefined) continue;
    if (value === null) $unset[property] = '-';
    else $set[property] = value;
  }
  return { $set, $unset };
}

const sameValue = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);

/** Whether applying the operations would change the group's current properties. */
export function changesProperties(
  current: Record<string, unknown>,
  operations: { $set: Record<string, unknown>; $unset: Record<string, '-'> },
): boolean {
  return (
    Object.entries(operations.$set).some(([key, value]) => !(key in current) || !sameValue(current[key], value)) ||
    Object.keys(operations.$unset).some((key) => key in current)
  );
}
