// A fresh, migrated database per test file: a new database on the PostgreSQL server named by
// TEST_DATABASE_URL (or DATABASE_URL), otherwise an in-memory embedded PGlite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../apps/api/src/config/config';

export interface TestDatabase {
  config: DatabaseConfig;
  label: string;
  drop(): Promise<void>;
}

export function serverTestUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = serverTestUrl();
  if (!serverUrl) {
    return { config: { kind: 'embedded', dataDirectory: 'memory://' }, label: 'pglite', drop: async () => {} };
  }
  const scratch = await createScratchDatabase(serverUrl, `leadmaps_test_${randomBytes(6).toString('hex')}`);
  return { config: { kind: 'server', url: scratch.url }, label: 'postgresql', drop: scratch.drop };
}

/** Creates database `name` on the server at `serverUrl` (tests and benchmarks); `drop` removes it. */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const runOnServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await runOnServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runOnServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
