import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { repositoryRoot } from '../database/paths';
import { ProjectResolver } from '../modules/projects/project.resolver';
import { authChecker } from './auth-checker';
import { resolverClasses } from './resolvers';

export const emittedSchemaPath = join(repositoryRoot, 'apps/api/schema.graphql');

export async function buildGraphqlSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [ProjectResolver, ...resolverClasses],
    authChecker,
    authMode: 'error',
    validate: false,
  });
}

export function printGraphqlSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export async function emitGraphqlSchema(): Promise<string> {
  const text = printGraphqlSchema(await buildGraphqlSchema());
  writeFileSync(emittedSchemaPath, text);
  return text;
}
