// Group types of a project with how many groups each holds.
import { Prisma } from '../../../generated/prisma/client';
import { asSqlExecutor, type AnalyticsClient } from './analytics-client';

export interface GroupTypeRow {
  id: number;
  name: string;
  displaySingular: string | null;
  displayPlural: string | null;
  nameProperty: string;
  groupCount: number;
}

export function buildGroupTypesSql(projectId: number, name: string | null): Prisma.Sql {
  const nameFilter = name === null ? Prisma.empty : Prisma.sql`AND t.name = ${name}`;
  return Prisma.sql`
    SELECT t.id, t.name, t.display_singular AS "displaySingular", t.display_plural AS "displayPlural",
      t.name_property AS "nameProperty",
      (SELECT count(*) FROM "group" g WHERE g.project_id = ${projectId} AND g.group_type_id = t.id)::int AS "groupCount"
    FROM group_type t
    WHERE t.project_id = ${projectId} ${nameFilter}
    ORDER BY t.id`;
}

export function listGroupTypesWithCounts(client: AnalyticsClient, projectId: number): Promise<GroupTypeRow[]> {
  return asSqlExecutor(client).query<GroupTypeRow>(buildGroupTypesSql(projectId, null));
}

export async function findGroupTypeByName(client: AnalyticsClient, projectId: number, name: string): Promise<GroupTypeRow | null> {
  const rows = await asSqlExecutor(client).query<GroupTypeRow>(buildGroupTypesSql(projectId, name));
  return rows[0] ?? null;
}
