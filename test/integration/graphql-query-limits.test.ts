// The README's query bounds ("GraphQL API": depth 12, 30 aliases, 5000 tokens, a cost limit), at
// their edges: one step inside is executed, one step outside is refused before any resolver runs.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsQuery } from '../factories/analytics-client';
import { postJson, startTestServer, type TestServer } from '../support/test-server';

/** `{ project { … name } }` with `fragments` inline fragments in between: depth fragments + 2. */
function queryOfDepth(depth: number): string {
  let selection = 'name';
  for (let level = 0; level < depth - 2; level += 1) selection = `... on Project { ${selection} }`;
  return `{ project { ${selection} } }`;
}

function queryWithAliases(count: number): string {
  return `{ ${Array.from({ length: count }, (_, index) => `alias${index}: project { name }`).join(' ')} }`;
}

/**
 * Exactly `tokens` lexical tokens: 19 around a list of enum values (commas do not count). The
 * group type does not exist, so a document inside the bounds answers NOT_FOUND from the resolver.
 */
function queryOfTokens(tokens: number): string {
  const values = Array.from({ length: tokens - 19 }, () => 'RISING').join(' ');
  return `{ groups(groupType: "nothing", filter: { trend: [${values}] }) { totalCount } }`;
}

/** 25 group details, each with its people, events and history: far beyond the cost limit. */
const costlyQuery = `{ ${Array.from(
  { length: 25 },
  (_, index) => `detail${index}: group(groupType: "company", value: "acme") {
  people(first: 100) { userId deviceId events activeDays firstSeen lastSeen }
  recentEvents(first: 100) { eventType time userId properties attribution }
  propertyHistory(first: 100) { key value operation source changedAt } }`,
).join(' ')} }`;

