// Planner statistics of the tables ingest fills (kept fresh by statistics-keeper.ts).
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

/**
 * The planner's count of stored events, all projects (0 before the first ANALYZE). On a Citus
 * coordinator `event` itself is an empty shell: its rows, and their statistics, are in the shards
 * on the workers, so the count is the sum of theirs (read once per process, by the statistics keeper).
 */
export async function estimateStoredEvents(client: SqlExecutor): Promise<number> {
  const [local] = await client.query<{ events: number; citus: boolean }>(sql`
    SELECT GREATEST(reltuples, 0)::float8 AS events, EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus
    FROM pg_class WHERE oid = 'event'::regclass`);
  if (!local?.citus) return local?.events ?? 0;
  const [shards] = await client.query<{ events: number | null }>(sql`
    SELECT sum(GREATEST(s.result::float8, 0))::float8 AS events
    FROM pg_dist_partition p
    CROSS JOIN LATERAL run_command_on_shards(p.logicalrelid, ${"SELECT reltuples FROM pg_class WHERE oid = '%s'::regclass"}) s
    WHERE p.logicalrelid = 'event'::regclass AND s.success`);
  // A coordinator whose tables are not distributed yet keeps its rows (and statistics) locally.
  return shards?.events ?? local.events;
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
