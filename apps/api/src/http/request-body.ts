import { gunzipSync, inflateSync } from 'node:zlib';

export class BodyError extends Error {
  constructor(
    public readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Decompresses (gzip/deflate) with a hard cap on the output, so a small "gzip bomb" cannot
 * expand into gigabytes: zlib stops at `maximumBytes` and we answer 413.
 */
export function decodeBody(body: unknown, contentEncoding: string | undefined, maximumBytes: number): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new BodyError(400, 'Missing request body');
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip')
      return checkSize(gunzipSync(body, { maxOutputLength: maximumBytes + 1 }), maximumBytes);
    if (encoding === 'deflate')
      return checkSize(inflateSync(body, { maxOutputLength: maximumBytes + 1 }), maximumBytes);
  } catch (error) {
    if (error instanceof BodyError) throw error;
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      throw new BodyError(413, 'Payload too large');
    throw new BodyError(400, 'Invalid compressed request body');
  }
  if (encoding !== 'identity') throw new BodyError(415, `Unsupported Content-Encoding "${encoding}"`);
  return checkSize(body, maximumBytes);
}

function checkSize(buffer: Buffer, maximumBytes: number): Buffer {
  if (buffer.length > maximumBytes) throw new BodyError(413, 'Payload too large');
  return buffer;
}

export function parseJson(buffer: Buffer): unknown {
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    throw new BodyError(400, 'Invalid JSON request body');
  }
}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType === 'text/plain' || mediaType.endsWith('+json');
}

/**
 * False for a key no project can have: one PostgreSQL cannot even compare (a lone UTF-16
 * surrogate or a NUL, refused by its text type) or far longer than any key. Such keys are answered
 * as unknown without a lookup, so they neither fail the request nor fill the key cache.
 */
export function isPossibleIngestKey(key: string): boolean {
  return key.length <= 1024 && !key.includes('\u0000') && key.isWellFormed();
}
