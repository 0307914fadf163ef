// Planner statistics of the tables ingest fills (kept fresh by statistics-keeper.ts).
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

/** The planner's count of stored events, all projects (0 before the first ANALYZE). */
export async function estimateStoredEvents(client: SqlExecutor): Promise<number> {
  const rows = await client.query<{ events: number }>(
    sql`SELECT GREATEST(reltuples, 0)::float8 AS events FROM pg_class WHERE oid = 'event'::regclass`,
  );
  return rows[0]?.events ?? 0;
}

/**
 * The tables whose statistics decide plans: people, groups and memberships (ingest's lookups)
 * and the rollups (every analytics read).
 */
const planningTables = sql`app_user, "group", membership, group_daily, group_event_type_daily, group_user_daily, group_member, group_session`;

/** ANALYZE of every table ingest writes (a bulk load leaves the planner with empty-table statistics). */
export async function refreshIngestStatistics(client: SqlExecutor) {
  await client.execute(sql`ANALYZE ${planningTables}, event, event_group, group_property_change`);
}

/**
 * ANALYZE of the planning tables only. The raw, append-only tables (event, event_group,
 * ingest_dedup) are left to autovacuum: they are the largest, and they are read only by key,
 * where statistics hardly matter.
 */
export async function refreshPlanningStatistics(client: SqlExecutor) {
  await client.execute(sql`ANALYZE ${planningTables}`);
}
