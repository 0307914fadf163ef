import { describe, expect, it } from 'vitest';
import { applyPropertyOperations, keysWritten, normalizeOperations, withoutKeys } from './property-operations';

const apply = (current: Record<string, unknown>, input: unknown) =>
  applyPropertyOperations(current, normalizeOperations(input)!);

describe('property operations', () => {
  it('treats plain keys as $set and records only real changes', () => {
    const result = apply({ plan: 'pro' }, { plan: 'pro', seats: 5 });
    expect(result.properties).toEqual({ plan: 'pro', seats: 5 });
    expect(result.changes).toEqual([{ key: 'seats', value: 5, operation: '$set' }]);
  });

  it('applies every operation the SDKs send', () => {
    const result = apply(
      { trial: true, seats: 2, features: 'sso', tags: ['b'], removable: ['x', 'y'], created_at: '2019-01-01' },
      {
        $set: { plan: 'enterprise' },
        $setOnce: { created_at: '2020-01-01', region: 'eu' },
        $add: { seats: 5 },
        $append: { features: 'audit' },
        $prepend: { tags: 'vip' },
        $preInsert: { tags: 'b' },
        $postInsert: { tags: 'z' },
        $remove: { removable: 'x' },
        $unset: { trial: '-' },
      },
    );
    expect(result.properties).toEqual({
      plan: 'enterprise',
      created_at: '2019-01-01',
      region: 'eu',
      seats: 7,
      features: ['sso', 'audit'],
      tags: ['vip', 'b', 'z'],
      removable: ['y'],
    });
    expect(result.changes.map((change) => change.operation)).toEqual([
      '$unset',
      '$setOnce',
      '$set',
      '$add',
      '$append',
      '$prepend',
      '$postInsert',
      '$remove',
    ]);
  });

  it('clears everything with $clearAll before other operations', () => {
    const result = apply({ a: 1, b: 2 }, { $clearAll: '-', $set: { c: 3 } });
    expect(result.properties).toEqual({ c: 3 });
    expect(result.changes.filter((change) => change.operation === '$clearAll')).toHaveLength(2);
  });

  it('ignores $add with a non-number and says so', () => {
    const result = apply({ seats: 1 }, { $add: { seats: 'many' } });
    expect(result.properties).toEqual({ seats: 1 });
    expect(result.warnings[0]).toContain('seats');
  });

  it('lists written keys and can drop refused ones', () => {
    const operations = normalizeOperations({ $set: { a: 1, b: 2 }, $unset: { c: '-' } })!;
    expect(keysWritten(operations).sort()).toEqual(['a', 'b']);
    expect(applyPropertyOperations({ c: 1 }, withoutKeys(operations, new Set(['b']))).properties).toEqual({ a: 1 });
  });

  it('rejects what is not an object', () => {
    expect(normalizeOperations('nope')).toBeNull();
    expect(normalizeOperations([1, 2])).toBeNull();
  });
});

describe('property operations: prototype keys and adversarial sizes', () => {
  it('keeps __proto__, constructor and prototype as plain keys with every operation', () => {
    const input = JSON.parse(
      '{"__proto__": {"tier": "platinum"}, "constructor": "c", "$setOnce": {"prototype": "p", "constructor": "once"}, "$add": {"visits": 1}, "$append": {"__proto__": "x"}}',
    );
    const operations = normalizeOperations(input)!;
    expect(Object.keys(operations.$set!)).toEqual(['__proto__', 'constructor']);
    const result = applyPropertyOperations({}, operations);
    expect(JSON.stringify(result.properties)).toBe(
      '{"prototype":"p","constructor":"c","__proto__":[{"tier":"platinum"},"x"],"visits":1}',
    );
    expect(result.changes.map((change) => `${change.operation} ${change.key}`)).toEqual([
      '$setOnce prototype',
      '$setOnce constructor',
      '$set __proto__',
      '$set constructor',
      '$add visits',
      '$append __proto__',
    ]);
    // Nothing leaks onto Object.prototype.
    expect(({} as Record<string, unknown>).tier).toBeUndefined();
    // From stored properties (JSON.parse makes `__proto__` an own key): $unset removes it, history says so.
    const stored = JSON.parse('{"__proto__": 1, "constructor": 2}');
    const unset = applyPropertyOperations(stored, normalizeOperations({ $unset: JSON.parse('{"__proto__": "-"}') })!);
    expect(JSON.stringify(unset.properties)).toBe('{"constructor":2}');
    expect(unset.changes).toEqual([{ key: '__proto__', value: undefined, operation: '$unset' }]);
  });

  it('ignores an $add whose sum is not a finite number, and handles long lists in linear time', () => {
    const result = apply({ big: 1e308 }, { $add: { big: 1e308 } });
    expect(result.properties).toEqual({ big: 1e308 });
    expect(result.warnings).toEqual(['$add on "big" ignored: the sum is too large for a number.']);
    const many = Array.from({ length: 100_000 }, (_, index) => `item-${index}`);
    const started = performance.now();
    const inserted = apply({ list: many }, { $postInsert: { list: [...many].reverse() }, $remove: { list: many } });
    expect(inserted.properties.list).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
    const object = Object.fromEntries(many.map((key) => [key, 1]));
    expect(Object.keys(normalizeOperations(object)!.$set!)).toHaveLength(100_000);
  });
});
