// The session cookie: httpOnly (scripts never see it), SameSite=Strict (no cross-site request
// carries it, which is what keeps GraphQL reads safe from CSRF), Secure behind HTTPS.
export const sessionCookieName = 'leadmaps_session';

export function serializeSessionCookie(token: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  const attributes = [
    `${sessionCookieName}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearSessionCookie(secure: boolean): string {
  return serializeSessionCookie('', { maxAgeSeconds: 0, secure });
}

/** The session token from a Cookie header, or null. Tokens are base64url, so no decoding is needed. */
export function readSessionCookie(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === sessionCookieName) return part.slice(separator + 1).trim() || null;
  }
  return null;
}
