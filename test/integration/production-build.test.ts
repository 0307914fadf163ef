// The production build: the API compiled ahead of time by the same function `npm run build` and
// `npm start` use, then run as plain JavaScript by a separate Node process (no tsx, no TypeScript),
// the way `npm start` runs it. The compiled project command creates a project, the compiled server
// starts on a free port, answers /readyz, takes an event and answers GraphQL with it; a start that
// fails prints a stack trace pointing back into the TypeScript sources through the source maps.
// The web app is left out (LEADMAPS_WEB=false): its build is Next's and the browser tests cover it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../apps/api/src/database/paths';
import { buildApi } from '../../scripts/build-api.mjs';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const runFile = promisify(execFile);
const scratch = join(repositoryRoot, '.scratch', `production-build-${randomBytes(4).toString('hex')}`);
const buildDirectory = join(scratch, 'dist');
// What scripts/start.mjs passes to the compiled server.
const nodeArguments = ['--enable-source-maps', '--experimental-wasm-modules', '--no-warnings=ExperimentalWarning'];

let database: TestDatabase;
let environment: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
let serverOutput = '';
let baseUrl: string;
let keys: { secret: string; ingest: string };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitUntilReady(url: string, timeoutMilliseconds: number): Promise<Response> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    if (server?.exitCode !== null) throw new Error(`the compiled server exited:\n${serverOutput}`);
    const response = await fetch(url).catch(() => null);
    if (response?.ok) return response;
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMilliseconds} ms:\n${serverOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function graphqlRequest(query: string, key = keys.secret) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

beforeAll(async () => {
  database = await createTestDatabase();
  mkdirSync(scratch, { recursive: true });
  await buildApi({ outdir: buildDirectory, log: () => {} });
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  environment = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LEADMAPS_DEMO_DATA: 'false',
    LEADMAPS_SCHEDULER: 'false',
    LEADMAPS_WEB: 'false',
    LOG_FORMAT: 'json',
    ...(database.config.kind === 'server'
      ? { DATABASE_URL: database.config.url }
      : { DATABASE_URL: '', LEADMAPS_DATA_DIR: join(scratch, 'data') }),
  };

  // The compiled project command, before the server holds the embedded database.
  const created = await runFile(
    process.execPath,
    [...nodeArguments, join(buildDirectory, 'cli', 'project.mjs'), 'create', '--name', 'Compiled'],
    { cwd: repositoryRoot, env: environment },
  );
  const secret = /secret key: (lm_secret_\S+)/.exec(created.stdout)?.[1];
  const ingest = /ingest key: (\S+)/.exec(created.stdout)?.[1];
  if (!secret || !ingest) throw new Error(`no keys in the project command's output:\n${created.stdout}`);
  keys = { secret, ingest };

  server = spawn(process.execPath, [...nodeArguments, join(buildDirectory, 'main.mjs')], {
    cwd: repositoryRoot,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => (serverOutput += chunk));
  server.stderr?.on('data', (chunk) => (serverOutput += chunk));
  await waitUntilReady(`${baseUrl}/readyz`, 45_000);
}, 90_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(scratch, { recursive: true, force: true });
  await database?.drop();
});

describe('production build', () => {
  it('is plain JavaScript with source maps, and loads no TypeScript compiler', () => {
    const files = readdirSync(buildDirectory, { recursive: true }).map(String);
    const modules = files.filter((file) => file.endsWith('.mjs'));
    expect(modules).toEqual(
      expect.arrayContaining(['main.mjs', join('cli', 'project.mjs'), join('cli', 'migrate.mjs')]),
    );
    for (const module of modules) {
      expect(files).toContain(`${module}.map`);
      const code = readFileSync(join(buildDirectory, module), 'utf8');
      expect(code).not.toMatch(/from ["'](tsx|typescript|esbuild)["']/);
      expect(code).not.toMatch(/from ["'][^"']*\.ts["']/);
      expect(code).toContain(`//# sourceMappingURL=${module.split('/').pop()}.map`);
    }
    const map = JSON.parse(readFileSync(join(buildDirectory, 'main.mjs.map'), 'utf8'));
    expect(map.sources.some((source: string) => source.endsWith('apps/api/src/main.ts'))).toBe(true);
    expect(existsSync(join(buildDirectory, 'main.mjs'))).toBe(true);
  });

  it('answers /readyz and GraphQL, and takes events, from the compiled server', async () => {
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);

    const ingested = await fetch(`${baseUrl}/2/httpapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: keys.ingest,
        events: [{ event_type: 'Report Created', user_id: 'ann@acme.example', insert_id: 'compiled-1' }],
      }),
    });
    expect(ingested.status).toBe(200);

    const answer = await graphqlRequest(
      '{ project { name } viewer { access } events(first: 5) { edges { node { eventType } } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.project.name).toBe('Compiled');
    expect(answer.data.viewer.access).toBe('ADMIN');
    expect(answer.data.events.edges.map((edge: { node: { eventType: string } }) => edge.node.eventType)).toEqual([
      'Report Created',
    ]);
  });

  it('prints stack traces that point into the TypeScript sources', async () => {
    const failed = await runFile(process.execPath, [...nodeArguments, join(buildDirectory, 'main.mjs')], {
      cwd: repositoryRoot,
      env: { ...environment, PORT: 'not-a-port' },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toContain('PORT: Invalid input');
    expect(failed?.stderr).toMatch(/at loadConfig \(.*apps\/api\/src\/config\/config\.ts:\d+:\d+\)/);
  });

  it('refuses a bad key with the usual error', async () => {
    const answer = await graphqlRequest('{ project { name } }', 'lm_secret_not-a-key');
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
