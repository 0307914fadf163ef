// Group types of a project with how many groups each holds.
import { emptySql, sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface GroupTypeRow {
  id: number;
  name: string;
  displaySingular: string | null;
  displayPlural: string | null;
  nameProperty: string;
  groupCount: number;
}

export function buildGroupTypesSql(projectId: number, name: string | null): Sql {
  const nameFilter = name === null ? emptySql : sql`AND t.name = ${name}`;
  return sql`
    SELECT t.id, t.name, t.display_singular AS "displaySingular", t.display_plural AS "displayPlural",
      t.name_property AS "nameProperty",
      (SELECT count(*) FROM "group" g WHERE g.project_id = ${projectId} AND g.group_type_id = t.id)::int AS "groupCount"
    FROM group_type t
    WHERE t.project_id = ${projectId} ${nameFilter}
    ORDER BY t.id`;
}

export function listGroupTypesWithCounts(client: SqlExecutor, projectId: number): Promise<GroupTypeRow[]> {
  return client.query<GroupTypeRow>(buildGroupTypesSql(projectId, null));
}

export async function findGroupTypeByName(
  client: SqlExecutor,
  projectId: number,
  name: string,
): Promise<GroupTypeRow | null> {
  const rows = await client.query<GroupTypeRow>(buildGroupTypesSql(projectId, name));
  return rows[0] ?? null;
}
