// Test databases left behind by a crashed run are dropped by a later one; databases of tests that
// may still run, and databases named otherwise, are kept.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, dropStaleTestDatabases, serverTestUrl } from '../support/test-database';

const hours = 3_600_000;
const now = new Date();
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

describe.skipIf(!serverTestUrl())(
  'stale test databases (PostgreSQL server only: PGlite test databases live in memory)',
  () => {
    const created: { drop(): Promise<void> }[] = [];
    afterAll(async () => {
      for (const database of created) await database.drop();
    });
    const existing = async (names: string[]) => {
      const client = new pg.Client({ connectionString: serverTestUrl() });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY datname',
        [names],
      );
      await client.end();
      return rows.map((row) => row.datname);
    };

    it('drops test databases created more than six hours ago, keeps younger, in-use and foreign ones', async () => {
      const suffix = Math.random().toString(16).slice(2, 14).padEnd(12, '0');
      const names = {
        stale: `leadmaps_test_${seconds(new Date(now.getTime() - 7 * hours))}_${suffix}`,
        staleInUse: `leadmaps_test_${seconds(new Date(now.getTime() - 8 * hours))}_${suffix}`,
        young: `leadmaps_test_${seconds(new Date(now.getTime() - 5 * hours))}_${suffix}`,
        // The format of older runs (no creation time) and of another tool: never ours to judge.
        undated: `leadmaps_test_${suffix}`,
        foreign: `leadmaps_bench_cleanup_${suffix}`,
      };
      for (const name of Object.values(names)) created.push(await createScratchDatabase(serverTestUrl()!, name));
      const holder = new pg.Client({
        connectionString: (() => {
          const url = new URL(serverTestUrl()!);
          url.pathname = `/${names.staleInUse}`;
          return url.toString();
        })(),
      });
      await holder.connect();
      try {
        const dropped = await dropStaleTestDatabases(serverTestUrl()!, now);
        // (Another test process starting now may drop the stale one first: what is left is what counts.)
        expect(dropped).not.toContain(names.staleInUse);
        expect(await existing(Object.values(names))).toEqual(
          [names.staleInUse, names.young, names.undated, names.foreign].sort(),
        );
      } finally {
        await holder.end();
      }
    });
  },
);
