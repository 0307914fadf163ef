// Activity of one group per day or per ISO week of the range: events, key actions (group_daily)
// and distinct active people (group_user_daily) in each bucket.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter, weekStartOf } from './sql-fragments';

export type ActivityInterval = 'DAY' | 'WEEK';

export interface ActivityBucketRow {
  start: string;
  events: number;
  keyActions: number;
  activePeople: number;
}

export function buildActivityBucketsSql(
  window: AnalyticsWindow,
  groupTypeId: number,
  groupId: bigint,
  interval: ActivityInterval,
): Sql {
  const projectId = window.projectId;
  const bucket = interval === 'WEEK' ? weekStartOf(sql`day`) : sql`day`;
  const from = dayParameter(window.range.from);
  const to = dayParameter(window.range.to);
  return sql`
    WITH activity AS (
      SELECT ${bucket} AS start, sum(events)::int AS events, sum(key_actions)::int AS key_actions
      FROM group_daily
      WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND group_id = ${groupId} AND day BETWEEN ${from} AND ${to}
      GROUP BY 1
    ),
    people AS (
      SELECT ${bucket} AS start, count(DISTINCT user_id)::int AS active_people
      FROM group_user_daily
      WHERE project_id = ${projectId} AND group_id = ${groupId} AND day BETWEEN ${from} AND ${to}
      GROUP BY 1
    )
    SELECT to_char(start, 'YYYY-MM-DD') AS start, coalesce(a.events, 0) AS events,
      coalesce(a.key_actions, 0) AS "keyActions", coalesce(p.active_people, 0) AS "activePeople"
    FROM activity a FULL JOIN people p USING (start)
    ORDER BY start`;
}

export function readActivityBuckets(
  client: SqlExecutor,
  window: AnalyticsWindow,
  groupTypeId: number,
  groupId: bigint,
  interval: ActivityInterval,
): Promise<ActivityBucketRow[]> {
  return client.query<ActivityBucketRow>(buildActivityBucketsSql(window, groupTypeId, groupId, interval));
}
