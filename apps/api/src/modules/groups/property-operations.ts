// Amplitude's property operations, applied to a property bag (user or group properties).
// Plain keys are treated as `$set` (Amplitude refuses to mix them with operations; being lenient
// loses nothing). Operations apply in a fixed order so one call is deterministic:
// $clearAll, $unset, $setOnce, $set, $add, $append, $prepend, $preInsert, $postInsert, $remove.

export type PropertyBag = Record<string, unknown>;

/**
 * A property bag without a prototype: `__proto__`, `constructor` and `prototype` are plain keys in
 * it (on a plain object `bag.__proto__ = value` would replace its prototype and lose the value,
 * and `'constructor' in bag` would be true before anything was set).
 */
export const emptyBag = (): PropertyBag => Object.create(null) as PropertyBag;
const bagOf = (source: object): PropertyBag => Object.assign(emptyBag(), source);

export interface PropertyChange {
  key: string;
  /** The value after the change; undefined when the key was removed. */
  value: unknown;
  operation: string;
}

export interface AppliedOperations {
  properties: PropertyBag;
  changes: PropertyChange[];
  /** Human-readable notes about parts that were ignored (e.g. `$add` with a non-number). */
  warnings: string[];
}

export const propertyOperationNames = [
  '$clearAll',
  '$unset',
  '$setOnce',
  '$set',
  '$add',
  '$append',
  '$prepend',
  '$preInsert',
  '$postInsert',
  '$remove',
] as const;
type OperationName = (typeof propertyOperationNames)[number];

const isOperation = (key: string): key is OperationName => (propertyOperationNames as readonly string[]).includes(key);

function isPlainObject(value: unknown): value is PropertyBag {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a `user_properties` / `group_properties` object into operations; plain keys become `$set`. */
export function normalizeOperations(input: unknown): Partial<Record<OperationName, PropertyBag>> | null {
  if (!isPlainObject(input)) return null;
  const operations: Partial<Record<OperationName, PropertyBag>> = {};
  // Bags filled in place (spreading the bag again for each key would cost keys² on a large object).
  const bagFor = (name: OperationName): PropertyBag => {
    const bag = operations[name] ?? emptyBag();
    operations[name] = bag;
    return bag;
  };
  for (const [key, value] of Object.entries(input)) {
    if (isOperation(key)) {
      if (key === '$clearAll') operations.$clearAll = emptyBag();
      else if (isPlainObject(value)) Object.assign(bagFor(key), value);
    } else if (!key.startsWith('$')) {
      bagFor('$set')[key] = value;
    }
  }
  return operations;
}

/** Every key an operation set would write (not counting removals), for the distinct-key limit. */
export function keysWritten(operations: Partial<Record<OperationName, PropertyBag>>): string[] {
  const keys = new Set<string>();
  for (const name of ['$setOnce', '$set', '$add', '$append', '$prepend', '$preInsert', '$postInsert'] as const) {
    for (const key of Object.keys(operations[name] ?? {})) keys.add(key);
  }
  return [...keys];
}

export function withoutKeys(operations: Partial<Record<OperationName, PropertyBag>>, refused: Set<string>) {
  if (!refused.size) return operations;
  const filtered: Partial<Record<OperationName, PropertyBag>> = {};
  for (const [name, bag] of Object.entries(operations) as [OperationName, PropertyBag][]) {
    filtered[name] =
      name === '$clearAll' || name === '$unset' || name === '$remove'
        ? bag
        : bagOf(Object.fromEntries(Object.entries(bag).filter(([key]) => !refused.has(key))));
  }
  return filtered;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const currentList = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
const sameValue = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);
/** Items absent from a list, compared as JSON through a Set: two lists of 100,000 items cost 200,000 steps, not 10¹⁰. */
const itemsNotIn = (list: unknown[], items: unknown[]) => {
  const present = new Set(list.map((item) => JSON.stringify(item)));
  return items.filter((item) => !present.has(JSON.stringify(item)));
};

export function applyPropertyOperations(
  current: PropertyBag,
  operations: Partial<Record<OperationName, PropertyBag>>,
): AppliedOperations {
  const properties = bagOf(current);
  const has = (key: string) => Object.hasOwn(properties, key);
  const changes: PropertyChange[] = [];
  const warnings: string[] = [];
  const write = (key: string, value: unknown, operation: string) => {
    if (value === undefined) {
      if (!has(key)) return;
      delete properties[key];
    } else {
      if (has(key) && sameValue(properties[key], value)) return;
      properties[key] = value;
    }
    changes.push({ key, value, operation });
  };

  if (operations.$clearAll) for (const key of Object.keys(properties)) write(key, undefined, '$clearAll');
  for (const key of Object.keys(operations.$unset ?? {})) write(key, undefined, '$unset');
  for (const [key, value] of Object.entries(operations.$setOnce ?? {})) if (!has(key)) write(key, value, '$setOnce');
  for (const [key, value] of Object.entries(operations.$set ?? {})) write(key, value, '$set');
  for (const [key, value] of Object.entries(operations.$add ?? {})) {
    const increment = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof increment !== 'number' || !Number.isFinite(increment)) {
      warnings.push(`$add on "${key}" ignored: the value must be a number.`);
      continue;
    }
    const base = typeof properties[key] === 'number' ? (properties[key] as number) : Number(properties[key] ?? 0);
    const sum = (Number.isFinite(base) ? base : 0) + increment;
    // JSON has no Infinity: it would be stored as null.
    if (!Number.isFinite(sum)) {
      warnings.push(`$add on "${key}" ignored: the sum is too large for a number.`);
      continue;
    }
    write(key, sum, '$add');
  }
  for (const [key, value] of Object.entries(operations.$append ?? {}))
    write(key, [...currentList(properties[key]), ...asList(value)], '$append');
  for (const [key, value] of Object.entries(operations.$prepend ?? {}))
    write(key, [...asList(value), ...currentList(properties[key])], '$prepend');
  for (const [key, value] of Object.entries(operations.$preInsert ?? {})) {
    const list = currentList(properties[key]);
    const missing = itemsNotIn(list, asList(value));
    if (missing.length) write(key, [...missing, ...list], '$preInsert');
  }
  for (const [key, value] of Object.entries(operations.$postInsert ?? {})) {
    const list = currentList(properties[key]);
    const missing = itemsNotIn(list, asList(value));
    if (missing.length) write(key, [...list, ...missing], '$postInsert');
  }
  for (const [key, value] of Object.entries(operations.$remove ?? {})) {
    if (!has(key)) continue;
    write(key, itemsNotIn(asList(value), currentList(properties[key])), '$remove');
  }
  return { properties, changes, warnings };
}
