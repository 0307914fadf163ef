// The one place that reads process.env. Every variable is documented in .env.example.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

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
  LEADMAPS_CORS_ORIGINS: originList.default([]),
});

export type DatabaseConfig = { kind: 'server'; url: string } | { kind: 'embedded'; dataDirectory: string };

export interface AppConfig {
  environment: 'development' | 'production' | 'test';
  database: DatabaseConfig;
  host: string;
  port: number;
  loadDemoData: boolean;
  publicUrl: string | undefined;
  logLevel: string;
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
  /** Browser origins allowed to call GraphQL from another origin (ingest allows every origin). */
  graphqlCorsOrigins: string[];
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
      ? { kind: 'server', url: values.DATABASE_URL }
      : { kind: 'embedded', dataDirectory: resolve(values.LEADMAPS_DATA_DIR) },
    host: values.HOST,
    port: values.PORT,
    loadDemoData: values.LEADMAPS_DEMO_DATA,
    publicUrl: values.LEADMAPS_PUBLIC_URL,
    logLevel: values.LOG_LEVEL,
    graphqlIntrospection: values.LEADMAPS_GRAPHQL_INTROSPECTION ?? values.NODE_ENV !== 'production',
    graphqlResponseCache: values.LEADMAPS_GRAPHQL_RESPONSE_CACHE,
    encryptionKey: values.LEADMAPS_ENCRYPTION_KEY,
    schedulerEnabled: values.LEADMAPS_SCHEDULER,
    salesforceSyncHourUtc: values.LEADMAPS_SALESFORCE_SYNC_HOUR,
    webEnabled: values.LEADMAPS_WEB,
    sessionSecret: values.LEADMAPS_SESSION_SECRET,
    rollupFoldDelayMilliseconds: values.LEADMAPS_ROLLUP_FOLD_DELAY_MS,
    graphqlCorsOrigins: values.LEADMAPS_CORS_ORIGINS,
  };
}
