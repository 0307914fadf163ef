import { describe, expect, it } from 'vitest';
import { readSessionCookie, serializeSessionCookie } from './web-session.cookie';
import { peekWebToken, signWebToken, verifyWebToken } from './web-session.tokens';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const inOneHour = Math.floor(Date.now() / 1000) + 3600;

describe('web tokens', () => {
  it('verifies a token it signed', () => {
    const token = signWebToken({ projectId: 7, kind: 'session', expiresAt: inOneHour, role: 'read' }, secret);
    expect(verifyWebToken(token, secret, 'session')).toEqual({
      projectId: 7,
      kind: 'session',
      expiresAt: inOneHour,
      role: 'read',
    });
  });

  it('carries the role and the key fingerprint, and a changed role breaks the signature', () => {
    const token = signWebToken(
      { projectId: 7, kind: 'session', expiresAt: inOneHour, role: 'admin', keyFingerprint: 'abc' },
      secret,
    );
    expect(verifyWebToken(token, secret, 'session')).toMatchObject({ role: 'admin', keyFingerprint: 'abc' });
    const [, signature] = token.split('.');
    const promoted = Buffer.from(JSON.stringify({ p: 7, k: 'session', e: inOneHour, r: 'admin' })).toString(
      'base64url',
    );
    const readToken = signWebToken({ projectId: 7, kind: 'session', expiresAt: inOneHour, role: 'read' }, secret);
    expect(verifyWebToken(`${promoted}.${readToken.split('.')[1]}`, secret, 'session')).toBeNull();
    expect(signature).not.toBe(readToken.split('.')[1]);
  });

  it('refuses another secret, another kind, an expired token and a changed payload', () => {
    const token = signWebToken({ projectId: 7, kind: 'login', expiresAt: inOneHour, role: 'read' }, secret);
    expect(verifyWebToken(token, `${secret}x`, 'login')).toBeNull();
    expect(verifyWebToken(token, secret, 'session')).toBeNull();
    expect(verifyWebToken(token, secret, 'login', (inOneHour + 1) * 1000)).toBeNull();
    const [, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ p: 8, k: 'login', e: inOneHour })).toString('base64url');
    expect(peekWebToken(`${forgedPayload}.${signature}`)?.projectId).toBe(8);
    expect(verifyWebToken(`${forgedPayload}.${signature}`, secret, 'login')).toBeNull();
  });

  it('ignores malformed tokens', () => {
    for (const token of ['', 'abc', 'a.b.c', '!!!.???', `${Buffer.from('{"p":"1"}').toString('base64url')}.x`]) {
      expect(verifyWebToken(token, secret, 'session')).toBeNull();
    }
  });
});

describe('session cookie', () => {
  it('is httpOnly and SameSite=Strict, Secure only behind HTTPS', () => {
    const cookie = serializeSessionCookie('abc.def', { maxAgeSeconds: 60, secure: false });
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    expect(serializeSessionCookie('abc.def', { maxAgeSeconds: 60, secure: true })).toContain('Secure');
  });

  it('is found among other cookies', () => {
    expect(readSessionCookie('theme=dark; leadmaps_session=abc.def; other=1')).toBe('abc.def');
    expect(readSessionCookie('theme=dark')).toBeNull();
    expect(readSessionCookie(undefined)).toBeNull();
  });
});
