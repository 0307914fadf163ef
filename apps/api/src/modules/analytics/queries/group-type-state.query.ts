// A group type and where the project's data stands, in one cheap statement (three backward
// index probes): what the Groups list checks before answering a page from its cache.
import { Prisma } from '../../../generated/prisma/client';
import { asSqlExecutor, type AnalyticsClient } from './analytics-client';

export interface GroupTypeStateRow {
  id: number;
  name: string;
  nameProperty: string;
  /**
   * Every write that can change a page of the list draws a new id from one of these sequences:
   * events (activity, people, last seen), groups (the set of groups), property changes (names).
   */
  lastEventId: bigint | null;
  lastGroupId: bigint | null;
  lastPropertyChangeId: bigint | null;
}

export function buildGroupTypeStateSql(projectId: number, name: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id, t.name, t.name_property AS "nameProperty",
      (SELECT max(e.id) FROM event e WHERE e.project_id = ${projectId}) AS "lastEventId",
      (SELECT max(g.id) FROM "group" g WHERE g.project_id = ${projectId}) AS "lastGroupId",
      (SELECT max(c.id) FROM group_property_change c WHERE c.project_id = ${projectId}) AS "lastPropertyChangeId"
    FROM group_type t
    WHERE t.project_id = ${projectId} AND t.name = ${name}`;
}

export async function findGroupTypeState(client: AnalyticsClient, projectId: number, name: string): Promise<GroupTypeStateRow | null> {
  const rows = await asSqlExecutor(client).query<GroupTypeStateRow>(buildGroupTypeStateSql(projectId, name));
  return rows[0] ?? null;
}
