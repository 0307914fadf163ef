// Starts the real leadmaps server (HTTP, GraphQL, ingest) on 127.0.0.1 with a fresh database.
import { loadConfig } from '../../apps/api/src/config/config';
import { createLogger } from '../../apps/api/src/lib/logger';
import { startServer, type RunningServer } from '../../apps/api/src/server';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestServer extends RunningServer {
  testDatabase: TestDatabase;
  stop(): Promise<void>;
}

/**
 * The configuration a test server starts with: on 127.0.0.1, a port the system picks, no demo
 * data, no scheduler and no web app, unless `environment` says otherwise.
 */
export function testServerConfig(environment: Record<string, string> = {}): ReturnType<typeof loadConfig> {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LEADMAPS_DEMO_DATA: 'false',
    LEADMAPS_SCHEDULER: 'false',
    LEADMAPS_WEB: 'false',
    ...environment,
  });
}

export async function startTestServer(environment: Record<string, string> = {}): Promise<TestServer> {
  const testDatabase = await createTestDatabase();
  const config = testServerConfig(environment);
  config.database = testDatabase.config;
  const server = await startServer(config, { logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  return {
    ...server,
    testDatabase,
    stop: async () => {
      await server.close();
      await testDatabase.drop();
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of any endpoint, read field by field in the assertions, where a wrong path fails the test.
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

export async function graphql(
  server: { url: string },
  key: string | null,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const response = await postJson(
    `${server.url}/graphql`,
    { query, variables },
    key ? { authorization: `Bearer ${key}` } : {},
  );
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers of any endpoint, read field by field in the assertions, where a wrong path fails the test.
  return response.json as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

export interface TestServerWithProject {
  server: TestServer;
  projectId: number;
  ingestKey: string;
  secretKey: string;
  /**
   * Raw SQL on the server's database, for checking what landed. It first waits for the rollups
   * to catch up with everything acknowledged, as every GraphQL request does.
   */
  // biome-ignore lint/suspicious/noExplicitAny: rows of any table, read column by column in the assertions.
  query<T = any>(sql: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
}

/** The real server with one project, for tests that send data and read it back. */
export async function startTestServerWithProject(project: {
  name: string;
  keyActions?: string[];
  timeZone?: string;
}): Promise<TestServerWithProject> {
  const server = await startTestServer();
  const created = await server.services.projects.createProject(project);
  return {
    server,
    projectId: created.project.id,
    ingestKey: created.project.ingestKey,
    secretKey: created.secretKey,
    query: async (sql, ...values) => {
      await server.services.rollups.catchUpAll();
      return server.database.prisma.$queryRaw(sql, ...values);
    },
  };
}
