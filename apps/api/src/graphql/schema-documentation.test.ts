import {
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphqlSchema } from './schema';

// The schema integrators read (issue #17): every type, field, argument and enum value of the
// committed schema says what it holds. GraphQL's own introspection types and built-in scalars are
// documented by the specification; nothing else is exempt.
export function undocumentedParts(schema: GraphQLSchema): string[] {
  const undocumented: string[] = [];
  const check = (description: string | null | undefined, where: string) => {
    if (!description?.trim()) undocumented.push(where);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    // The root types are named by the specification; their fields are what needs words.
    const isRoot = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(
      type as never,
    );
    if (!isRoot) check(type.description, type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(field.description, `${type.name}.${field.name}`);
        for (const argument of field.args) check(argument.description, `${type.name}.${field.name}(${argument.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(field.description, `${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(value.description, `${type.name}.${value.name}`);
    } else if (isUnionType(type)) {
      // A union's members are types, checked on their own.
    }
  }
  return undocumented.sort();
}

describe('schema documentation', () => {
  it('documents every type, field, argument and enum value of the schema', async () => {
    expect(undocumentedParts(await buildGraphqlSchema())).toEqual([]);
  });
});
