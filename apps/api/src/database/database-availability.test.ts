import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable, withinDeadline } from './database-availability';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['socket timeout', withCode('ETIMEDOUT')],
    ['administrator shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['server starting up', withCode('57P03', 'the database system is starting up')],
    ['connection exception class 08', withCode('08006')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['client connect timeout', new Error('timeout expired')],
    ['silent server (read timeout)', new Error('Query read timeout')],
    ['wrapped in a cause', new Error('Connection terminated due to connection timeout', { cause: new Error('x') })],
    ['as the cause', new Error('outer', { cause: withCode('ECONNREFUSED') })],
    ['as a GraphQL original error', Object.assign(new Error('outer'), { originalError: withCode('57P01') })],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
    ['our own deadline', new DatabaseUnavailableError('readiness check: no answer')],
  ])('%s: unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    [
      'a statement timeout (a slow statement, not an outage)',
      withCode('57014', 'canceling statement due to statement timeout'),
    ],
    ['wrong password', withCode('28P01', 'password authentication failed for user "x"')],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['nothing', undefined],
  ])('%s: not unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('withinDeadline', () => {
  it('passes an answer through and rejects a silent promise as unavailable', async () => {
    await expect(withinDeadline(Promise.resolve(1), 50, 'check')).resolves.toBe(1);
    const started = Date.now();
    const error = await withinDeadline(new Promise(() => {}), 50, 'check').catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});
