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
  const name = `leadmaps_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'server', url: url.toString() },
    label: 'postgresql',
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
