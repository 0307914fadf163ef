import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { advisoryLockKeys } from '../../lib/advisory-lock-keys';

/**
 * Takes the lock that serialises a project's folds, for the rest of the transaction. Whatever
 * else recomputes rollups (new key actions, a rebuild) takes it too, so it never interleaves
 * with a fold.
 */
export async function lockRollups(client: SqlExecutor, projectId: number) {
  // Selects a constant: a void column cannot be read through every driver (Prisma refuses it).
  await client.query(
    sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(${advisoryLockKeys.rollupFold}::int, ${projectId}::int)`,
  );
}
