// Groups by internal id, with what the Group type needs of their type, for groups reached from
// a person or an event (batched per request).
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface GroupRow {
  groupId: bigint;
  groupTypeId: number;
  groupTypeName: string;
  nameProperty: string;
  value: string;
  properties: Record<string, unknown>;
  groupFirstSeen: Date;
  groupLastSeen: Date;
}

/** Needs `g` ("group") and `t` (group_type) in the statement. */
export const groupColumns = sql`g.id AS "groupId", g.group_type_id AS "groupTypeId", t.name AS "groupTypeName",
  t.name_property AS "nameProperty", g.value, g.properties,
  g.first_seen AS "groupFirstSeen", g.last_seen AS "groupLastSeen"`;

export function buildGroupsByIdSql(projectId: number, groupIds: readonly bigint[]): Sql {
  return sql`
    SELECT ${groupColumns}
    FROM "group" g
    JOIN group_type t ON t.project_id = ${projectId} AND t.id = g.group_type_id
    WHERE g.project_id = ${projectId} AND g.id = ANY(${groupIds.map(String)}::bigint[])`;
}

export function readGroupsById(
  client: SqlExecutor,
  projectId: number,
  groupIds: readonly bigint[],
): Promise<GroupRow[]> {
  return client.query<GroupRow>(buildGroupsByIdSql(projectId, groupIds));
}
