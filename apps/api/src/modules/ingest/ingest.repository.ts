import { createHash } from 'node:crypto';
// The SQL of ingestion. Every statement starts from the project id and takes its rows as one
// jsonb parameter (see database/json-rows.ts). Rows are sorted before writing so concurrent batches
// lock shared rows in the same order.
import { jsonRows } from '../../database/json-rows';
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import type { PropertyBag } from '../groups/property-operations';

export interface GroupKey {
  groupTypeId: number;
  value: string;
}
export interface GroupRow extends GroupKey {
  id: bigint;
}

/** The stored form of a dedup key: its MD5 written as a uuid. */
export function dedupDigest(key: string): string {
  const hex = createHash('md5').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Claims dedup keys; returns the keys that were new (the others were seen before). */
export async function claimDedupKeys(client: SqlExecutor, projectId: number, keys: string[], seenAt: Date): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const keyByDigest = new Map(keys.map((key) => [dedupDigest(key), key]));
  // Whatever is not returned was already claimed: by an earlier request, or by a concurrent one
  // (the unique index makes us wait for it to commit or roll back before deciding).
  const rows = await client.query<{ key: string }>(sql`
    INSERT INTO ingest_dedup (project_id, key, seen_at)
    SELECT ${projectId}, key, ${seenAt} FROM unnest(${[...keyByDigest.keys()].sort()}::uuid[]) AS key
    ON CONFLICT DO NOTHING RETURNING key::text`);
  return new Set(rows.map((row) => keyByDigest.get(row.key)!));
}

export async function pruneDedupKeys(client: SqlExecutor, olderThan: Date): Promise<number> {
  return client.execute(sql`DELETE FROM ingest_dedup WHERE seen_at < ${olderThan}`);
}

export async function findGroups(client: SqlExecutor, projectId: number, keys: GroupKey[]): Promise<GroupRow[]> {
  if (!keys.length) return [];
  return client.query<GroupRow>(sql`
    SELECT g.id, g.group_type_id AS "groupTypeId", g.value
    FROM jsonb_to_recordset(${jsonRows(keys.map((key) => ({ group_type_id: key.groupTypeId, value: key.value })))}::jsonb) AS input(group_type_id smallint, value text)
    JOIN "group" g ON g.project_id = ${projectId} AND g.group_type_id = input.group_type_id AND g.value = input.value`);
}

