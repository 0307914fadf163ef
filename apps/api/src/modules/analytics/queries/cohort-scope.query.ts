// Cohort membership as the Groups page and the charts read it: the cohorts a request names (to
// check them against its group type) and the SQL condition on a group id column. The members are
// the cohort's as of its last computation (modules/cohorts keeps them current).
import { sql, type Sql } from '../../../database/sql';

export interface CohortAudienceRow {
  id: number;
  name: string;
  groupTypeId: number | null;
}

export function buildCohortsByIdSql(projectId: number, ids: readonly number[]): Sql {
  return sql`SELECT id, name, group_type_id AS "groupTypeId" FROM cohort
    WHERE project_id = ${projectId} AND id = ANY(${[...ids]}::int[])`;
}

/** True when the group in `groupId` is a member of the cohort. */
export function cohortMembership(projectId: number, cohortId: number, groupId: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM cohort_member cm
    WHERE cm.project_id = ${projectId} AND cm.cohort_id = ${cohortId}::int AND cm.member_id = ${groupId})`;
}
