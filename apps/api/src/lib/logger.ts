import pino, { type Logger } from 'pino';

export type { Logger };

// Keys, secrets and credentials must never reach a log line, whatever object they travel in.
const redactedPaths = [
  'req.headers.authorization',
  'headers.authorization',
  // The browser session cookie is a credential too (it grants read access for 14 days).
  'req.headers.cookie',
  'headers.cookie',
  'res.headers["set-cookie"]',
  '*.api_key',
  '*.writeKey',
  '*.secretKey',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  'api_key',
  'writeKey',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } });
}
