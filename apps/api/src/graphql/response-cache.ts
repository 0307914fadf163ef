// Whole-response cache for the Groups page's reads. A repeated page used to cost ~6 ms of CPU
// (graphql-js executing ~3,000 fields) even when its figures came from the page cache; this
// answers it from memory after one small statement. It is sound because the key holds
// everything those answers depend on: the request, the project's settings (read with the key
// at authentication), today's date in the project's time zone (default ranges end today), and
// the data version (see queries/project-data-version.query.ts). Only the root fields listed
// below are cached; every other query, every mutation and every error goes through untouched.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { todayInTimeZone } from '@leadmaps/shared';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GraphqlContext } from './context';

/** Fields whose answers are a function of settings, the date and the data version alone. */
export const cacheableRootFields: ReadonlySet<string> = new Set(['groups', 'accountReport', 'groupTypes', '__typename']);

/**
 * Seconds an answer may be served. Short for the same reason as the page cache: two ingest
 * transactions can commit out of id order, so an answer cached between them would miss the
 * earlier one's rows until the next write.
 */
export const responseCacheSeconds = 5;

export function isCacheableOperation(operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== 'query') return false;
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && cacheableRootFields.has(selection.name.value));
}

type RequestContext = GraphQLRequestContext<GraphqlContext>;

/** Marks cacheable operations; the response cache plugin stores only answers marked so. */
const markCacheableOperations: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation(requestContext) {
        if (requestContext.contextValue.viewer && isCacheableOperation(requestContext.operation)) {
          requestContext.overallCachePolicy.replace({ maxAge: responseCacheSeconds, scope: 'PRIVATE' });
        }
      },
    };
  },
};

export function responseCachePlugins(maximumBytes = 64 * 1024 * 1024): ApolloServerPlugin<GraphqlContext>[] {
  return [
    markCacheableOperations,
    responseCachePlugin<GraphqlContext>({
      cache: new InMemoryLRUCache({ maxSize: maximumBytes }),
      // Answers are per project (a read key and the secret key of one project see the same data).
      sessionId: async ({ contextValue }) => (contextValue.viewer ? `project:${contextValue.viewer.project.id}` : null),
      shouldReadFromCache: async ({ contextValue, operation }) => contextValue.viewer !== null && isCacheableOperation(operation),
      shouldWriteToCache: async ({ contextValue, operation }) => contextValue.viewer !== null && isCacheableOperation(operation),
      extraCacheKeyData: async (requestContext: RequestContext) => {
        const viewer = requestContext.contextValue.viewer;
        if (!viewer || !isCacheableOperation(requestContext.operation)) return null;
        const { project } = viewer;
        const version = await requestContext.contextValue.services.groupAnalytics.readDataVersion(project);
        return { project, today: todayInTimeZone(project.timeZone), version };
      },
    }),
  ];
}
