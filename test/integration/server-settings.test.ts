// The server-settings check runs its real SQL on real PostgreSQL: the test server (when
// TEST_DATABASE_URL is set) with whatever it is configured with, and embedded PGlite instances
// started with autovacuum on and off (autovacuum is a server-wide setting: it cannot be changed
// for one session or database of a shared server, so "off" is shown on a private instance).
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { serverSettingWarnings } from '../../apps/api/src/database/server-settings';
import { createPgPool, pgliteDatabase, pgDatabase } from '../../apps/api/src/database/sql-database';
import { serverTestUrl } from '../support/test-database';

const startPglite = (autovacuum: 'on' | 'off') =>
  PGlite.create({ startParams: [...PGlite.defaultStartParams, '-c', `autovacuum=${autovacuum}`] });

describe('serverSettingWarnings on real PostgreSQL', () => {
  const instances: PGlite[] = [];
  afterAll(async () => {
    for (const instance of instances) await instance.close();
  });

  it('warns about autovacuum = off, naming the setting', async () => {
    const instance = await startPglite('off');
    instances.push(instance);
    expect((await instance.query<{ autovacuum: string }>('SHOW autovacuum')).rows).toEqual([{ autovacuum: 'off' }]);
    const warnings = await serverSettingWarnings(pgliteDatabase(instance));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('autovacuum = off');
  });

  it('says nothing when autovacuum is on', async () => {
    const instance = await startPglite('on');
    instances.push(instance);
    expect((await instance.query<{ autovacuum: string }>('SHOW autovacuum')).rows).toEqual([{ autovacuum: 'on' }]);
    expect(await serverSettingWarnings(pgliteDatabase(instance))).toEqual([]);
  });

  it.skipIf(!serverTestUrl())(
    'on the PostgreSQL server: a warning exactly when the server has autovacuum off (needs TEST_DATABASE_URL)',
    async () => {
      const client = new pg.Client({ connectionString: serverTestUrl() });
      await client.connect();
      const { rows } = await client.query<{ autovacuum: string }>('SHOW autovacuum');
      await client.end();
      const pool = createPgPool(serverTestUrl()!, 1);
      try {
        const warnings = await serverSettingWarnings(pgDatabase(pool));
        expect(warnings.length).toBe(rows[0]!.autovacuum === 'off' ? 1 : 0);
      } finally {
        await pool.end();
      }
    },
  );
});
