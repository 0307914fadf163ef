import { describe, expect, it } from 'vitest';
import { inspectJson, jsonStringBytes, withWellFormedStrings } from './json-inspection';

const unlimited = { maximumDepth: 1000, maximumBytes: Number.POSITIVE_INFINITY };
/** Nested `levels` objects deep, built without recursion. */
function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

describe('inspectJson', () => {
  it('counts exactly the UTF-8 bytes JSON.stringify writes', () => {
    const samples: unknown[] = [
      'plain',
      'quote " backslash \\ newline \n tab \t bell \u0007 escape \u001b',
      'é € 😀 𝄞',
      'lone \ud800 and \udc00 and pair \ud83d\ude00 and reversed \ude00\ud83d',
      { [`key${'\ud800'}`]: ['x', 1, -2.5e-7, 1e21, true, false, null, { nested: [] }], empty: {}, list: [[], [[]]] },
      JSON.parse('{"__proto__": {"a": 1}, "constructor": [1e400]}'),
      [],
      12345.678,
    ];
    for (const sample of samples) {
      expect(inspectJson(sample, unlimited).bytes, JSON.stringify(sample)).toBe(
        Buffer.byteLength(JSON.stringify(sample)),
      );
    }
    expect(jsonStringBytes('\ud800')).toBe(Buffer.byteLength(JSON.stringify('\ud800')));
  });

  it('measures a value nested 10,000 deep without overflowing the stack, stopping at the depth limit', () => {
    const value = deep(10_000);
    expect(() => JSON.stringify(deep(100_000))).toThrow(RangeError);
    expect(inspectJson(value, { maximumDepth: 40, maximumBytes: 32 * 1024 })).toMatchObject({ problem: 'too-deep' });
    expect(inspectJson(deep(100_000), { maximumDepth: 40, maximumBytes: 32 * 1024 }).bytes).toBeLessThan(300);
    expect(inspectJson(deep(41), { maximumDepth: 40, maximumBytes: 32 * 1024 }).problem).toBeNull();
    expect(inspectJson(deep(42), { maximumDepth: 40, maximumBytes: 32 * 1024 }).problem).toBe('too-deep');
  });

  it('stops at the byte limit and at NUL, and flags lone surrogates', () => {
    const large = { blob: 'x'.repeat(40_000), more: Array.from({ length: 100_000 }, () => 'y') };
    const inspected = inspectJson(large, { maximumDepth: 40, maximumBytes: 32 * 1024 });
    expect(inspected.problem).toBe('too-large');
    expect(inspected.bytes).toBeLessThan(41_000);
    const limit = Buffer.byteLength(JSON.stringify({ a: 'xyz' }));
    expect(inspectJson({ a: 'xyz' }, { maximumDepth: 40, maximumBytes: limit }).problem).toBeNull();
    expect(inspectJson({ a: 'xyz' }, { maximumDepth: 40, maximumBytes: limit - 1 }).problem).toBe('too-large');
    expect(inspectJson({ 'a\u0000': 1 }, unlimited).problem).toBe('nul');
    expect(inspectJson(['fine', { b: 'a\u0000' }], unlimited).problem).toBe('nul');
    expect(inspectJson({ a: ['fine'] }, unlimited).loneSurrogates).toBe(false);
    expect(inspectJson({ a: ['x\udfff'] }, unlimited)).toMatchObject({ problem: null, loneSurrogates: true });
  });
});

describe('withWellFormedStrings', () => {
  it('replaces lone surrogates in keys and values at any depth, keeping prototype keys as plain keys', () => {
    const value = JSON.parse('{"k\\ud800": ["v\\udc00", {"__proto__": {"x": "\\ud800"}}], "n": 1, "ok": "😀"}');
    const fixed = withWellFormedStrings(value) as Record<string, unknown>;
    expect(JSON.stringify(fixed)).toBe('{"k\ufffd":["v\ufffd",{"__proto__":{"x":"\ufffd"}}],"n":1,"ok":"😀"}');
    expect(Object.hasOwn((fixed['k\ufffd'] as Record<string, unknown>[])[1]!, '__proto__')).toBe(true);
    expect(withWellFormedStrings('a\ud800')).toBe('a\ufffd');
    expect(withWellFormedStrings(deep(500))).toEqual(deep(500));
  });
});
