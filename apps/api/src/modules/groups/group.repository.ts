// The rows of "group": found and created by ingest, their first and last seen moved by the
// rollups. Every statement that writes "group" lives in this folder (properties in
// group-property.repository.ts, names in group-type-settings.repository.ts, Salesforce pickup
// dates in group-sync-pickup.repository.ts). Rows are sorted before writing so concurrent batches
// lock shared rows in the same order.
import { jsonRows } from '../../database/json-rows';
import { sql, type Sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

export interface GroupKey {
  groupTypeId: number;
  value: string;
}
export interface GroupRow extends GroupKey {
  id: bigint;
}

export async function findGroups(client: SqlExecutor, projectId: number, keys: GroupKey[]): Promise<GroupRow[]> {
  if (!keys.length) return [];
  return client.query<GroupRow>(sql`
    SELECT g.id, g.group_type_id AS "groupTypeId", g.value
    FROM jsonb_to_recordset(${jsonRows(keys.map((key) => ({ group_type_id: key.groupTypeId, value: key.value })))}::jsonb) AS input(group_type_id smallint, value text)
    JOIN "group" g ON g.project_id = ${projectId} AND g.group_type_id = input.group_type_id AND g.value = input.value`);
}

export async function insertGroups(
  client: SqlExecutor,
  projectId: number,
  rows: (GroupKey & { time: Date })[],
): Promise<void> {
  if (!rows.length) return;
  const payload = rows
    .map((row) => ({
      group_type_id: row.groupTypeId,
      value: row.value,
      search_name: row.value.toLowerCase(),
      time: row.time.toISOString(),
    }))
    .sort((a, b) => a.group_type_id - b.group_type_id || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  await client.execute(sql`
    INSERT INTO "group" (project_id, group_type_id, value, search_name, first_seen, last_seen)
    SELECT ${projectId}, group_type_id, value, search_name, time, time
    FROM jsonb_to_recordset(${jsonRows(payload)}::jsonb) AS input(group_type_id smallint, value text, search_name text, time timestamptz)
    ON CONFLICT (project_id, group_type_id, value) DO NOTHING`);
}

/**
 * The end of a rollup statement (see modules/rollups/rollup-statement.ts) that moves groups'
 * first and last seen out to the times in a CTE `seen(group_id, first_time, last_time)` before it.
 */
export function moveGroupsSeen(projectId: number): Sql {
  return sql`locked AS (
      -- Row locks in id order, as the group property writes take them: two transactions of a
      -- project touch the same busy groups, and an UPDATE … FROM locks rows in whatever order its
      -- plan reads them (measured: deadlocks on "group" in the ingest benchmark, each a retried
      -- transaction). This runs with the main statement, before the unreferenced rollup writes.
      SELECT g.id FROM "group" g JOIN seen s ON s.group_id = g.id
      WHERE g.project_id = ${projectId} AND (s.first_time < g.first_seen OR s.last_time > g.last_seen)
      ORDER BY g.id
      FOR UPDATE OF g
    )
    UPDATE "group" g SET first_seen = LEAST(g.first_seen, seen.first_time), last_seen = GREATEST(g.last_seen, seen.last_time)
    FROM seen JOIN locked ON locked.id = seen.group_id
    WHERE g.project_id = ${projectId} AND g.id = seen.group_id AND (seen.first_time < g.first_seen OR seen.last_time > g.last_seen)`;
}
