import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { GraphqlResponseCache, isCacheableOperation, responseCacheMilliseconds } from './response-cache';

const operationOf = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;

describe('isCacheableOperation', () => {
  it('takes queries made only of the Groups page reads', () => {
    expect(isCacheableOperation(operationOf('{ groups(groupType: "company") { totalCount } }'))).toBe(true);
    expect(
      isCacheableOperation(
        operationOf('query { groupTypes { name } accountReport(groupType: "company") { active } __typename }'),
      ),
    ).toBe(true);
  });

  it('refuses mutations, other root fields and fragments at the root', () => {
    expect(isCacheableOperation(operationOf('mutation { setKeyActions(eventTypes: []) { name } }'))).toBe(false);
    expect(isCacheableOperation(operationOf('{ groups(groupType: "company") { totalCount } project { name } }'))).toBe(
      false,
    );
    expect(isCacheableOperation(operationOf('{ ...Root } '))).toBe(false);
    expect(isCacheableOperation(undefined)).toBe(false);
  });
});

describe('GraphqlResponseCache', () => {
  it('takes only documents whose every operation qualifies, and survives bad input', () => {
    const cache = new GraphqlResponseCache();
    expect(cache.isCacheableRequest({ query: '{ groupTypes { name } }' })).toBe(true);
    expect(
      cache.isCacheableRequest({
        query: 'query A { groupTypes { name } } mutation B { setKeyActions(eventTypes: []) { name } }',
        operationName: 'A',
      }),
    ).toBe(false);
    expect(cache.isCacheableRequest({ query: '{ groupTypes { name ' })).toBe(false);
    expect(cache.isCacheableRequest({ query: 42 })).toBe(false);
    expect(cache.isCacheableRequest({ query: '{ groupTypes { name } }', operationName: 7 })).toBe(false);
    expect(cache.isCacheableRequest(undefined)).toBe(false);
  });

  it("leaves out documents that reach a row's Group (people, memberships, events), fragments included", () => {
    const cache = new GraphqlResponseCache();
    expect(cache.isCacheableRequest({ query: '{ groups(groupType: "c") { edges { node { value } } } }' })).toBe(true);
    expect(
      cache.isCacheableRequest({
        query: '{ groups(groupType: "c") { edges { node { group { members { totalCount } } } } } }',
      }),
    ).toBe(false);
    expect(
      cache.isCacheableRequest({
        query:
          '{ groups(groupType: "c") { edges { node { ...Row } } } } fragment Row on GroupSummary { group { value } }',
      }),
    ).toBe(false);
  });

  it('forgets answers after their lifetime', () => {
    let now = 1_000_000;
    const cache = new GraphqlResponseCache(1024 * 1024, () => now);
    cache.set('key', '{"data":{}}');
    now += responseCacheMilliseconds - 1;
    expect(cache.get('key')?.body).toBe('{"data":{}}');
    now += 2;
    expect(cache.get('key')).toBeUndefined();
  });
});