describe('GraphQL query bounds', () => {
  let server: TestServer;
  let secretKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    secretKey = (await server.services.projects.createProject({ name: 'Limits' })).secretKey;
  });
  afterAll(async () => server?.stop());

  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await postJson(
      `${server.url}/graphql`,
      { query, variables },
      { authorization: `Bearer ${secretKey}` },
    );
    return {
      status: response.status,
      body: response.json as {
        data?: Record<string, unknown>;
        errors?: { message: string; extensions?: { code?: string } }[];
      },
    };
  };
  const expectRefused = (answer: Awaited<ReturnType<typeof ask>>, message: string) => {
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([{ message, extensions: { code: 'LIMIT_EXCEEDED' } }]);
  };

  it('executes depth 12 and refuses depth 13', async () => {
    const inside = await ask(queryOfDepth(12));
    expect(inside).toEqual({ status: 200, body: { data: { project: { name: 'Limits' } } } });
    const outside = await ask(queryOfDepth(13));
    expect(outside.status).toBe(400);
    expectRefused(outside, 'Syntax Error: Query depth limit of 12 exceeded, found 13.');
  });

  it('executes 30 aliases and refuses 31', async () => {
    const inside = await ask(queryWithAliases(30));
    expect(inside.status).toBe(200);
    expect(Object.keys(inside.body.data!)).toHaveLength(30);
    const outside = await ask(queryWithAliases(31));
    expect(outside.status).toBe(400);
    expectRefused(outside, 'Syntax Error: Aliases limit of 30 exceeded, found 31.');
  });

  it('executes 5000 tokens and refuses 5001', async () => {
    const inside = await ask(queryOfTokens(5000));
    expect(inside.body.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    const outside = await ask(queryOfTokens(5001));
    expect(outside.status).toBe(400);
    expectRefused(outside, 'Syntax Error: Token limit of 5000 exceeded.');
  });

  it('refuses a query beyond the cost limit and executes the Groups page query', async () => {
    const costly = await ask(costlyQuery);
    expect(costly.status).toBe(400);
    expect(costly.body.data).toBeUndefined();
    expect(costly.body.errors).toHaveLength(1);
    expect(costly.body.errors![0]!.message).toMatch(
      /^Syntax Error: Query Cost limit of 10000 exceeded, found \d+(\.\d+)?\.$/,
    );
    expect(costly.body.errors![0]!.extensions?.code).toBe('LIMIT_EXCEEDED');
    // The heaviest list read: a page of 200 rows with sparklines, figures and risk.
    const page = await ask(groupsQuery, {
      groupType: 'company',
      first: 200,
      range: { from: '2026-01-01', to: '2026-12-31' },
    });
    expect(page.body.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  // The README promises `extensions.code` LIMIT_EXCEEDED for these refusals, and a refused
  // document is a client error (400).
  it('answers LIMIT_EXCEEDED for every bound, as the README says', async () => {
    for (const query of [queryOfDepth(13), queryWithAliases(31), queryOfTokens(5001), costlyQuery]) {
      expect((await ask(query)).body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    }
  });

  it('answers a document over the token limit with a 400, as every other bound does', async () => {
    expect((await ask(queryOfTokens(5001))).status).toBe(400);
  });

  it('refuses more than 20 directives, a nesting deeper than the parser can go, and batched requests', async () => {
    const directives = await ask(`{ project ${'@include(if: true) '.repeat(21)} { name } }`);
    expect(directives.status).toBe(400);
    expect(directives.body.errors?.[0]).toEqual({
      message: 'Syntax Error: Directives limit of 20 exceeded, found 21.',
      extensions: { code: 'LIMIT_EXCEEDED' },
    });
    // Within the token bound, 2,400 levels may exhaust the recursive parser's stack (here, in a
    // test worker) or reach the depth bound: a 400 either way, never a 500.
    const nested = await ask(`${'{ project '.repeat(2_400)}${'}'.repeat(2_400)}`);
    expect(nested.status).toBe(400);
    expect(nested.body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    const batch = await postJson(
      `${server.url}/graphql`,
      [{ query: '{ project { name } }' }, { query: '{ __typename }' }],
      {
        authorization: `Bearer ${secretKey}`,
      },
    );
    expect(batch.status).toBe(400);
    expect(batch.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('bounds introspection depth: the standard introspection query runs, one level more is refused', async () => {
    const standard = await ask(getIntrospectionQuery());
    expect(standard.status).toBe(200);
    expect(standard.body.errors).toBeUndefined();
    // __schema types fields type + 11 × ofType + name = 16 levels; also through a fragment.
    const ofTypes = (levels: number) => `${'ofType { '.repeat(levels)}name${' }'.repeat(levels)}`;
    for (const query of [
      `{ __schema { types { fields { type { ${ofTypes(11)} } } } } }`,
      `{ ...Deep } fragment Deep on Query { __schema { types { fields { type { ...Chain } } } } } fragment Chain on __Type { ${ofTypes(11)} }`,
    ]) {
      const deep = await ask(query);
      expect(deep.status).toBe(400);
      expectRefused(deep, 'Syntax Error: Introspection depth limit of 15 exceeded, found 16.');
    }
    const inside = await ask(`{ __schema { types { fields { type { ${ofTypes(10)} } } } } }`);
    expect(inside.status).toBe(200);
  });
});

describe('GraphQL schema visibility (introspection and suggestions)', () => {
  const introspection = '{ __schema { queryType { name } } }';
  const typo = '{ projec { name } }';

  async function answer(server: TestServer, query: string, key: string | null) {
    const response = await postJson(`${server.url}/graphql`, { query }, key ? { authorization: `Bearer ${key}` } : {});
    return {
      status: response.status,
      body: response.json as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
    };
  }

  describe('outside production', () => {
    let server: TestServer;
    let secretKey: string;
    beforeAll(async () => {
      server = await startTestServer();
      secretKey = (await server.services.projects.createProject({ name: 'Visible' })).secretKey;
    });
    afterAll(async () => server?.stop());

    it('answers introspection and suggestions to a request with a key', async () => {
      expect(await answer(server, introspection, secretKey)).toEqual({
        status: 200,
        body: { data: { __schema: { queryType: { name: 'Query' } } } },
      });
      const misspelt = await answer(server, typo, secretKey);
      expect(misspelt.status).toBe(400);
      expect(misspelt.body.errors?.[0]?.message).toBe(
        'Cannot query field "projec" on type "Query". Did you mean "project"?',
      );
    });

    it('refuses introspection without a key or with a wrong one, and hides suggestions', async () => {
      for (const key of [null, 'lm_secret_not-a-key']) {
        const refused = await answer(server, introspection, key);
        expect(refused.status).toBe(400);
        expect(refused.body.data).toBeUndefined();
        expect(refused.body.errors).toEqual([
          {
            message:
              'Introspection is only available with a project key (Authorization: Bearer <key>) outside production.',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ]);
        const misspelt = await answer(server, typo, key);
        expect(misspelt.status).toBe(400);
        expect(misspelt.body.errors?.[0]?.message).toBe('Cannot query field "projec" on type "Query".');
        const enumTypo = await answer(
          server,
          '{ groups(groupType: "a", filter: { trend: [RISINGG] }) { totalCount } }',
          key,
        );
        expect(enumTypo.status).toBe(400);
        expect(enumTypo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
      }
      // __typename is not introspection: every client library asks for it.
      expect((await answer(server, '{ __typename }', null)).body).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('in production', () => {
    let server: TestServer;
    let secretKey: string;
    beforeAll(async () => {
      // Even asked for: production never shows the schema.
      server = await startTestServer({ NODE_ENV: 'production', LEADMAPS_GRAPHQL_INTROSPECTION: 'true' });
      secretKey = (await server.services.projects.createProject({ name: 'Hidden' })).secretKey;
    });
    afterAll(async () => server?.stop());

    it('refuses introspection and hides suggestions even with a key', async () => {
      const refused = await answer(server, introspection, secretKey);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const misspelt = await answer(server, typo, secretKey);
      expect(misspelt.body.errors?.[0]?.message).toBe('Cannot query field "projec" on type "Query".');
      expect((await answer(server, '{ project { name } }', secretKey)).body).toEqual({
        data: { project: { name: 'Hidden' } },
      });
    });
  });
});
