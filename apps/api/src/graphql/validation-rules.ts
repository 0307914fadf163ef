import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';

// Bounds on what one request may ask for, so a single query cannot exhaust the server.
// Introspection-sized documents stay within these, and so does every query the web app sends.
// Every refusal is answered 400 with `extensions.code` LIMIT_EXCEEDED (graphql/error-mapping.ts).

export const maximumDocumentTokens = 5_000;

/** The refusals of the bounds below, so the error mapping can tell them from other validation errors. */
const limitRejections = new WeakSet<object>();

/**
 * Each bound reports its refusal itself (armor's default handler would report a copy we could not
 * recognise), as a validation error: Apollo answers those with a 400.
 */
const reportLimit = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      const refusal = new GraphQLError(error.message);
      limitRejections.add(refusal);
      context?.reportError(refusal);
    },
  ],
};

export const graphqlProtection = new ApolloArmor({
  maxDepth: { n: 12, ...reportLimit },
  maxAliases: { n: 30, ...reportLimit },
  maxDirectives: { n: 20, ...reportLimit },
  // The token bound is graphql-js's own parser option (`graphqlParseOptions`): armor counts tokens
  // in a plugin hook whose refusal Apollo can only answer with a 500.
  maxTokens: { enabled: false },
  costLimit: { maxCost: 10_000, ...reportLimit },
  // Suggestions ("did you mean …") help developers; they are only a leak for private schemas.
  blockFieldSuggestion: { enabled: false },
}).protect();

export const graphqlParseOptions = { maxTokens: maximumDocumentTokens };

// graphql-js refuses a long document with a plain syntax error; its wording (with a typo in
// graphql 16: "more that") is the only mark.
const tokenLimitMessage = /^Syntax Error: Document contains more tha[nt] \d+ tokens\./;

/**
 * The message to answer when `error` (as graphql-js or armor made it) is the refusal of one of the
 * bounds above, else null. Worded alike for every bound: "<bound> limit of <n> exceeded".
 */
export function queryLimitRefusal(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  if (limitRejections.has(error)) return error.message;
  if (tokenLimitMessage.test(error.message)) return `Syntax Error: Token limit of ${maximumDocumentTokens} exceeded.`;
  return null;
}
