import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pendingMigrations } from '../database/database';
import { databaseRetryAfterSeconds, isDatabaseUnavailable, withinDeadline } from '../database/database-availability';
import { createGraphqlContext, type GraphqlContext } from '../graphql/context';
import {
  databaseOutageStatusPlugin,
  databaseUnavailableCode,
  databaseUnavailableMessage,
  formatGraphqlError,
  graphqlContextError,
} from '../graphql/error-mapping';
import { buildGraphqlSchema } from '../graphql/schema';
import { schemaVisibilityPlugin } from '../graphql/schema-visibility';
import { graphqlParseOptions, graphqlProtection } from '../graphql/validation-rules';
import type { Services } from '../services';
import { registerAnalysisRoutes } from './analysis-routes';
import { registerFunnelRoutes } from './funnel-routes';
import { registerRetentionRoutes } from './retention-routes';
import { registerCohortRoutes } from './cohort-routes';
import { graphqlCors, registerCors } from './cors';
import { createGraphqlResponseCacheHooks } from './graphql-response-cache-hooks';
import { registerIngestRoutes } from './ingest-routes';
import { registerMetrics } from './metrics-routes';

export interface AppOptions {
  /** Extra routes mounted last (the web app's catch-all handler). */
  registerExtraRoutes?: (app: FastifyInstance, services: Services) => Promise<void> | void;
}

/** /readyz answers within this, even when the database accepts connections but never answers. */
const readinessDeadlineMilliseconds = 800;

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const timeouts = services.config.httpTimeouts;
  const app: FastifyInstance = Fastify({
    loggerInstance: services.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Ingest serves thousands of requests a second: one log line each would cost more than the work.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    // A client that stalls while sending (slow headers, a body that never ends) is answered 408
    // and closed rather than holding a socket and its buffers for ever.
    requestTimeout: timeouts.requestMilliseconds,
    connectionTimeout: timeouts.connectionMilliseconds,
    keepAliveTimeout: timeouts.keepAliveMilliseconds,
    http: {
      requestTimeout: timeouts.requestMilliseconds,
      headersTimeout: Math.min(timeouts.requestMilliseconds, 20_000),
      // Node checks the two limits above only this often (30 s by default).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(timeouts.requestMilliseconds / 4))),
    },
  });

  // Routes without an error handler of their own (ingest and GraphQL have theirs): a database
  // outage is a 503 to retry later, not a 500.
  app.setErrorHandler((error, request, reply) => {
    // Thrown on: Fastify's default handler answers everything else as before.
    if (!isDatabaseUnavailable(error)) throw error;
    services.logger.warn({ err: error, url: request.url }, 'request failed: the database is unavailable');
    reply.code(503).header('retry-after', String(databaseRetryAfterSeconds));
    // GraphQL's hooks before Apollo (the response cache's) fail here: answer in GraphQL's shape.
    if (request.url.startsWith('/graphql'))
      return reply.send({
        errors: [{ message: databaseUnavailableMessage, extensions: { code: databaseUnavailableCode } }],
      });
    return reply.send({ error: 'Service unavailable: the database cannot be reached; retry later' });
  });

  await registerCors(app);
  registerMetrics(app, services);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      // Its own deadline: a database that accepts connections but never answers would otherwise
      // keep the check waiting for the acquire and statement timeouts.
      const pending = await withinDeadline(
        pendingMigrations(services.database),
        readinessDeadlineMilliseconds,
        'readiness check',
      );
      if (pending.length) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch (error) {
      services.logger.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });

  const responseCache = services.config.graphqlResponseCache ? createGraphqlResponseCacheHooks(services) : null;
  if (responseCache) services.metrics.watchCaches(() => ({ graphql_response: responseCache.cacheLookups() }));
  const apollo = new ApolloServer<GraphqlContext>({
    schema: await buildGraphqlSchema(),
    // Decided per request by schemaVisibilityPlugin (only with a key, never in production).
    introspection: true,
    formatError: formatGraphqlError(services.logger),
    ...graphqlProtection,
    parseOptions: graphqlParseOptions,
    // Compact JSON: Apollo pretty-prints by default, which on a Groups page (50 rows with sparklines)
    // was a measurable share of the CPU per request and doubled the bytes.
    stringifyResult: (result) => JSON.stringify(result),
    // No HTTP cache hints are used; the default cache-control plugin hooks every field resolution.
    plugins: [
      ...graphqlProtection.plugins,
      databaseOutageStatusPlugin,
      schemaVisibilityPlugin(services.config.graphqlIntrospection),
      ApolloServerPluginCacheControlDisabled(),
      ...(responseCache ? [responseCache.apolloPlugin] : []),
      fastifyApolloDrainPlugin(app),
      ...(services.config.environment === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    config: { cors: graphqlCors(services.config.graphqlCorsOrigins) },
    ...(responseCache ? { preHandler: responseCache.preHandler, onSend: responseCache.onSend } : {}),
    handler: fastifyApolloHandler(apollo, {
      context: async (request) => {
        try {
          return await (responseCache
            ? responseCache.contextFor(request)
            : createGraphqlContext(services, request.headers.authorization, request.headers.cookie));
        } catch (error) {
          throw graphqlContextError(error);
        }
      },
    }),
  });

  await registerIngestRoutes(app, services);
  registerAnalysisRoutes(app, services);
  registerFunnelRoutes(app, services);
  registerRetentionRoutes(app, services);
  registerCohortRoutes(app, services);
  await options.registerExtraRoutes?.(app, services);
  return app;
}
