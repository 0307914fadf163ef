// Weekly retention of one group's people: each person joins the cohort of the ISO week of their
// first active day in the group (if that day falls in the range); the query counts, per cohort,
// how many of them were active in each later week of the range.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter, weekStartOf } from './sql-fragments';

export interface RetentionCellRow {
  cohortWeek: string;
  activeWeek: string;
  users: number;
}

export function buildGroupRetentionSql(window: AnalyticsWindow, groupId: bigint): Sql {
  const projectId = window.projectId;
  const from = dayParameter(window.range.from);
  const to = dayParameter(window.range.to);
  return sql`
    WITH first_days AS (
      SELECT user_id, min(day) AS first_day
      FROM group_user_daily
      WHERE project_id = ${projectId} AND group_id = ${groupId} AND day <= ${to}
      GROUP BY user_id
    ),
    cohorts AS (
      SELECT user_id, ${weekStartOf(sql`first_day`)} AS cohort_week
      FROM first_days WHERE first_day >= ${from}
    ),
    active_weeks AS (
      SELECT DISTINCT user_id, ${weekStartOf(sql`day`)} AS active_week
      FROM group_user_daily
      WHERE project_id = ${projectId} AND group_id = ${groupId} AND day BETWEEN ${from} AND ${to}
    )
    SELECT to_char(c.cohort_week, 'YYYY-MM-DD') AS "cohortWeek", to_char(w.active_week, 'YYYY-MM-DD') AS "activeWeek", count(*)::int AS users
    FROM cohorts c JOIN active_weeks w ON w.user_id = c.user_id AND w.active_week >= c.cohort_week
    GROUP BY c.cohort_week, w.active_week
    ORDER BY c.cohort_week, w.active_week`;
}

export function readGroupRetention(
  client: SqlExecutor,
  window: AnalyticsWindow,
  groupId: bigint,
): Promise<RetentionCellRow[]> {
  return client.query<RetentionCellRow>(buildGroupRetentionSql(window, groupId));
}
