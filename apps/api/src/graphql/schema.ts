import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
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

// Every list is a connection of the one shape (lib/connection.ts): their common fields are
// documented here once rather than on each connection and edge class.
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

function documentConnectionFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const suffix = type.name.endsWith('Connection') ? 'Connection' : type.name.endsWith('Edge') ? 'Edge' : null;
    if (!suffix) continue;
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
