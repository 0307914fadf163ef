import { createHash } from 'node:crypto';
// The SQL of ingestion. Every statement starts from the project id and takes its rows as one
// jsonb parameter (see database/json-rows.ts). Rows are sorted before writing so concurrent batches
// lock shared rows in the same order.
import { jsonRows } from '../../database/json-rows';
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import type { GroupKey, GroupRow } from '../groups/group.repository';
import type { PropertyBag } from '../groups/property-operations';

/** The stored form of a dedup key: its MD5 written as a uuid. */
export function dedupDigest(key: string): string {
  const hex = createHash('md5').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface BatchLookup {
  /** Dedup keys claimed now (the others were seen before). */
  freshKeys: Set<string>;
  groups: GroupRow[];
  users: FoundUser[];
}

/** One row of the lookup below: ids travel as text (bigint does not fit a JSON number). */
type LookupRow =
  | { kind: 'dedup'; row: { key: string } }
  | { kind: 'group'; row: Omit<GroupRow, 'id'> & { id: string } }
  | { kind: 'user'; row: Omit<FoundUser, 'id'> & { id: string } };

/**
 * The first statement of an ingest transaction, in one round trip: claims the batch's dedup keys
 * and reads the groups and people it names (people with their user-level groups). For a batch of
 * known people and groups this and the write in event.repository.ts are the whole transaction.
 * `statementsPerTable` (a Citus coordinator, database/citus.ts): the claim and the reads are two
 * statements, since Citus routes no statement with an INSERT in a CTE whole to the project's shards.
 */
export async function lookupBatch(
  client: SqlExecutor,
  projectId: number,
  input: { dedupKeys: string[]; seenAt: Date; groups: GroupKey[]; userIds: string[]; deviceIds: string[] },
  statementsPerTable: boolean,
): Promise<BatchLookup> {
  const keyByDigest = new Map(input.dedupKeys.map((key) => [dedupDigest(key), key]));
  const digests = [...keyByDigest.keys()].sort();
  const claim = sql`
      INSERT INTO ingest_dedup (project_id, key, seen_at)
      SELECT ${projectId}, key, ${input.seenAt} FROM unnest(${digests}::uuid[]) AS key
      ON CONFLICT DO NOTHING RETURNING key`;
  const found = sql`
    found_groups AS (
      SELECT g.id, g.group_type_id, g.value
      FROM jsonb_to_recordset(${jsonRows(input.groups.map((key) => ({ group_type_id: key.groupTypeId, value: key.value })))}::jsonb) AS wanted(group_type_id smallint, value text)
      JOIN "group" g ON g.project_id = ${projectId} AND g.group_type_id = wanted.group_type_id AND g.value = wanted.value
    ),
    ${usersSql(projectId, input.userIds, input.deviceIds)}`;
  const foundRows = sql`
    SELECT 'group' AS kind, json_build_object('id', id::text, 'groupTypeId', group_type_id, 'value', value) AS row FROM found_groups
    UNION ALL
    SELECT 'user', json_build_object('id', id::text, 'userId', "userId", 'deviceId', "deviceId", 'matchedBy', "matchedBy", 'memberships', memberships) FROM found_users`;
  let rows: LookupRow[];
  if (statementsPerTable) {
    const claimed = digests.length ? await client.query<{ key: string }>(claim) : [];
    rows = claimed.map(({ key }) => ({ kind: 'dedup', row: { key } }));
    if (input.groups.length || input.userIds.length || input.deviceIds.length)
      rows.push(...(await client.query<LookupRow>(sql`WITH ${found} ${foundRows}`)));
  } else {
    rows = await client.query<LookupRow>(sql`
    WITH claimed AS (${claim}),
    ${found}
    SELECT 'dedup' AS kind, json_build_object('key', key::text) AS row FROM claimed
    UNION ALL
    ${foundRows}`);
  }
  const lookup: BatchLookup = { freshKeys: new Set(), groups: [], users: [] };
  for (const { kind, row } of rows) {
    if (kind === 'dedup') lookup.freshKeys.add(keyByDigest.get(row.key)!);
    else if (kind === 'group')
      lookup.groups.push({ id: BigInt(row.id), groupTypeId: row.groupTypeId, value: row.value });
    else lookup.users.push({ ...row, id: BigInt(row.id) });
  }
  return lookup;
}

export async function pruneDedupKeys(client: SqlExecutor, olderThan: Date): Promise<number> {
  return client.execute(sql`DELETE FROM ingest_dedup WHERE seen_at < ${olderThan}`);
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
 * CTEs `found` and `found_users`: identified people by user_id and, for device-only events, the
 * person last seen on each device (identified people first), each with their user-level groups.
 */
function usersSql(projectId: number, userIds: string[], deviceIds: string[]) {
  return sql`
    found AS (
      SELECT id, user_id, device_id, 'user' AS matched_by FROM app_user
      WHERE project_id = ${projectId} AND user_id = ANY(${userIds}::text[]) AND user_id IS NOT NULL
      UNION ALL
      SELECT * FROM (
        SELECT DISTINCT ON (device_id) id, user_id, device_id, 'device' AS matched_by FROM app_user
        WHERE project_id = ${projectId} AND device_id = ANY(${deviceIds}::text[])
        ORDER BY device_id, (user_id IS NULL), last_seen DESC
      ) by_device
    ),
    found_users AS (
      SELECT f.id, f.user_id AS "userId", f.device_id AS "deviceId", f.matched_by AS "matchedBy",
        COALESCE((SELECT json_agg(json_build_array(m.group_type_id, m.group_id::text)) FROM membership m
                  WHERE m.project_id = ${projectId} AND m.user_id = f.id), '[]') AS memberships
      FROM found f
    )`;
}

/** People by user_id and, for device-only events, by device (see usersSql). */
export async function findUsers(
  client: SqlExecutor,
  projectId: number,
  userIds: string[],
  deviceIds: string[],
): Promise<FoundUser[]> {
  if (!userIds.length && !deviceIds.length) return [];
  return client.query<FoundUser>(sql`WITH ${usersSql(projectId, userIds, deviceIds)} SELECT * FROM found_users`);
}

export async function insertUsers(
  client: SqlExecutor,
  projectId: number,
  rows: (UserIdentity & { time: Date })[],
): Promise<UserRow[]> {
  if (!rows.length) return [];
  const payload = rows.map((row) => ({ user_id: row.userId, device_id: row.deviceId, time: row.time.toISOString() }));
  // Two statements because each partial unique index needs its own ON CONFLICT target.
  const identified = payload.filter((row) => row.user_id !== null).sort((a, b) => (a.user_id! < b.user_id! ? -1 : 1));
  const anonymous = payload
    .filter((row) => row.user_id === null)
    .sort((a, b) => (a.device_id! < b.device_id! ? -1 : 1));
  const inserted: UserRow[] = [];
  if (identified.length) {
    inserted.push(
      ...(await client.query<UserRow>(sql`
      INSERT INTO app_user (project_id, user_id, device_id, first_seen, last_seen)
      SELECT ${projectId}, user_id, device_id, time, time
      FROM jsonb_to_recordset(${jsonRows(identified)}::jsonb) AS input(user_id text, device_id text, time timestamptz)
      ON CONFLICT (project_id, user_id) WHERE user_id IS NOT NULL DO NOTHING
      RETURNING id, user_id AS "userId", device_id AS "deviceId"`)),
    );
  }
  if (anonymous.length) {
    inserted.push(
      ...(await client.query<UserRow>(sql`
      INSERT INTO app_user (project_id, user_id, device_id, first_seen, last_seen)
      SELECT ${projectId}, NULL, device_id, time, time
      FROM jsonb_to_recordset(${jsonRows(anonymous)}::jsonb) AS input(device_id text, time timestamptz)
      ON CONFLICT (project_id, device_id) WHERE user_id IS NULL DO NOTHING
      RETURNING id, user_id AS "userId", device_id AS "deviceId"`)),
    );
  }
  return inserted;
}

/** Records the device a person was last seen on, where it changed (first/last seen move with their events). */
export async function updateUserDevices(
  client: SqlExecutor,
  projectId: number,
  rows: { id: bigint; deviceId: string }[],
) {
  if (!rows.length) return;
  const payload = rows.map((row) => ({ id: row.id, device_id: row.deviceId })).sort((a, b) => (a.id < b.id ? -1 : 1));
  await client.execute(sql`
    UPDATE app_user u SET device_id = input.device_id
    FROM jsonb_to_recordset(${jsonRows(payload)}::jsonb) AS input(id bigint, device_id text)
    WHERE u.project_id = ${projectId} AND u.id = input.id`);
}

export async function loadUserProperties(
  client: SqlExecutor,
  projectId: number,
  ids: bigint[],
): Promise<Map<bigint, PropertyBag>> {
  if (!ids.length) return new Map();
  const rows = await client.query<{ id: bigint; properties: PropertyBag }>(sql`
    SELECT id, properties FROM app_user WHERE project_id = ${projectId} AND id = ANY(${ids.map(String)}::bigint[]) ORDER BY id FOR UPDATE`);
  return new Map(rows.map((row) => [row.id, row.properties]));
}

export async function saveUserProperties(
  client: SqlExecutor,
  projectId: number,
  rows: { id: bigint; properties: PropertyBag }[],
) {
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

export async function saveMemberships(
  client: SqlExecutor,
  projectId: number,
  rows: (MembershipRow & { since: Date })[],
) {
  if (!rows.length) return;
  const payload = rows
    .map((row) => ({
      user_id: row.userId,
      group_type_id: row.groupTypeId,
      group_id: row.groupId,
      since: row.since.toISOString(),
    }))
    .sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : a.group_type_id - b.group_type_id));
  await client.execute(sql`
    INSERT INTO membership (project_id, user_id, group_type_id, group_id, since)
    SELECT ${projectId}, user_id, group_type_id, group_id, since
    FROM jsonb_to_recordset(${jsonRows(payload)}::jsonb) AS input(user_id bigint, group_type_id smallint, group_id bigint, since timestamptz)
    ON CONFLICT (project_id, user_id, group_type_id) DO UPDATE SET group_id = excluded.group_id, since = excluded.since
    WHERE membership.group_id IS DISTINCT FROM excluded.group_id`);
}
