// Writes to the analytics settings of a project (key actions, trend bands).
import { Prisma } from '../../generated/prisma/client';
import type { SqlClient } from '../../database/json-rows';
import { asSqlExecutor, type SqlExecutor } from '../../database/sql-database';

export async function saveKeyActions(client: SqlExecutor | SqlClient, projectId: number, keyActions: readonly string[]): Promise<void> {
  await asSqlExecutor(client).execute(Prisma.sql`UPDATE project SET key_actions = ${[...keyActions]}::text[] WHERE id = ${projectId}`);
}

export async function saveTrendThresholds(client: SqlExecutor | SqlClient, projectId: number, steadyPercent: number, sharpPercent: number): Promise<void> {
  await asSqlExecutor(client).execute(Prisma.sql`
    UPDATE project SET trend_steady_percent = ${steadyPercent}::float8, trend_sharp_percent = ${sharpPercent}::float8
    WHERE id = ${projectId}`);
}
