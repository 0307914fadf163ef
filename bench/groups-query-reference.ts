// The Groups page's top 50 computed the slow, obvious way: plain SQL over the raw `event` and
// `event_group` tables (no rollup), so the benchmark can time it and check the API against it.
import type pg from 'pg';

export interface TopGroupsQuestion {
  projectId: number;
  groupTypeId: number;
  keyActions: string[];
  /** Inclusive UTC-midnight bounds (the bench project's time zone is UTC). */
  rangeStart: Date;
  rangeEnd: Date;
  previousStart: Date;
  steadyPercent: number;
  sharpPercent: number;
  limit: number;
}

/** One row of the top 50, as every implementation must report it. */
export interface TopGroupRow {
  value: string;
  keyActions: number;
  events: number;
  activePeople: number;
  previousKeyActions: number;
  label: string;
}

/** The label rule, written again in SQL (and for DuckDB) rather than shared with the API. */
export const trendLabelSql = (current: string, previous: string, steady: string, sharp: string) => `CASE
    WHEN ${previous} = 0 THEN CASE WHEN ${current} > 0 THEN 'NEW' ELSE 'INACTIVE' END
    WHEN (${current} - ${previous})::float8 * 100 / ${previous} <= ${sharp} THEN 'FALLING_SHARPLY'
    WHEN (${current} - ${previous})::float8 * 100 / ${previous} < -${steady} THEN 'FALLING'
    WHEN (${current} - ${previous})::float8 * 100 / ${previous} > ${steady} THEN 'RISING'
    ELSE 'STEADY' END`;

export const rawTopGroupsSql = `
  WITH attributed AS (
    SELECT eg.group_id, eg.user_id, eg.time, e.event_type = ANY($3::text[]) AS key_action
    FROM event_group eg
    JOIN event e ON e.project_id = eg.project_id AND e.id = eg.event_id
    WHERE eg.project_id = $1 AND eg.group_type_id = $2 AND eg.time >= $6 AND eg.time < $5
  ),
  per_group AS (
    SELECT group_id,
      count(*) FILTER (WHERE time >= $4)::int AS events,
      count(*) FILTER (WHERE time >= $4 AND key_action)::int AS key_actions,
      count(*) FILTER (WHERE time < $4 AND key_action)::int AS previous_key_actions,
      count(DISTINCT user_id) FILTER (WHERE time >= $4)::int AS active_people
    FROM attributed
    GROUP BY group_id
  )
  SELECT g.value, p.key_actions AS "keyActions", p.events, p.active_people AS "activePeople",
    p.previous_key_actions AS "previousKeyActions",
    ${trendLabelSql('p.key_actions', 'p.previous_key_actions', '$7::float8', '$8::float8')} AS label
  FROM per_group p
  JOIN "group" g ON g.project_id = $1 AND g.id = p.group_id
  ORDER BY p.key_actions DESC, g.value ASC, g.id ASC
  LIMIT $9`;

export async function rawTopGroups(client: pg.ClientBase, question: TopGroupsQuestion): Promise<TopGroupRow[]> {
  const { rows } = await client.query<TopGroupRow>(rawTopGroupsSql, [
    question.projectId,
    question.groupTypeId,
    question.keyActions,
    question.rangeStart,
    question.rangeEnd,
    question.previousStart,
    question.steadyPercent,
    question.sharpPercent,
    question.limit,
  ]);
  return rows;
}
