import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableSalesforceError, withRetries } from './salesforce-retry';

function salesforceError(errorCode: string, message = 'failed') {
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

describe('Salesforce retries', () => {
  const policy = { maximumAttempts: 4, initialDelayMilliseconds: 100, maximumDelayMilliseconds: 250 };

  it('classifies what a later attempt can fix', () => {
    expect(isRetryableSalesforceError(salesforceError('REQUEST_LIMIT_EXCEEDED'))).toBe(true);
    expect(isRetryableSalesforceError(salesforceError('ERROR_HTTP_503'))).toBe(true);
    expect(isRetryableSalesforceError(salesforceError('UNKNOWN_EXCEPTION'))).toBe(true);
    expect(isRetryableSalesforceError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(true);
    expect(isRetryableSalesforceError(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableSalesforceError(salesforceError('MALFORMED_QUERY'))).toBe(false);
    expect(isRetryableSalesforceError(salesforceError('INVALID_SESSION_ID'))).toBe(false);
    expect(isRetryableSalesforceError(salesforceError('ERROR_HTTP_404'))).toBe(false);
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt))).toEqual([100, 200, 250, 250]);
  });

  it('retries retryable failures a bounded number of times', async () => {
    const delays: number[] = [];
    let calls = 0;
    const failing = withRetries(
      async () => {
        calls += 1;
        throw salesforceError('ERROR_HTTP_503');
      },
      { policy, sleep: async (milliseconds) => void delays.push(milliseconds) },
    );
    await expect(failing).rejects.toThrow('failed');
    expect(calls).toBe(4);
    expect(delays).toEqual([100, 200, 250]);
  });

  it('returns once an attempt succeeds and does not retry other errors', async () => {
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw salesforceError('REQUEST_LIMIT_EXCEEDED');
        return 'ok';
      },
      { policy, sleep: async () => {} },
    );
    expect(result).toBe('ok');
    let badCalls = 0;
    await expect(
      withRetries(
        async () => {
          badCalls += 1;
          throw salesforceError('INVALID_FIELD');
        },
        { policy, sleep: async () => {} },
      ),
    ).rejects.toThrow();
    expect(badCalls).toBe(1);
  });
});
