// One walk over a decoded JSON value that says whether it can be stored, WITHOUT recursion: a
// message nested 10,000 deep (which JSON.parse reads happily) must not overflow the stack while
// we measure it, as `JSON.stringify` did. An explicit stack of pending values replaces recursion,
// and the walk stops as soon as a limit is crossed, so a huge value costs no more than its limits.

export interface JsonLimits {
  /** Levels of objects and arrays below the root value (itself level 0): deeper containers are refused. */
  maximumDepth: number;
  /** Size of the value as `JSON.stringify` would write it, in UTF-8 bytes (Infinity: unlimited). */
  maximumBytes: number;
}

export interface JsonInspection {
  /** The first limit crossed; the walk stopped there. */
  problem: 'too-deep' | 'too-large' | 'nul' | null;
  /** Bytes of JSON counted so far: exact when `problem` is null. */
  bytes: number;
  /** A string (key or value) holds a lone UTF-16 surrogate, which PostgreSQL's jsonb and text refuse. */
  loneSurrogates: boolean;
  /** A number beyond a double (JSON.parse reads `1e400` as Infinity), which JSON can only write as null. */
  infiniteNumbers: boolean;
}

/** UTF-8 bytes of a string written as a JSON string literal (with its quotes), as JSON.stringify writes it. */
export function jsonStringBytes(value: string): number {
  let bytes = 2;
  for (let position = 0; position < value.length; position++) {
    const code = value.charCodeAt(position);
    if (code < 0x80) {
      if (code === 0x22 || code === 0x5c) bytes += 2;
      else if (code >= 0x20) bytes += 1;
      // \b \t \n \f \r have two-character escapes, the other control characters \u00XX.
      else bytes += code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6;
    } else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(position + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        position++;
      } else bytes += 6; // a lone surrogate is written as a \uXXXX escape
    } else if (code >= 0xdc00 && code <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

/** Walks a decoded JSON value (objects, arrays, strings, numbers, booleans, null) iteratively. */
export function inspectJson(root: unknown, limits: JsonLimits): JsonInspection {
  const result: JsonInspection = { problem: null, bytes: 0, loneSurrogates: false, infiniteNumbers: false };
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  const countString = (value: string): boolean => {
    if (value.includes('\u0000')) {
      result.problem = 'nul';
      return false;
    }
    if (!result.loneSurrogates && !value.isWellFormed()) result.loneSurrogates = true;
    result.bytes += jsonStringBytes(value);
    return true;
  };
  while (pending.length) {
    const { value, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (!countString(value)) return result;
    } else if (typeof value === 'number') {
      if (Number.isFinite(value)) result.bytes += String(value).length;
      else {
        result.bytes += 4; // written as null
        result.infiniteNumbers = true;
      }
    } else if (typeof value === 'boolean') {
      result.bytes += value ? 4 : 5;
    } else if (typeof value === 'object' && value !== null) {
      if (depth > limits.maximumDepth) {
        result.problem = 'too-deep';
        return result;
      }
      if (Array.isArray(value)) {
        result.bytes += 2 + Math.max(0, value.length - 1);
        for (let index = value.length - 1; index >= 0; index--) pending.push({ value: value[index], depth: depth + 1 });
      } else {
        const keys = Object.keys(value);
        result.bytes += 2 + Math.max(0, keys.length - 1) + keys.length; // braces, commas, colons
        for (const key of keys) if (!countString(key)) return result;
        for (let index = keys.length - 1; index >= 0; index--)
          pending.push({ value: (value as Record<string, unknown>)[keys[index]!], depth: depth + 1 });
      }
    } else {
      result.bytes += 4; // null (undefined does not come out of JSON.parse)
    }
    if (result.bytes > limits.maximumBytes) {
      result.problem = 'too-large';
      return result;
    }
  }
  return result;
}

/**
 * A copy of a decoded JSON value whose strings (keys and values) have their lone surrogates
 * replaced with U+FFFD. Objects are created without a prototype, so keys such as `__proto__` stay
 * plain keys. Iterative too; call it only on values `inspectJson` found within its limits.
 */
export function withWellFormedStrings(root: unknown): unknown {
  const fix = (value: unknown): unknown => (typeof value === 'string' ? value.toWellFormed() : value);
  if (typeof root !== 'object' || root === null) return fix(root);
  const copyOf = (value: object): Record<string, unknown> | unknown[] =>
    Array.isArray(value) ? new Array(value.length) : (Object.create(null) as Record<string, unknown>);
  const copy = copyOf(root);
  const pending: { source: object; target: Record<string, unknown> | unknown[] }[] = [{ source: root, target: copy }];
  while (pending.length) {
    const { source, target } = pending.pop()!;
    for (const [key, child] of Object.entries(source)) {
      let value: unknown = fix(child);
      if (typeof child === 'object' && child !== null) {
        value = copyOf(child);
        pending.push({ source: child, target: value as Record<string, unknown> | unknown[] });
      }
      if (Array.isArray(target)) target[Number(key)] = value;
      else target[key.toWellFormed()] = value;
    }
  }
  return copy;
}
