// People (app_user rows) for the GraphQL read side: by internal id (batched), by their ids from
// the SDKs, and a page of everyone, most recently seen first.
import { emptySql, joinSql, sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface PersonRow {
  id: bigint;
  userId: string | null;
  deviceId: string | null;
  properties: Record<string, unknown>;
  firstSeen: Date;
  lastSeen: Date;
}

const personColumns = sql`u.id, u.user_id AS "userId", u.device_id AS "deviceId", u.properties,
  u.first_seen AS "firstSeen", u.last_seen AS "lastSeen"`;

export function buildPeopleByIdSql(projectId: number, ids: readonly bigint[]): Sql {
  return sql`
    SELECT ${personColumns}
    FROM app_user u
    WHERE u.project_id = ${projectId} AND u.id = ANY(${ids.map(String)}::bigint[])`;
}

export function readPeopleById(client: SqlExecutor, projectId: number, ids: readonly bigint[]): Promise<PersonRow[]> {
  return client.query<PersonRow>(buildPeopleByIdSql(projectId, ids));
}

/** The person a user id (or, for anonymous people, a device id) names. */
export function buildPersonLookupSql(projectId: number, by: { userId: string } | { deviceId: string }): Sql {
  const condition =
    'userId' in by ? sql`u.user_id = ${by.userId}` : sql`u.device_id = ${by.deviceId} AND u.user_id IS NULL`;
  return sql`
    SELECT ${personColumns}
    FROM app_user u
    WHERE u.project_id = ${projectId} AND ${condition}
    ORDER BY u.last_seen DESC, u.id DESC
    LIMIT 1`;
}

export async function findPerson(
  client: SqlExecutor,
  projectId: number,
  by: { userId: string } | { deviceId: string },
): Promise<PersonRow | null> {
  const rows = await client.query<PersonRow>(buildPersonLookupSql(projectId, by));
  return rows[0] ?? null;
}

/** The user properties a person search also reads (what identify calls and traits usually carry). */
export const searchedPersonProperties = ['email', 'name', '$email', '$name'] as const;

function searchCondition(search: string | null): Sql {
  if (!search) return emptySql;
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const matches = [
    sql`lower(u.user_id) LIKE ${pattern}`,
    sql`lower(u.device_id) LIKE ${pattern}`,
    ...searchedPersonProperties.map((key) => sql`lower(u.properties ->> ${key}::text) LIKE ${pattern}`),
  ];
  return sql`AND (${joinSql(matches, ' OR ')})`;
}

/** Newest activity first; `after` is the (last seen, id) of the last row of the previous page. */
export function buildPeoplePageSql(
  projectId: number,
  search: string | null,
  after: { lastSeen: string; id: string } | null,
  limit: number,
): Sql {
  const keyset = after
    ? sql`AND (u.last_seen, u.id) < (${after.lastSeen}::timestamptz, ${after.id}::bigint)`
    : emptySql;
  return sql`
    SELECT ${personColumns}
    FROM app_user u
    WHERE u.project_id = ${projectId} ${searchCondition(search)} ${keyset}
    ORDER BY u.last_seen DESC, u.id DESC
    LIMIT ${limit}`;
}

export function readPeoplePage(
  client: SqlExecutor,
  projectId: number,
  search: string | null,
  after: { lastSeen: string; id: string } | null,
  limit: number,
): Promise<PersonRow[]> {
  return client.query<PersonRow>(buildPeoplePageSql(projectId, search, after, limit));
}

export function buildPeopleCountSql(projectId: number, search: string | null): Sql {
  return sql`SELECT count(*)::int AS count FROM app_user u WHERE u.project_id = ${projectId} ${searchCondition(search)}`;
}

export async function countPeople(client: SqlExecutor, projectId: number, search: string | null): Promise<number> {
  const [row] = await client.query<{ count: number }>(buildPeopleCountSql(projectId, search));
  return row?.count ?? 0;
}
