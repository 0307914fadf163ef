// A connection lost while a transaction holds it, between two statements (no statement running),
// fails that transaction and is dropped from the pool; it must not end the process. pg-pool
// listens for errors of idle connections only, so without the façade's own listener the lost
// connection's 'error' event had no listener and became an uncaught exception.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../apps/api/src/database/database';
import { sql } from '../../apps/api/src/database/sql';
import { createTestDatabase, serverTestUrl, type TestDatabase } from '../support/test-database';

describe.skipIf(!serverTestUrl())(
  'a connection lost inside a transaction (PostgreSQL server only: PGlite has no connection)',
  () => {
    let testDatabase: TestDatabase;
    let database: OpenDatabase;
    let admin: pg.Client;
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    beforeAll(async () => {
      testDatabase = await createTestDatabase();
      database = await openDatabase(testDatabase.config, { migrate: true });
      admin = new pg.Client({ connectionString: (testDatabase.config as { url: string }).url });
      await admin.connect();
      process.on('uncaughtException', record);
    });
    afterAll(async () => {
      process.off('uncaughtException', record);
      await admin?.end();
      await database?.close();
      await testDatabase?.drop();
    });

    it('fails the transaction, keeps the process, and the next transaction gets a working connection', async () => {
      const outcome = database.sql.transaction(async (executor) => {
        const [row] = await executor.query<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
        await admin.query('SELECT pg_terminate_backend($1)', [row!.pid]);
        // The connection dies here, while no statement of ours runs on it.
        await new Promise((resolve) => setTimeout(resolve, 300));
        return executor.query(sql`SELECT 1 AS one`);
      });
      await expect(outcome).rejects.toThrow();
      expect(uncaught).toEqual([]);
      const [after] = await database.sql.transaction((executor) =>
        executor.query<{ one: number }>(sql`SELECT 1 AS one`),
      );
      expect(after).toEqual({ one: 1 });
    });
  },
);