export async function insertGroups(client: SqlExecutor, projectId: number, rows: (GroupKey & { time: Date })[]): Promise<void> {
  if (!rows.length) return;
  const payload = rows
    .map((row) => ({ group_type_id: row.groupTypeId, value: row.value, search_name: row.value.toLowerCase(), time: row.time.toISOString() }))
    .sort((a, b) => a.group_type_id - b.group_type_id || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  await client.execute(sql`
    INSERT INTO "group" (project_id, group_type_id, value, search_name, first_seen, last_seen)
    SELECT ${projectId}, group_type_id, value, search_name, time, time
    FROM jsonb_to_recordset(${jsonRows(payload)}::jsonb) AS input(group_type_id smallint, value text, search_name text, time timestamptz)
    ON CONFLICT (project_id, group_type_id, value) DO NOTHING`);
}

export interface UserIdentity {
  userId: string | null;
  deviceId: string | null;
}
export interface UserRow {
  id: bigint;
  userId: string | null;
  deviceId: string | null;
}

export interface FoundUser extends UserRow {
  matchedBy: 'user' | 'device';
  /** The person's user-level groups: [group type id, group id] pairs. */
  memberships: [number, string][];
}

/**
 * One round trip for a batch's people: identified people by user_id and, for device-only events,
 * the person last seen on each device (identified people first), each with their user-level groups.
 */
export async function findUsers(client: SqlExecutor, projectId: number, userIds: string[], deviceIds: string[]): Promise<FoundUser[]> {
  if (!userIds.length && !deviceIds.length) return [];
  return client.query<FoundUser>(sql`
    WITH found AS (
      SELECT id, user_id, device_id, 'user' AS matched_by FROM app_user
      WHERE project_id = ${projectId} AND user_id = ANY(${userIds}::text[]) AND user_id IS NOT NULL
      UNION ALL
      SELECT * FROM (
        SELECT DISTINCT ON (device_id) id, user_id, device_id, 'device' AS matched_by FROM app_user
        WHERE project_id = ${projectId} AND device_id = ANY(${deviceIds}::text[])
        ORDER BY device_id, (user_id IS NULL), last_seen DESC
      ) by_device
    )
    SELECT f.id, f.user_id AS "userId", f.device_id AS "deviceId", f.matched_by AS "matchedBy",
      COALESCE((SELECT json_agg(json_build_array(m.group_type_id, m.group_id::text)) FROM membership m
                WHERE m.project_id = ${projectId} AND m.user_id = f.id), '[]') AS memberships
    FROM found f`);
}

export async function insertUsers(client: SqlExecutor, projectId: number, rows: (UserIdentity & { time: Date })[]): Promise<UserRow[]> {
  if (!rows.length) return [];
  const payload = rows.map((row) => ({ user_id: row.userId, device_id: row.deviceId, time: row.time.toISOString() }));
  // Two statements because each partial unique index needs its own ON CONFLICT target.
  const identified = payload.filter((row) => row.user_id !== null).sort((a, b) => (a.user_id! < b.user_id! ? -1 : 1));
  const anonymous = payload.filter((row) => row.user_id === null).sort((a, b) => (a.device_id! < b.device_id! ? -1 : 1));
  const inserted: UserRow[] = [];
  if (identified.length) {
    inserted.push(...(await client.query<UserRow>(sql`
      INSERT INTO app_user (project_id, user_id, device_id, first_seen, last_seen)
      SELECT ${projectId}, user_id, device_id, time, time
      FROM jsonb_to_recordset(${jsonRows(identified)}::jsonb) AS input(user_id text, device_id text, time timestamptz)
      ON CONFLICT (project_id, user_id) WHERE user_id IS NOT NULL DO NOTHING
      RETURNING id, user_id AS "userId", device_id AS "deviceId"`)));
  }
  if (anonymous.length) {
    inserted.push(...(await client.query<UserRow>(sql`
      INSERT INTO app_user (project_id, user_id, device_id, first_seen, last_seen)
      SELECT ${projectId}, NULL, device_id, time, time
      FROM jsonb_to_recordset(${jsonRows(anonymous)}::jsonb) AS input(device_id text, time timestamptz)
      ON CONFLICT (project_id, device_id) WHERE user_id IS NULL DO NOTHING
      RETURNING id, user_id AS "userId", device_id AS "deviceId"`)));
  }
  return inserted;
}

export async function updateUsersSeen(client: SqlExecutor, projectId: number, rows: { id: bigint; firstSeen: Date; lastSeen: Date; deviceId: string | null }[]) {
  if (!rows.length) return;
  const payload = rows
    .map((row) => ({ id: row.id, first_seen: row.firstSeen.toISOString(), last_seen: row.lastSeen.toISOString(), device_id: row.deviceId }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  await client.execute(sql`
    UPDATE app_user u SET
      first_seen = LEAST(u.first_seen, input.first_seen),
      last_seen = GREATEST(u.last_seen, input.last_seen),
      device_id = COALESCE(input.device_id, u.device_id)
    FROM jsonb_to_recordset(${jsonRows(payload)}::jsonb) AS input(id bigint, first_seen timestamptz, last_seen timestamptz, device_id text)
    WHERE u.project_id = ${projectId} AND u.id = input.id
      AND (input.first_seen < u.first_seen OR input.last_seen > u.last_seen OR input.device_id IS DISTINCT FROM u.device_id AND input.device_id IS NOT NULL)`);
}

export async function loadUserProperties(client: SqlExecutor, projectId: number, ids: bigint[]): Promise<Map<bigint, PropertyBag>> {
  if (!ids.length) return new Map();
  const rows = await client.query<{ id: bigint; properties: PropertyBag }>(sql`
    SELECT id, properties FROM app_user WHERE project_id = ${projectId} AND id = ANY(${ids.map(String)}::bigint[]) ORDER BY id FOR UPDATE`);
  return new Map(rows.map((row) => [row.id, row.properties]));
}

export async function saveUserProperties(client: SqlExecutor, projectId: number, rows: { id: bigint; properties: PropertyBag }[]) {
  if (!rows.length) return;
  await client.execute(sql`
    UPDATE app_user u SET properties = input.properties
    FROM jsonb_to_recordset(${jsonRows(rows)}::jsonb) AS input(id bigint, properties jsonb)
    WHERE u.project_id = ${projectId} AND u.id = input.id`);
}

export interface MembershipRow {
  userId: bigint;
  groupTypeId: number;
  groupId: bigint;
}

export async function saveMemberships(client: SqlExecutor, projectId: number, rows: (MembershipRow & { since: Date })[]) {
  if (!rows.length) return;
  const payload = rows
    .map((row) => ({ user_id: row.userId, group_type_id: row.groupTypeId, group_id: row.groupId, since: row.since.toISOString() }))
    .sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : a.group_type_id - b.group_type_id));
  await client.execute(sql`
    INSERT INTO membership (project_id, user_id, group_type_id, group_id, since)
    SELECT ${projectId}, user_id, group_type_id, group_id, since
    FROM jsonb_to_recordset(${jsonRows(payload)}::jsonb) AS input(user_id bigint, group_type_id smallint, group_id bigint, since timestamptz)
    ON CONFLICT (project_id, user_id, group_type_id) DO UPDATE SET group_id = excluded.group_id, since = excluded.since
    WHERE membership.group_id IS DISTINCT FROM excluded.group_id`);
}
