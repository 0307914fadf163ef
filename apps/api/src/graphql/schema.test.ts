import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraphqlSchema, emittedSchemaPath, printGraphqlSchema } from './schema';

describe('committed GraphQL schema', () => {
  it('matches what the resolvers build (run `npm run schema:emit` after changing them)', async () => {
    const built = printGraphqlSchema(await buildGraphqlSchema());
    expect(readFileSync(emittedSchemaPath, 'utf8')).toBe(built);
  });
});
