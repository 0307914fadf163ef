// A group type and where the project's data stands, in one cheap statement (three index
// probes): what the Groups list checks before answering a page from its cache.
import { Prisma } from '../../../generated/prisma/client';
import { asSqlExecutor, type AnalyticsClient } from './analytics-client';

export interface GroupTypeStateRow {
  id: number;
  name: string;
  nameProperty: string;
  /**
   * Every write that can change a page of the list moves one of these: the fold number (activity,
   * people, last seen: everything from events), groups (the set of groups), property changes (names).
   */
  lastFoldId: bigint | null;
  lastGroupId: bigint | null;
  lastPropertyChangeId: bigint | null;
}

export function buildGroupTypeStateSql(projectId: number, name: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id, t.name, t.name_property AS "nameProperty",
      (SELECT f.last_fold_id FROM rollup_fold_state f WHERE f.project_id = ${projectId}) AS "lastFoldId",
      (SELECT max(g.id) FROM "group" g WHERE g.project_id = ${projectId}) AS "lastGroupId",
      (SELECT max(c.id) FROM group_property_change c WHERE c.project_id = ${projectId}) AS "lastPropertyChangeId"
    FROM group_type t
    WHERE t.project_id = ${projectId} AND t.name = ${name}`;
}

export async function findGroupTypeState(client: AnalyticsClient, projectId: number, name: string): Promise<GroupTypeStateRow | null> {
  const rows = await asSqlExecutor(client).query<GroupTypeStateRow>(buildGroupTypeStateSql(projectId, name));
  return rows[0] ?? null;
}
