// .env.example is the documentation of every variable config.ts reads (README "Configuration").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentSchema, loadConfig } from './config';

const examplePath = fileURLToPath(new URL('../../../../.env.example', import.meta.url));
const exampleLines = readFileSync(examplePath, 'utf8').split('\n');

describe('.env.example', () => {
  it('lists every variable of config.ts, each under a comment that explains it', () => {
    const undocumented = Object.keys(environmentSchema.shape).filter((name) => {
      let line = exampleLines.findIndex((text) => text.startsWith(`${name}=`));
      if (line < 0) return true;
      // Variables set together (HOST, PORT) share the comment above the first of them.
      while (line > 0 && /^[A-Z_]+=/.test(exampleLines[line - 1]!)) line -= 1;
      return line < 1 || !exampleLines[line - 1]!.startsWith('#');
    });
    expect(undocumented).toEqual([]);
  });
});

describe('GraphQL introspection setting', () => {
  it('is on outside production unless turned off, and never on in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).graphqlIntrospection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', LEADMAPS_GRAPHQL_INTROSPECTION: 'false' }).graphqlIntrospection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).graphqlIntrospection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', LEADMAPS_GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(
      false,
    );
  });
});

describe('LEADMAPS_CORS_ORIGINS', () => {
  it('is a list of exact origins, empty by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).graphqlCorsOrigins).toEqual([]);
    expect(
      loadConfig({ NODE_ENV: 'test', LEADMAPS_CORS_ORIGINS: 'https://app.example.com, http://127.0.0.1:3000/' })
        .graphqlCorsOrigins,
    ).toEqual(['https://app.example.com', 'http://127.0.0.1:3000']);
  });

  it.each(['*', 'https://app.example.com/path', 'app.example.com', 'ftp://files.example.com', 'https://*.example.com'])(
    'refuses %s at start, naming the variable',
    (value) => {
      expect(() => loadConfig({ NODE_ENV: 'test', LEADMAPS_CORS_ORIGINS: value })).toThrow(/LEADMAPS_CORS_ORIGINS/);
    },
  );
});
