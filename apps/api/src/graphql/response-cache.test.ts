import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isCacheableOperation } from './response-cache';

const operationOf = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;

describe('isCacheableOperation', () => {
  it('takes queries made only of the Groups page reads', () => {
    expect(isCacheableOperation(operationOf('{ groups(groupType: "company") { totalCount } }'))).toBe(true);
    expect(isCacheableOperation(operationOf('query { groupTypes { name } accountReport(groupType: "company") { active } __typename }'))).toBe(true);
  });

  it('refuses mutations, other root fields and fragments at the root', () => {
    expect(isCacheableOperation(operationOf('mutation { setKeyActions(eventTypes: []) { name } }'))).toBe(false);
    expect(isCacheableOperation(operationOf('{ groups(groupType: "company") { totalCount } project { name } }'))).toBe(false);
    expect(isCacheableOperation(operationOf('{ ...Root } '))).toBe(false);
    expect(isCacheableOperation(undefined)).toBe(false);
  });
});
