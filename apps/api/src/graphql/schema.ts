import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  getNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { buildSchema } from 'type-graphql';
import { repositoryRoot } from '../database/paths';
import { ProjectResolver } from '../modules/projects/project.resolver';
import { authChecker } from './auth-checker';
import { resolverClasses } from './resolvers';

export const emittedSchemaPath = join(repositoryRoot, 'apps/api/schema.graphql');

export async function buildGraphqlSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [ProjectResolver, ...resolverClasses],
    authChecker,
    authMode: 'error',
    validate: false,
  });
  documentConnectionFields(schema);
  return schema;
}

// Every list is a connection of the one shape (lib/connection.ts): their common fields, the types
// themselves when they say nothing more, and the `after` argument of every field that returns one
// are documented here once rather than on each class.
const connectionFieldDescriptions: Record<string, Record<string, string>> = {
  Connection: {
    edges: 'The rows of this page, in the order of the list.',
    pageInfo: 'Where this page stands: pass `pageInfo.endCursor` as `after` for the next page.',
  },
  Edge: {
    cursor: 'Pass as `after` to continue the list after this row.',
    node: 'The row.',
  },
};

const afterDescription =
  "Cursor of the row to continue after (a page's `pageInfo.endCursor` or an edge's `cursor`); omitted: the first page.";

/** The type of an edge's node (the row the list holds). */
function nodeTypeName(edge: GraphQLObjectType): string {
  const node = edge.getFields().node;
  return node ? getNamedType(node.type).name : edge.name.slice(0, -'Edge'.length);
}

function documentConnectionFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const returnsConnection = getNamedType(field.type).name.endsWith('Connection');
      for (const argument of field.args) {
        if (returnsConnection && argument.name === 'after' && !argument.description) {
          argument.description = afterDescription;
        }
      }
    }
    const suffix = type.name.endsWith('Connection') ? 'Connection' : type.name.endsWith('Edge') ? 'Edge' : null;
    if (!suffix) continue;
    if (!type.description) {
      type.description =
        suffix === 'Edge'
          ? `One ${nodeTypeName(type)} row of a page, with its cursor.`
          : 'A page of a list (Relay connection): its rows as edges and where the page stands.';
    }
    for (const field of Object.values(type.getFields())) {
      const description = connectionFieldDescriptions[suffix]![field.name];
      if (description && !field.description) field.description = description;
    }
  }
}

export function printGraphqlSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export async function emitGraphqlSchema(): Promise<string> {
  const text = printGraphqlSchema(await buildGraphqlSchema());
  writeFileSync(emittedSchemaPath, text);
  return text;
}
