// Where a project's data stands, in one cheap statement: what the GraphQL response cache keys on.
// Every write that can change an answer of the Groups page moves one of the numbers below (the
// fold number: activity, people, last seen, all from the rollups; events: the raw recent events;
// groups: the set of groups; property changes: names and properties), and group type settings
// are read whole (at most five rows).
import { Prisma } from '../../../generated/prisma/client';
import { asSqlExecutor, type AnalyticsClient } from './analytics-client';

export interface ProjectDataVersionRow {
  lastFoldId: string | null;
  lastEventId: string | null;
  lastGroupId: string | null;
  lastPropertyChangeId: string | null;
  /** id, name, display names and name property of every group type, in id order. */
  groupTypes: string | null;
}

export function buildProjectDataVersionSql(projectId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT
      (SELECT f.last_fold_id FROM rollup_fold_state f WHERE f.project_id = ${projectId})::text AS "lastFoldId",
      (SELECT max(e.id) FROM event e WHERE e.project_id = ${projectId})::text AS "lastEventId",
      (SELECT max(g.id) FROM "group" g WHERE g.project_id = ${projectId})::text AS "lastGroupId",
      (SELECT max(c.id) FROM group_property_change c WHERE c.project_id = ${projectId})::text AS "lastPropertyChangeId",
      (SELECT json_agg(json_build_array(t.id, t.name, t.display_singular, t.display_plural, t.name_property) ORDER BY t.id)::text
         FROM group_type t WHERE t.project_id = ${projectId}) AS "groupTypes"`;
}

export async function readProjectDataVersion(client: AnalyticsClient, projectId: number): Promise<ProjectDataVersionRow> {
  const rows = await asSqlExecutor(client).query<ProjectDataVersionRow>(buildProjectDataVersionSql(projectId));
  return rows[0]!;
}
