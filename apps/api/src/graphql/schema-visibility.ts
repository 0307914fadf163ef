import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, type DocumentNode, GraphQLError, visit } from 'graphql';
import type { GraphqlContext } from './context';

// The schema's shape (introspection, "Did you mean …" suggestions) is for the developers of a
// project: it is shown only to requests that carry a valid key or browser session, and never in
// production, where it only helps someone probing the API. Apollo's `introspection` option is
// one switch for every request; this plugin decides per request, once the context knows the viewer.

const suggestion = / ?Did you mean [^?]*\?/g;

function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** `enabled`: config.graphqlIntrospection (off in production whatever the environment says). */
export function schemaVisibilityPlugin(enabled: boolean): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart({ contextValue }) {
      const visible = enabled && contextValue.viewer != null;
      if (visible) return undefined;
      return {
        async didResolveOperation({ document }) {
          if (!asksForIntrospection(document)) return;
          // A validation failure like Apollo's own NoIntrospection rule: 400, not the 500 Apollo
          // answers for errors from plugins that carry no HTTP status.
          throw new GraphQLError(
            'Introspection is only available with a project key (Authorization: Bearer <key>) outside production.',
            { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
          );
        },
        // Suggestions come from validation (field, argument, type names) and from variable
        // coercion (enum values): clean every error of the answer, whichever step made it.
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => {
            const message = error.message.replace(suggestion, '');
            return message === error.message ? error : { ...error, message };
          });
        },
      };
    },
  };
}
