// Where a project's data stands, in one cheap statement (four index probes and at most five group
// type rows): read once per GraphQL request (graphql/context.ts) and handed to what keys on it,
// the response cache and the Groups list's caches. Every write that can change an answer of the
// Groups page moves one of the numbers below (the fold number: activity, people, last seen, all
// from the rollups; events: the raw recent events; groups: the set of groups; property changes:
// names and properties; cohorts: their count and their last membership change), and group type
// settings are read whole.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface GroupTypeVersion {
  id: number;
  name: string;
  displaySingular: string | null;
  displayPlural: string | null;
  nameProperty: string;
}

/** Ids travel as text so the whole row can go into a cache key as JSON. */
export interface ProjectDataVersion {
  lastFoldId: string | null;
  lastEventId: string | null;
  lastGroupId: string | null;
  lastPropertyChangeId: string | null;
  /** Cohorts and their members: the count of cohorts and the last membership change. */
  cohortVersion: string;
  /** Every group type of the project, in id order. */
  groupTypes: GroupTypeVersion[];
}

export function buildProjectDataVersionSql(projectId: number): Sql {
  return sql`
    SELECT
      (SELECT f.last_fold_id FROM rollup_fold_state f WHERE f.project_id = ${projectId})::text AS "lastFoldId",
      (SELECT max(e.id) FROM event e WHERE e.project_id = ${projectId})::text AS "lastEventId",
      (SELECT max(g.id) FROM "group" g WHERE g.project_id = ${projectId})::text AS "lastGroupId",
      (SELECT max(c.id) FROM group_property_change c WHERE c.project_id = ${projectId})::text AS "lastPropertyChangeId",
      (SELECT count(*) FROM cohort k WHERE k.project_id = ${projectId})::text || ':' ||
        coalesce((SELECT max(m.id) FROM cohort_membership_change m WHERE m.project_id = ${projectId})::text, '') AS "cohortVersion",
      (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'displaySingular', t.display_singular,
           'displayPlural', t.display_plural, 'nameProperty', t.name_property) ORDER BY t.id), '[]'::json)
         FROM group_type t WHERE t.project_id = ${projectId}) AS "groupTypes"`;
}

export async function readProjectDataVersion(client: SqlExecutor, projectId: number): Promise<ProjectDataVersion> {
  const rows = await client.query<ProjectDataVersion>(buildProjectDataVersionSql(projectId));
  return rows[0]!;
}

/** The fold number as the caches compare it. */
export function lastFoldIdOf(version: ProjectDataVersion): bigint | null {
  return version.lastFoldId === null ? null : BigInt(version.lastFoldId);
}
