// What analytics statements run on. The read path is given the driver executor (see
// database/sql-database.ts: ~0.1 ms per statement against ~0.85 ms through `prisma.$queryRaw`);
// settings changes that run inside a Prisma transaction pass that transaction, same SQL.
import type { SqlClient } from '../../../database/json-rows';
import { asSqlExecutor as adaptToExecutor, type SqlExecutor } from '../../../database/sql-database';

export type AnalyticsClient = SqlExecutor | SqlClient;

export function asSqlExecutor(client: AnalyticsClient): SqlExecutor {
  return adaptToExecutor(client);
}
