// Bounded retries with exponential backoff for Salesforce calls. Only failures that a later
// attempt can fix are retried: server errors, timeouts and dropped connections, and the org's
// API request limit. Everything else (bad query, bad credentials) fails at once.

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  maximumAttempts: number;
  initialDelayMilliseconds: number;
  maximumDelayMilliseconds: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maximumAttempts: 4,
  initialDelayMilliseconds: 2_000,
  maximumDelayMilliseconds: 60_000,
};

export type Sleep = (milliseconds: number) => Promise<void>;

export const realSleep: Sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const retryableErrorCodes = new Set(['REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION']);
const retryableNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** A request Salesforce did not answer in time: retried like a dropped connection. */
export class SalesforceTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

/** The token endpoint still failing after every attempt: final, so the query that needed it does not retry it again. */
export class SalesforceTokenRequestError extends Error {
  readonly retryable = false;
  constructor(lastError: unknown, attempts: number) {
    const named = lastError instanceof Error && lastError.name !== 'Error';
    const detail = named
      ? `${lastError.name}: ${lastError.message}`
      : String((lastError as Error)?.message ?? lastError);
    super(`Could not get a Salesforce access token after ${attempts} attempts: ${detail}`);
  }
}

export function isRetryableSalesforceError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { retryable?: unknown }).retryable === false) return false;
  const { errorCode, code } = error as { errorCode?: unknown; code?: unknown };
  if (typeof errorCode === 'string') {
    // jsforce names errors without a Salesforce body after the HTTP status.
    if (retryableErrorCodes.has(errorCode) || /^ERROR_HTTP_(5\d\d|429)$/.test(errorCode)) return true;
  }
  // jsforce aborts a request that passes its timeout with an AbortError.
  if (error.name === 'AbortError' || /timeout/i.test(error.message)) return true;
  return typeof code === 'string' && retryableNetworkCodes.has(code);
}

export function backoffDelay(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.maximumDelayMilliseconds, policy.initialDelayMilliseconds * 2 ** (failedAttempt - 1));
}

export async function withRetries<T>(
  operation: () => Promise<T>,
  options: {
    policy: RetryPolicy;
    sleep: Sleep;
    onRetry?: (error: unknown, attempt: number, delayMilliseconds: number) => void;
  },
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.policy.maximumAttempts || !isRetryableSalesforceError(error)) throw error;
      const delay = backoffDelay(options.policy, attempt);
      options.onRetry?.(error, attempt, delay);
      await options.sleep(delay);
    }
  }
}
