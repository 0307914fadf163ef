import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type ASTVisitor,
  BREAK,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValidationContext,
  visit,
} from 'graphql';

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

const armor = new ApolloArmor({
  // Armor skips `__schema` here; introspection has its own bound below.
  maxDepth: { n: 12, ...reportLimit },
  maxAliases: { n: 30, ...reportLimit },
  maxDirectives: { n: 20, ...reportLimit },
  // The token bound is graphql-js's own parser option (`graphqlParseOptions`): armor counts tokens
  // in a plugin hook whose refusal Apollo can only answer with a 500.
  maxTokens: { enabled: false },
  costLimit: { maxCost: 10_000, ...reportLimit },
  // Suggestions ("did you mean …") are removed per request instead (graphql/schema-visibility.ts).
  blockFieldSuggestion: { enabled: false },
}).protect();

/**
 * Introspection is bounded too: `ofType { ofType { … } }` nests at will, and graphql-js's own
 * introspection rule only counts `fields`/`inputFields`/`interfaces`/`possibleTypes`. Counted in
 * fields from the operation (fragments flattened): graphql-js's getIntrospectionQuery, which
 * GraphiQL and code generators send, reaches 15.
 */
export const maximumIntrospectionDepth = 15;

const maximumWalkSteps = 100_000;

function introspectionDepthRule(context: ValidationContext): ASTVisitor {
  const document = context.getDocument();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  // Most documents never introspect: one look at every field name, without following fragments.
  let introspects = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      introspects = true;
      return BREAK;
    },
  });

  // The deepest field under an introspection field, walking the operation with fragments
  // flattened. An explicit stack, not recursion: a document may nest thousands deep within the
  // token bound. A fragment inside itself is NoFragmentCyclesRule's refusal; here it just ends.
  // Fragments spread several times multiply the walk: past `maximumWalkSteps` it stops and refuses.
  const introspectionDepth = (operation: OperationDefinitionNode): number => {
    let deepest = 0;
    let steps = 0;
    const pending: {
      selections: readonly SelectionNode[];
      depth: number;
      introspecting: boolean;
      via: ReadonlySet<string>;
    }[] = [{ selections: operation.selectionSet.selections, depth: 0, introspecting: false, via: new Set() }];
    while (pending.length) {
      const { selections, depth, introspecting, via } = pending.pop()!;
      for (const selection of selections) {
        steps += 1;
        if (steps > maximumWalkSteps) return Number.POSITIVE_INFINITY;
        if (selection.kind === Kind.FIELD) {
          const inside = introspecting || selection.name.value === '__schema' || selection.name.value === '__type';
          if (inside) deepest = Math.max(deepest, depth + 1);
          if (selection.selectionSet)
            pending.push({
              selections: selection.selectionSet.selections,
              depth: depth + 1,
              introspecting: inside,
              via,
            });
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          pending.push({ selections: selection.selectionSet.selections, depth, introspecting, via });
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment && !via.has(name))
            pending.push({
              selections: fragment.selectionSet.selections,
              depth,
              introspecting,
              via: new Set([...via, name]),
            });
        }
      }
    }
    return deepest;
  };

  return {
    OperationDefinition(operation) {
      if (!introspects) return false;
      const depth = introspectionDepth(operation);
      if (depth > maximumIntrospectionDepth) {
        const found = Number.isFinite(depth) ? `found ${depth}` : 'too many fragment spreads to count';
        const refusal = new GraphQLError(
          `Syntax Error: Introspection depth limit of ${maximumIntrospectionDepth} exceeded, ${found}.`,
        );
        limitRejections.add(refusal);
        context.reportError(refusal);
      }
      return false;
    },
  };
}

export const graphqlProtection = {
  ...armor,
  validationRules: [...armor.validationRules, introspectionDepthRule],
};

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
