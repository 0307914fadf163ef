// Scalars of the analytics API. `Date` is a project-local calendar day, not an instant, so it
// travels as "YYYY-MM-DD" and never passes through a JavaScript Date.
import { createRequire } from 'node:module';
import { isLocalDay } from '@leadmaps/shared';
import type * as GraphqlModule from 'graphql';
import type * as GraphqlScalarsModule from 'graphql-scalars';

// graphql ships a CommonJS and an ESM build. type-graphql, loaded by Node, gets the CommonJS one
// (the package has no "exports" map), while bundler-style loaders (vitest) hand our sources the
// ESM one; a scalar built from the other copy fails type-graphql's instanceof check. Requiring
// both packages here always yields the copy type-graphql uses.
const require = createRequire(import.meta.url);
const { GraphQLError, GraphQLScalarType, Kind } = require('graphql') as typeof GraphqlModule;
const { GraphQLJSON } = require('graphql-scalars') as typeof GraphqlScalarsModule;

function parseLocalDay(value: unknown): string {
  if (typeof value !== 'string' || !isLocalDay(value)) {
    throw new GraphQLError(`A Date must be a calendar day written "YYYY-MM-DD", got ${JSON.stringify(value)}.`);
  }
  return value;
}

export const LocalDayScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in the project time zone, "YYYY-MM-DD".',
  serialize: (value) => parseLocalDay(value),
  parseValue: (value) => parseLocalDay(value),
  parseLiteral: (ast) => parseLocalDay(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO-8601 in UTC (e.g. "2026-11-25T09:30:00.000Z").',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('Invalid DateTime value.');
    return date.toISOString();
  },
  parseValue: (value) => {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime()))
      throw new GraphQLError('A DateTime must be an ISO-8601 string.');
    return date;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime()))
      throw new GraphQLError('A DateTime must be an ISO-8601 string.');
    return new Date(ast.value);
  },
});

export const JsonScalar = GraphQLJSON;
