import { describe, expect, it } from 'vitest';
import { groupValuesOf, isIdentity, isStorableTime, latestEventTime } from './payload-rules';

describe('payload rules', () => {
  it('stores times from 1970-01-01 to 9999-12-31 (UTC) only', () => {
    expect(isStorableTime(0)).toBe(true);
    expect(isStorableTime(Date.parse('9999-12-31T23:59:59.999Z'))).toBe(true);
    expect(latestEventTime).toBe(Date.parse('9999-12-31T23:59:59.999Z'));
    for (const refused of [
      -1,
      Date.parse('+010000-01-01T00:00:00Z'),
      8.64e15,
      Date.parse('-000050-01-01T00:00:00Z'),
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]) {
      expect(isStorableTime(refused), String(refused)).toBe(false);
    }
    // Every storable time is written in the ISO form PostgreSQL reads (four-digit years, no sign).
    expect(new Date(latestEventTime).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(new Date(latestEventTime + 1).toISOString()).toBe('+010000-01-01T00:00:00.000Z');
  });

  it('takes identities of at most 1024 characters and 1024 UTF-8 bytes, well-formed', () => {
    expect(isIdentity('x'.repeat(1024))).toBe(true);
    expect(isIdentity('x'.repeat(1025))).toBe(false);
    expect(isIdentity('é'.repeat(512))).toBe(true);
    expect(isIdentity('é'.repeat(513))).toBe(false);
    expect(isIdentity('😀'.repeat(256))).toBe(true);
    expect(isIdentity('😀'.repeat(257))).toBe(false);
    expect(isIdentity('user-\ud800')).toBe(false);
    expect(isIdentity('user-\ud83d\ude00')).toBe(true);
  });

  it('reads groups with lone surrogates as invalid, and 200,000 values in linear time', () => {
    const warnings: string[] = [];
    expect(groupValuesOf({ 'company\ud800': 'acme' }, 10, (warning) => warnings.push(warning))).toBeUndefined();
    expect(groupValuesOf({ company: ['acme', 'x\udc00'] }, 10, (warning) => warnings.push(warning))).toBeUndefined();
    expect(groupValuesOf({ company: { a: 1 } }, 10, (warning) => warnings.push(warning))).toBeUndefined();
    expect(groupValuesOf(JSON.parse('{"__proto__": "acme"}'), 10, () => {})).toEqual([
      { type: '__proto__', values: ['acme'] },
    ]);
    const values = Array.from({ length: 200_000 }, (_, index) => `value-${index}`);
    const started = performance.now();
    const groups = groupValuesOf({ company: values }, 10, (warning) => warnings.push(warning));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(groups).toEqual([{ type: 'company', values: values.slice(0, 10) }]);
    expect(warnings).toEqual(['group type "company" has 200000 values: only the first 10 are kept.']);
  });
});
