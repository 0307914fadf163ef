import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pendingMigrations } from '../database/database';
import { createGraphqlContext, type GraphqlContext } from '../graphql/context';
import { formatGraphqlError } from '../graphql/error-mapping';
import { buildGraphqlSchema } from '../graphql/schema';
import { graphqlParseOptions, graphqlProtection } from '../graphql/validation-rules';
import type { Services } from '../services';
import { graphqlCors, registerCors } from './cors';
import { createGraphqlResponseCacheHooks } from './graphql-response-cache-hooks';
import { registerIngestRoutes } from './ingest-routes';

export interface AppOptions {
  /** Extra routes mounted last (the web app's catch-all handler). */
  registerExtraRoutes?: (app: FastifyInstance, services: Services) => Promise<void> | void;
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: services.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Ingest serves thousands of requests a second: one log line each would cost more than the work.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  });

  await registerCors(app);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      const pending = await pendingMigrations(services.database);
      if (pending.length) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch (error) {
      services.logger.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });

  const responseCache = services.config.graphqlResponseCache ? createGraphqlResponseCacheHooks(services) : null;
  const apollo = new ApolloServer<GraphqlContext>({
    schema: await buildGraphqlSchema(),
    introspection: services.config.graphqlIntrospection,
    formatError: formatGraphqlError(services.logger),
    ...graphqlProtection,
    parseOptions: graphqlParseOptions,
    // Compact JSON: Apollo pretty-prints by default, which on a Groups page (50 rows with sparklines)
    // was a measurable share of the CPU per request and doubled the bytes.
    stringifyResult: (result) => JSON.stringify(result),
    // No HTTP cache hints are used; the default cache-control plugin hooks every field resolution.
    plugins: [
      ...graphqlProtection.plugins,
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
      context: async (request) =>
        responseCache
          ? responseCache.contextFor(request)
          : createGraphqlContext(services, request.headers.authorization, request.headers.cookie),
    }),
  });

  await registerIngestRoutes(app, services);
  await options.registerExtraRoutes?.(app, services);
  return app;
}
