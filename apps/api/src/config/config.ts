// The one place that reads process.env. Every variable is documented in .env.example.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const defaultDatabaseTimeouts: DatabaseTimeouts = {
  connectMilliseconds: 5_000,
  acquireMilliseconds: 10_000,
  statementMilliseconds: 30_000,
  longStatementMilliseconds: 600_000,
};

/** A duration in milliseconds, at least `minimum`, at most a day. */
function milliseconds(minimum: number) {
  return z.coerce.number().int().min(minimum).max(86_400_000);
}

/**
 * Comma-separated exact origins (`https://app.example.com`, no path, no `*`): GraphQL answers them
 * with the session cookie allowed, so a wildcard would hand every site the dashboard's data.
 */
const originList = z
  .string()
  // Browsers send the Origin header in lower case; scheme and host are case-insensitive.
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase())
      .filter(Boolean),
  )
  .superRefine((origins, context) => {
    for (const origin of origins) {
      let parsed: URL | null = null;
      try {
        parsed = new URL(origin);
      } catch {}
      const isOrigin = parsed && ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === origin;
      if (!isOrigin || origin.includes('*'))
        context.addIssue({
          code: 'custom',
          message: `"${origin}" is not an origin: write scheme://host[:port], without path or wildcard`,
        });
    }
  });

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  LEADMAPS_DATA_DIR: z.string().min(1).default('.leadmaps'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LEADMAPS_DEMO_DATA: booleanFlag.default(true),
  LEADMAPS_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LEADMAPS_GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  LEADMAPS_ENCRYPTION_KEY: z.string().min(16).optional(),
  LEADMAPS_SCHEDULER: booleanFlag.default(true),
  LEADMAPS_SALESFORCE_SYNC_HOUR: z.coerce.number().int().min(0).max(23).default(6),
  LEADMAPS_WEB: booleanFlag.default(true),
  LEADMAPS_GRAPHQL_RESPONSE_CACHE: booleanFlag.default(true),
  LEADMAPS_SESSION_SECRET: z.string().min(32).optional(),
  LEADMAPS_ROLLUP_FOLD_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(250),
  LEADMAPS_REQUEST_TIMEOUT_MS: milliseconds(100).default(30_000),
  LEADMAPS_CONNECTION_TIMEOUT_MS: milliseconds(100).default(120_000),
  LEADMAPS_KEEP_ALIVE_TIMEOUT_MS: milliseconds(100).default(72_000),
  LEADMAPS_DATABASE_CONNECT_TIMEOUT_MS: milliseconds(100).default(defaultDatabaseTimeouts.connectMilliseconds),
  LEADMAPS_DATABASE_ACQUIRE_TIMEOUT_MS: milliseconds(100).default(defaultDatabaseTimeouts.acquireMilliseconds),
  LEADMAPS_DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(0).default(defaultDatabaseTimeouts.statementMilliseconds),
  LEADMAPS_DATABASE_LONG_STATEMENT_TIMEOUT_MS: milliseconds(0).default(
    defaultDatabaseTimeouts.longStatementMilliseconds,
  ),
  LEADMAPS_DATABASE_START_WAIT_MS: milliseconds(0).default(0),
  LEADMAPS_INGEST_RATE_LIMIT: z.coerce.number().min(0).max(1_000_000).default(10_000),
  LEADMAPS_INGEST_RATE_BURST: z.coerce.number().int().min(1).max(10_000_000).optional(),
  LEADMAPS_INGEST_INVALID_KEY_RATE_LIMIT: z.coerce.number().min(0).max(1_000_000).default(10),
  LEADMAPS_CORS_ORIGINS: originList.default([]),
  LEADMAPS_METRICS: booleanFlag.default(true),
  LEADMAPS_METRICS_TOKEN: z.string().min(16).optional(),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

/**
 * Time limits on a PostgreSQL server (PGlite runs in this process: nothing to connect to or wait
 * for, so none of them apply there). 0 means no limit, for the statement timeouts only.
 */
export interface DatabaseTimeouts {
  /** Opening one connection (TCP, TLS, authentication). */
  connectMilliseconds: number;
  /** Waiting for a connection of the pool, including opening a new one. */
  acquireMilliseconds: number;
  /** Every statement of a request (PostgreSQL's statement_timeout, plus a client-side read timeout just above it). */
  statementMilliseconds: number;
  /** Background work that legitimately runs long: rollup folds, ANALYZE, pruning, and the CLI tools. */
  longStatementMilliseconds: number;
}

export type DatabaseConfig =
  | { kind: 'server'; url: string /** defaultDatabaseTimeouts when absent. */; timeouts?: DatabaseTimeouts }
  | { kind: 'embedded'; dataDirectory: string };

/** Fastify's (Node's) limits on slow or idle clients. */
export interface HttpTimeouts {
  /** Receiving a whole request, headers and body: a client that stalls is answered 408 and closed. */
  requestMilliseconds: number;
  /** A socket with no traffic either way (a handler running longer than this loses its socket). */
  connectionMilliseconds: number;
  /** An idle keep-alive connection between requests (above the usual 60 s of load balancers). */
  keepAliveMilliseconds: number;
}

export interface IngestRateLimits {
  /** Requests a second per ingest key; 0: no limit. */
  requestsPerSecond: number;
  burst: number;
  /** Requests with an unknown key a second per client address; 0: no limit. */
  unknownKeyRequestsPerSecond: number;
  unknownKeyBurst: number;
}

export interface AppConfig {
  environment: 'development' | 'production' | 'test';
  database: DatabaseConfig;
  host: string;
  port: number;
  loadDemoData: boolean;
  /**
   * Where the first start writes the demo project's keys (owner-only): LEADMAPS_DATA_DIR/demo-keys.txt,
   * whichever database is used; null in tests.
   */
  demoKeysFile: string | null;
  publicUrl: string | undefined;
  logLevel: string;
  /** Introspection and "did you mean" suggestions for requests with a key; always false in production. */
  graphqlIntrospection: boolean;
  /** Answer repeated Groups page reads from memory while the data is unchanged (graphql/response-cache.ts). */
  graphqlResponseCache: boolean;
  encryptionKey: string | undefined;
  schedulerEnabled: boolean;
  /** Hour (UTC, 0–23) of the daily Salesforce sync job. */
  salesforceSyncHourUtc: number;
  webEnabled: boolean;
  /** Signs browser sessions; when unset each project gets a generated secret stored in the database. */
  sessionSecret: string | undefined;
  /** How long committed events wait to be folded into the rollups with later ones (reads never wait for it). */
  rollupFoldDelayMilliseconds: number;
  httpTimeouts: HttpTimeouts;
  /** How long the server waits at start for an unreachable database; 0: for ever. */
  databaseStartWaitMilliseconds: number;
  /** Requests a second per ingest key and per client address guessing keys (modules/ingest/ingest-admission.ts). */
  ingestRateLimits: IngestRateLimits;
  /** Browser origins allowed to call GraphQL from another origin (ingest allows every origin). */
  graphqlCorsOrigins: string[];
  /** GET /metrics (Prometheus); with a token, only for `Authorization: Bearer <token>`. */
  metrics: { enabled: boolean; token: string | undefined };
  /** pino-pretty lines (`auto`: when stdout is a terminal) or JSON. */
  logFormat: 'auto' | 'json' | 'pretty';
}

export class ConfigError extends Error {}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  // A `.env` file in the working folder fills in variables that are not already set.
  if (environment === process.env && existsSync('.env')) process.loadEnvFile('.env');
  const parsed = environmentSchema.safeParse(
    Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  return {
    environment: values.NODE_ENV,
    database: values.DATABASE_URL
      ? {
          kind: 'server',
          url: values.DATABASE_URL,
          timeouts: {
            connectMilliseconds: values.LEADMAPS_DATABASE_CONNECT_TIMEOUT_MS,
            acquireMilliseconds: values.LEADMAPS_DATABASE_ACQUIRE_TIMEOUT_MS,
            statementMilliseconds: values.LEADMAPS_DATABASE_STATEMENT_TIMEOUT_MS,
            longStatementMilliseconds: values.LEADMAPS_DATABASE_LONG_STATEMENT_TIMEOUT_MS,
          },
        }
      : { kind: 'embedded', dataDirectory: resolve(values.LEADMAPS_DATA_DIR) },
    host: values.HOST,
    port: values.PORT,
    loadDemoData: values.LEADMAPS_DEMO_DATA,
    demoKeysFile: values.NODE_ENV === 'test' ? null : join(resolve(values.LEADMAPS_DATA_DIR), 'demo-keys.txt'),
    publicUrl: values.LEADMAPS_PUBLIC_URL,
    logLevel: values.LOG_LEVEL,
    // Never in production: the variable can only turn introspection off elsewhere.
    graphqlIntrospection: values.NODE_ENV !== 'production' && (values.LEADMAPS_GRAPHQL_INTROSPECTION ?? true),
    graphqlResponseCache: values.LEADMAPS_GRAPHQL_RESPONSE_CACHE,
    encryptionKey: values.LEADMAPS_ENCRYPTION_KEY,
    schedulerEnabled: values.LEADMAPS_SCHEDULER,
    salesforceSyncHourUtc: values.LEADMAPS_SALESFORCE_SYNC_HOUR,
    webEnabled: values.LEADMAPS_WEB,
    sessionSecret: values.LEADMAPS_SESSION_SECRET,
    rollupFoldDelayMilliseconds: values.LEADMAPS_ROLLUP_FOLD_DELAY_MS,
    httpTimeouts: {
      requestMilliseconds: values.LEADMAPS_REQUEST_TIMEOUT_MS,
      connectionMilliseconds: values.LEADMAPS_CONNECTION_TIMEOUT_MS,
      keepAliveMilliseconds: values.LEADMAPS_KEEP_ALIVE_TIMEOUT_MS,
    },
    databaseStartWaitMilliseconds: values.LEADMAPS_DATABASE_START_WAIT_MS,
    ingestRateLimits: {
      requestsPerSecond: values.LEADMAPS_INGEST_RATE_LIMIT,
      burst: values.LEADMAPS_INGEST_RATE_BURST ?? Math.max(1, Math.ceil(2 * values.LEADMAPS_INGEST_RATE_LIMIT)),
      unknownKeyRequestsPerSecond: values.LEADMAPS_INGEST_INVALID_KEY_RATE_LIMIT,
      // Ten seconds' worth: a client with a wrong key that retries a few times never notices.
      unknownKeyBurst: Math.max(1, Math.ceil(10 * values.LEADMAPS_INGEST_INVALID_KEY_RATE_LIMIT)),
    },
    graphqlCorsOrigins: values.LEADMAPS_CORS_ORIGINS,
    metrics: { enabled: values.LEADMAPS_METRICS, token: values.LEADMAPS_METRICS_TOKEN },
    logFormat: values.LOG_FORMAT,
  };
}
