import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type KeyKind = 'ingest' | 'secret' | 'read';

export function generateKey(kind: KeyKind): string {
  return `lm_${kind}_${randomBytes(18).toString('base64url')}`;
}

/** Secrets are stored only as SHA-256 hashes: they are high-entropy, so a slow hash adds nothing. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function keysEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}
