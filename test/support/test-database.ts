// A fresh, migrated database per test file: a new database on the PostgreSQL server named by
// TEST_DATABASE_URL (or DATABASE_URL), otherwise an in-memory embedded PGlite.
//
// A test process that crashes (or is killed) never drops its database. So the name records when
// it was created (`leadmaps_test_<seconds since epoch>_<random>`), and each test process first
// drops the test databases older than `staleAfterHours`: no test file runs that long, so such a
// database belongs to no running test. Databases named otherwise (other tools, older runs whose
// age cannot be told) are never touched.
//
// Both times come from the PostgreSQL server's clock, never the test process's: a test that fakes
// `Date` (or a machine whose clock is set while tests run) must not make a live database look
// stale. And a live database is never idle: a keeper connection stays open on it until `drop`, so
// DROP DATABASE without FORCE (all the sweep uses) cannot remove it while its test runs, even
// between two pool connections. A crashed process's keeper closes with it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../apps/api/src/config/config';
import { citusTestWorkers, dropCitusTestDatabase, prepareTestDatabaseShape } from './citus-test-database';

export interface TestDatabase {
  config: DatabaseConfig;
  label: string;
  drop(): Promise<void>;
}

export const testDatabasePrefix = 'leadmaps_test_';
export const staleAfterHours = 6;

export function serverTestUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** `leadmaps_test_<seconds>_<random hex>`: the creation time is part of the name. */
export function testDatabaseName(createdAt: Date): string {
  return `${testDatabasePrefix}${Math.floor(createdAt.getTime() / 1000)}_${randomBytes(6).toString('hex')}`;
}

/** The creation time a test database's name records, or null for a name in another format. */
export function createdAtOfTestDatabase(name: string): Date | null {
  const match = /^leadmaps_test_(\d{10})_[0-9a-f]{12}$/.exec(name);
  return match ? new Date(Number(match[1]) * 1000) : null;
}

let staleDropped: Promise<string[]> | undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = serverTestUrl();
  if (!serverUrl) {
    return { config: { kind: 'embedded', dataDirectory: 'memory://' }, label: 'pglite', drop: async () => {} };
  }
  // Once per test process (each test file runs in its own process).
  staleDropped ??= serverClock(serverUrl).then((now) => dropStaleTestDatabases(serverUrl, now));
  await staleDropped;
  const name = testDatabaseName(await serverClock(serverUrl));
  const scratch = await createScratchDatabase(serverUrl, name);
  await prepareTestDatabaseShape(scratch.url, name);
  const keeper = new pg.Client({ connectionString: scratch.url, application_name: 'leadmaps test keeper' });
  // Tests that cut connections (pg_terminate_backend) may cut this one too: that is not an error.
  keeper.on('error', () => {});
  await keeper.connect();
  return {
    config: { kind: 'server', url: scratch.url },
    label: 'postgresql',
    drop: async () => {
      await keeper.end().catch(() => {});
      if (citusTestWorkers().length) await dropCitusTestDatabase(serverUrl, name);
      else await scratch.drop();
    },
  };
}

/** The PostgreSQL server's current time (not this process's, which a test may fake). */
async function serverClock(serverUrl: string): Promise<Date> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    return rows[0]!.now;
  } finally {
    await client.end();
  }
}

/**
 * Drops the test databases whose name says they were created more than `staleAfterHours` before
 * `now`; returns their names. Without FORCE: should something still be connected, the database
 * stays (and the next run tries again).
 */
export async function dropStaleTestDatabases(serverUrl: string, now: Date): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const dropped: string[] = [];
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT datname AS name FROM pg_database WHERE datname LIKE 'leadmaps\\_test\\_%'`,
    );
    for (const { name } of rows) {
      const createdAt = createdAtOfTestDatabase(name);
      if (!createdAt || now.getTime() - createdAt.getTime() < staleAfterHours * 3_600_000) continue;
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
        dropped.push(name);
      } catch {
        // In use or already being dropped by another test process: leave it.
      }
    }
  } finally {
    await client.end();
  }
  return dropped;
}

/** Creates database `name` on the server at `serverUrl` (tests and benchmarks); `drop` removes it. */
export async function createScratchDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
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
