import { jsonRows } from '../../database/json-rows';
import { sql, type Sql } from '../../database/sql';
import { searchableKey, searchableValue } from './queries/group-search-condition';
import type { SqlExecutor } from '../../database/sql-database';
import { advisoryLockKeys } from '../../lib/advisory-lock-keys';
import type { PropertyBag } from './property-operations';

export interface GroupPropertyRow {
  id: bigint;
  groupTypeId: number;
  value: string;
  properties: PropertyBag;
  nameProperty: string;
}

export interface PropertyHistoryRow {
  groupId: bigint;
  key: string;
  value: unknown;
  operation: string;
  source: string;
  changedAt: Date;
}

export async function loadGroupsForUpdate(
  client: SqlExecutor,
  projectId: number,
  groupIds: bigint[],
): Promise<GroupPropertyRow[]> {
  // FOR UPDATE: concurrent identifies of the same group must apply one after the other, not overwrite each other.
  return client.query<GroupPropertyRow>(sql`
    SELECT g.id, g.group_type_id AS "groupTypeId", g.value, g.properties, t.name_property AS "nameProperty"
    FROM "group" g JOIN group_type t ON t.project_id = g.project_id AND t.id = g.group_type_id
    WHERE g.project_id = ${projectId} AND g.id = ANY(${groupIds.map(String)}::bigint[])
    ORDER BY g.id
    FOR UPDATE OF g`);
}

export async function findKnownPropertyKeys(
  client: SqlExecutor,
  projectId: number,
  keys: string[],
): Promise<Set<string>> {
  const rows = await client.query<{ key: string }>(sql`
    SELECT key FROM group_property_key WHERE project_id = ${projectId} AND key = ANY(${keys}::text[])`);
  return new Set(rows.map((row) => row.key));
}

/** Registers new keys while the project stays under `limit`; returns the keys that were accepted. */
export async function registerPropertyKeys(
  client: SqlExecutor,
  projectId: number,
  newKeys: string[],
  limit: number,
): Promise<Set<string>> {
  await client.execute(sql`SELECT pg_advisory_xact_lock(${advisoryLockKeys.groupPropertyKeys}, ${projectId})`);
  const [{ count }] = await client.query<{ count: number }>(sql`
    SELECT count(*)::int AS count FROM group_property_key WHERE project_id = ${projectId}`);
  const known = await findKnownPropertyKeys(client, projectId, newKeys);
  const candidates = newKeys.filter((key) => !known.has(key));
  const accepted = candidates.slice(0, Math.max(0, limit - count));
  if (accepted.length) {
    await client.execute(sql`
      INSERT INTO group_property_key (project_id, key) SELECT ${projectId}, unnest(${accepted}::text[]) ON CONFLICT DO NOTHING`);
  }
  return new Set([...known, ...accepted]);
}

export async function saveGroupProperties(
  client: SqlExecutor,
  projectId: number,
  rows: { id: bigint; properties: PropertyBag; searchName: string }[],
) {
  if (!rows.length) return;
  await client.execute(sql`
    UPDATE "group" g SET properties = input.properties, search_name = input.search_name
    FROM jsonb_to_recordset(${jsonRows(rows.map((row) => ({ id: row.id, properties: row.properties, search_name: row.searchName })))}::jsonb)
      AS input(id bigint, properties jsonb, search_name text)
    WHERE g.project_id = ${projectId} AND g.id = input.id`);
}

/**
 * Records property changes in group_property_change and each value in group_property_value (the
 * search over history, groups/queries/group-search-condition.ts), in key order so concurrent
 * batches cannot deadlock: one statement, or two with `statementsPerTable` (a Citus coordinator,
 * database/citus.ts), since Citus routes no statement with an INSERT in a CTE whole to the
 * project's shards.
 */
export async function insertPropertyHistory(
  client: SqlExecutor,
  projectId: number,
  rows: PropertyHistoryRow[],
  statementsPerTable: boolean,
) {
  if (!rows.length) return;
  const payload = jsonRows(
    rows.map((row) => ({
      group_id: row.groupId,
      key: row.key,
      value: row.value === undefined ? null : row.value,
      operation: row.operation,
      source: row.source,
      changed_at: row.changedAt.toISOString(),
    })),
  );
  const insertChanges = sql`
      INSERT INTO group_property_change (project_id, group_id, key, value, operation, source, changed_at)
      SELECT ${projectId}, input.group_id, input.key, input.value, input.operation, input.source::property_source, input.changed_at
      FROM jsonb_to_recordset(${payload}::jsonb)
        AS input(group_id bigint, key text, value jsonb, operation text, source text, changed_at timestamptz)`;
  const insertValues = (changes: Sql) => sql`
    INSERT INTO group_property_value (project_id, key, value, group_id)
    SELECT DISTINCT ${projectId}::int, ${searchableKey(sql`changes.key`)}, ${searchableValue(sql`changes.value`)}, changes.group_id
    FROM ${changes}
    WHERE changes.value IS NOT NULL AND jsonb_typeof(changes.value) <> 'null'
    ORDER BY 2, 3, 4
    ON CONFLICT DO NOTHING`;
  if (statementsPerTable) {
    await client.execute(insertChanges);
    await client.execute(
      insertValues(sql`jsonb_to_recordset(${payload}::jsonb) AS changes(group_id bigint, key text, value jsonb)`),
    );
    return;
  }
  await client.execute(sql`
    WITH changes AS (${insertChanges}
      RETURNING group_id, key, value
    )
    ${insertValues(sql`changes`)}`);
}
