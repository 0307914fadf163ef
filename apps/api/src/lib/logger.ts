import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

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

export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * JSON lines for log collectors; readable lines for a person at a terminal (`auto` decides by
 * whether stdout is one). Redaction happens before either, so both hide the same fields.
 */
export function createLogger(level: string, format: LogFormat = 'auto'): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
  if (!usesPrettyLines(format, Boolean(process.stdout.isTTY))) return pino(options);
  // In this thread, not pino's worker transport: lines appear in order with the process's other output.
  return pino(options, pinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}

export function usesPrettyLines(format: LogFormat, stdoutIsTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}
