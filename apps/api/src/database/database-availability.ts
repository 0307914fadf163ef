// The one place that decides whether an error means "the database cannot be reached right now"
// (as opposed to a bug or bad input). Such errors are answered 503 with Retry-After, so SDKs
// retry later, and the readiness check fails; background loops log them and try again.

/** Seconds clients are told to wait (Retry-After) before retrying during a database outage. */
export const databaseRetryAfterSeconds = 5;

/** Node socket errors of a connection that could not be made or was lost. */
const unavailableSocketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now
 * (starting up, or in recovery), 53300 too many connections; class 08 is connection exceptions.
 */
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);

/** Messages of pg and pg-pool that carry no code: a dead connection, a pool that gave up waiting. */
const unavailableMessages = [
  /Connection terminated/i,
  // pg's own connect timeout (connectionTimeoutMillis on the client).
  /^timeout expired$/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /Connection ended unexpectedly/i,
  /connect ECONNREFUSED/i,
];

/** The database is unreachable or stopped answering (connection lost, connect or acquire timeout). */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Causes are followed a few levels: pg-pool wraps connect timeouts, Apollo and Prisma wrap too.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    if (unavailableSocketCodes.has(code) || unavailableSqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (unavailableMessages.some((pattern) => pattern.test(message))) return true;
    // AggregateError (several addresses of one host refused): unavailable when all were.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length && errors.every((inner) => isDatabaseUnavailable(inner))) return true;
    current = candidate.originalError ?? candidate.cause;
  }
  return false;
}

/** Thrown where waiting for the database ran out of time without a driver error (readiness check). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** `promise`, or a DatabaseUnavailableError once `milliseconds` have passed without an answer. */
export async function withinDeadline<T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(`${what}: no answer from the database within ${milliseconds} ms`)),
      milliseconds,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
