// Serves cached Groups page answers before Apollo runs, and stores fresh ones after it answered
// (see graphql/response-cache.ts for what is cached and why that is sound).
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createGraphqlContext, type GraphqlContext } from '../graphql/context';
import { GraphqlResponseCache, type GraphqlRequestBody } from '../graphql/response-cache';
import type { CacheLookups } from '../lib/metrics';
import type { Services } from '../services';

export interface GraphqlResponseCacheHooks {
  preHandler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown>;
  /** The context the pre-handler already built, so a miss does not authenticate twice. */
  contextFor(request: FastifyRequest): Promise<GraphqlContext>;
  /** Marks answers with errors (or not a single JSON result) so they are never stored. */
  apolloPlugin: ApolloServerPlugin<GraphqlContext>;
  cacheLookups(): CacheLookups;
}

export function createGraphqlResponseCacheHooks(
  services: Services,
  cache = new GraphqlResponseCache(),
): GraphqlResponseCacheHooks {
  const contexts = new WeakMap<FastifyRequest, GraphqlContext>();
  const pendingKeys = new WeakMap<FastifyRequest, string>();
  const authenticate = (request: FastifyRequest) =>
    createGraphqlContext(services, request.headers.authorization, request.headers.cookie);

  return {
    cacheLookups: () => cache.lookups,
    async preHandler(request, reply) {
      if (request.method !== 'POST') return undefined;
      const body = request.body as GraphqlRequestBody | undefined;
      if (!cache.isCacheableRequest(body)) return undefined;
      const context = await authenticate(request);
      contexts.set(request, context);
      if (!context.viewer) return undefined; // Apollo answers UNAUTHENTICATED.
      const version = await context.dataVersion();
      const key = cache.keyOf(context.viewer.project, version, body);
      const hit = cache.get(key);
      if (!hit) {
        pendingKeys.set(request, key);
        context.responseCache = { storable: true };
        return undefined;
      }
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('age', String(Math.max(0, Math.floor((Date.now() - hit.storedAt) / 1000))))
        .send(hit.body);
    },

    async onSend(request, reply, payload) {
      const key = pendingKeys.get(request);
      const context = contexts.get(request);
      if (key && context?.responseCache?.storable && reply.statusCode === 200 && typeof payload === 'string')
        cache.set(key, payload);
      return payload;
    },

    contextFor(request) {
      return Promise.resolve(contexts.get(request) ?? authenticate(request));
    },

    apolloPlugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ contextValue, response }) {
            if (contextValue.responseCache && (response.body.kind !== 'single' || response.body.singleResult.errors))
              contextValue.responseCache.storable = false;
          },
        };
      },
    },
  };
}
