import { ApolloArmor } from '@escape.tech/graphql-armor';

// Bounds on what one request may ask for, so a single query cannot exhaust the server.
// Introspection-sized documents stay within these, and so does every query the web app sends.
export const graphqlProtection = new ApolloArmor({
  maxDepth: { n: 12 },
  maxAliases: { n: 30 },
  maxDirectives: { n: 20 },
  maxTokens: { n: 5_000 },
  costLimit: { maxCost: 10_000 },
  // Suggestions ("did you mean …") help developers; they are only a leak for private schemas.
  blockFieldSuggestion: { enabled: false },
}).protect();
