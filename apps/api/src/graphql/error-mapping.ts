import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseRetryAfterSeconds, isDatabaseUnavailable } from '../database/database-availability';
import { DomainError, type DomainErrorCode } from '../lib/domain-error';
import type { Logger } from '../lib/logger';
import { queryLimitRefusal } from './validation-rules';

function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError || (error instanceof Error && error.name === 'DomainError' && 'code' in error);
}

export const httpStatusByCode: Record<DomainErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  LIMIT_EXCEEDED: 400,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  EXTERNAL_SERVICE: 502,
};

/** The code and message of every error caused by a database outage (HTTP 503, Retry-After). */
export const databaseUnavailableCode = 'DATABASE_UNAVAILABLE';
export const databaseUnavailableMessage = 'The database is unavailable right now; retry in a few seconds';

/**
 * Errors thrown while building the context (authentication, catching up the rollups) skip Apollo's
 * plugins: Apollo takes their HTTP status from the error itself, so an outage is given its 503 here.
 */
export function graphqlContextError(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  return new GraphQLError(databaseUnavailableMessage, {
    originalError: error instanceof Error ? error : undefined,
    extensions: {
      code: databaseUnavailableCode,
      http: { status: 503, headers: new Map([['retry-after', String(databaseRetryAfterSeconds)]]) },
    },
  });
}

/** A resolver that met a database outage: the whole answer becomes a 503 with Retry-After. */
export const databaseOutageStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const errors = response.body.singleResult.errors ?? [];
        if (!errors.some((error) => error.extensions?.code === databaseUnavailableCode)) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(databaseRetryAfterSeconds));
      },
    };
  },
};

/** The one place where errors become what API clients see: domain codes pass through with their message, anything else is hidden. */
export function formatGraphqlError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Duck-typed on purpose: graphql ships CommonJS and ESM builds, and type-graphql and Apollo
    // may each load a different one, so `instanceof GraphQLError` is not reliable here.
    const original = (error as { originalError?: unknown } | undefined)?.originalError ?? error;
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: original, path: formatted.path }, 'GraphQL request failed: the database is unavailable');
      return {
        message: databaseUnavailableMessage,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: databaseUnavailableCode },
      };
    }
    if (isDomainError(original)) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: {
          code: original.code,
          ...(original.details ? { details: original.details } : {}),
          http: { status: httpStatusByCode[original.code] },
        },
      };
    }
    const limitRefusal = queryLimitRefusal(original);
    if (limitRefusal) return { message: limitRefusal, extensions: { code: 'LIMIT_EXCEEDED' } };
    const code = formatted.extensions?.code;
    // graphql-js parses recursively: a document nested thousands deep (still within the token
    // bound) can exhaust the stack, which is the nesting bound's refusal, not a syntax error.
    if (code === 'GRAPHQL_PARSE_FAILED' && formatted.message === 'Maximum call stack size exceeded')
      return { message: 'Syntax Error: Nesting limit exceeded.', extensions: { code: 'LIMIT_EXCEEDED' } };
    if (
      !original ||
      code === 'GRAPHQL_VALIDATION_FAILED' ||
      code === 'GRAPHQL_PARSE_FAILED' ||
      code === 'BAD_USER_INPUT' ||
      code === 'BAD_REQUEST' ||
      code === 'PERSISTED_QUERY_NOT_FOUND' ||
      code === 'OPERATION_RESOLUTION_FAILURE'
    ) {
      return formatted;
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected GraphQL resolver error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
