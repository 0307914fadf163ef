// Cross-origin access, opt-in per route. @fastify/cors is registered once, off everywhere
// (`origin: false`); a route turns it on with `config: { cors: … }`. One registration because
// the plugin always adds a global `OPTIONS *` route: registering it in a scope would answer
// preflights for every path of the server, and registering it twice fails.
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export type RouteCorsOptions = Omit<FastifyCorsOptions, 'hook' | 'delegator' | 'hideOptionsRoute' | 'logLevel'>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** CORS options of this route (see http/cors.ts); absent or false: no CORS headers. */
    cors?: RouteCorsOptions | false;
  }
}

/** Lets browsers on other origins reach nothing until a route opts in. */
export async function registerCors(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCors, { origin: false });
}

/**
 * Ingest: any origin, because the SDKs run on customers' sites. Requests carry the project's
 * ingest key (body or Basic auth) and never a cookie, so `*` without credentials is enough and
 * gives a browser nothing it could not send with a plain form. The headers are what the SDKs
 * send: Amplitude Browser `Content-Type: application/json`, `Accept`, `Content-Encoding: gzip`
 * (request body compression); analytics-next `Content-Type: text/plain`, `Authorization: Basic`
 * (write key) and `X-Retry-Count` on retries. `Retry-After` must be exposed or analytics-next
 * cannot read it from a 429.
 */
export const ingestCors: RouteCorsOptions = {
  origin: '*',
  methods: ['GET', 'POST'],
  allowedHeaders: ['Content-Type', 'Content-Encoding', 'Authorization', 'Accept', 'X-Retry-Count'],
  exposedHeaders: ['Retry-After'],
  // Chromium caps this at 2 hours, Firefox at 24: one preflight per path per day at most.
  maxAge: 86_400,
  // Any OPTIONS on an ingest path is answered, even without the preflight headers.
  strictPreflight: false,
};

/**
 * GraphQL: only the configured origins (LEADMAPS_CORS_ORIGINS), echoed exactly, with
 * credentials, so a listed origin may use the dashboard's session cookie (SameSite=Strict: only
 * same-site origins ever send it) as well as a key in `Authorization`. Any other origin gets no
 * CORS headers at all, and its preflight falls through to Apollo, which refuses it.
 */
export function graphqlCors(allowedOrigins: readonly string[]): RouteCorsOptions | false {
  if (allowedOrigins.length === 0) return false;
  const allowed = new Set(allowedOrigins);
  return {
    origin: (origin, callback) => callback(null, origin && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name'],
    exposedHeaders: ['Age', 'Retry-After'],
    maxAge: 600,
  };
}
