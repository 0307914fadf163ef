// Signed tokens for the browser: a long-lived session (kept in an httpOnly cookie) with the role
// of the key that opened it, and a short-lived login token (carried in a URL fragment, exchanged once for a session). Both are
// HMAC-SHA256 over their payload: stateless, so a signed-out browser needs no server-side record.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebTokenKind = 'session' | 'login';
/** What a session may do: 'admin' when the secret key opened it, 'read' otherwise. */
export type WebSessionRole = 'read' | 'admin';

export interface WebTokenPayload {
  projectId: number;
  kind: WebTokenKind;
  /** Expiry as seconds since the epoch. */
  expiresAt: number;
  role: WebSessionRole;
  /**
   * Admin sessions only: a fingerprint of the secret key that opened it, so rotating the secret
   * key ends every admin session opened with the old one.
   */
  keyFingerprint?: string;
}

interface EncodedPayload {
  p: number;
  k: WebTokenKind;
  e: number;
  /** Absent in tokens signed before roles existed: those read. */
  r?: WebSessionRole;
  f?: string;
}

function signature(secret: string, encodedPayload: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest();
}

export function signWebToken(payload: WebTokenPayload, secret: string): string {
  const encoded: EncodedPayload = { p: payload.projectId, k: payload.kind, e: payload.expiresAt, r: payload.role };
  if (payload.keyFingerprint) encoded.f = payload.keyFingerprint;
  const encodedPayload = Buffer.from(JSON.stringify(encoded)).toString('base64url');
  return `${encodedPayload}.${signature(secret, encodedPayload).toString('base64url')}`;
}

/** Reads the payload without trusting it: the caller needs the project id to find the secret. */
export function peekWebToken(token: string): WebTokenPayload | null {
  const [encodedPayload, encodedSignature, ...rest] = token.split('.');
  if (!encodedPayload || !encodedSignature || rest.length) return null;
  try {
    const decoded = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as Partial<EncodedPayload>;
    if (
      !Number.isSafeInteger(decoded.p) ||
      (decoded.k !== 'session' && decoded.k !== 'login') ||
      !Number.isFinite(decoded.e) ||
      (decoded.r !== undefined && decoded.r !== 'read' && decoded.r !== 'admin') ||
      (decoded.f !== undefined && typeof decoded.f !== 'string')
    )
      return null;
    const payload: WebTokenPayload = {
      projectId: decoded.p!,
      kind: decoded.k,
      expiresAt: decoded.e!,
      role: decoded.r ?? 'read',
    };
    if (decoded.f) payload.keyFingerprint = decoded.f;
    return payload;
  } catch {
    return null;
  }
}

/** The payload when the signature matches, the kind is the expected one and it has not expired. */
export function verifyWebToken(
  token: string,
  secret: string,
  expectedKind: WebTokenKind,
  now = Date.now(),
): WebTokenPayload | null {
  const payload = peekWebToken(token);
  if (!payload || payload.kind !== expectedKind || payload.expiresAt * 1000 <= now) return null;
  const [encodedPayload, encodedSignature] = token.split('.') as [string, string];
  const expected = signature(secret, encodedPayload);
  const actual = Buffer.from(encodedSignature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return payload;
}
