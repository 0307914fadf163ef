// What each of several people did over a range of project-local days, from their raw events (on
// the (project, user, time) index): events, active days, sessions, distinct event types.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import { endOfDayInstant, startOfDayInstant } from '../../analytics/queries/sql-fragments';

export interface PersonActivityRow {
  personId: bigint;
  events: number;
  activeDays: number;
  sessions: number;
  eventTypes: number;
  lastEventAt: Date | null;
}

export function buildPersonActivitySql(
  projectId: number,
  timeZone: string,
  range: { from: string; to: string },
  personIds: readonly bigint[],
): Sql {
  return sql`
    SELECT wanted.user_id AS "personId", activity.*
    FROM unnest(${personIds.map(String)}::bigint[]) AS wanted(user_id)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS events,
        count(DISTINCT (e.time AT TIME ZONE ${timeZone})::date)::int AS "activeDays",
        count(DISTINCT e.session_id)::int AS sessions,
        count(DISTINCT e.event_type)::int AS "eventTypes",
        max(e.time) AS "lastEventAt"
      FROM event e
      WHERE e.project_id = ${projectId} AND e.user_id = wanted.user_id
        AND e.time >= ${startOfDayInstant(range.from, timeZone)} AND e.time < ${endOfDayInstant(range.to, timeZone)}
    ) activity`;
}

export function readPersonActivity(
  client: SqlExecutor,
  projectId: number,
  timeZone: string,
  range: { from: string; to: string },
  personIds: readonly bigint[],
): Promise<PersonActivityRow[]> {
  return client.query<PersonActivityRow>(buildPersonActivitySql(projectId, timeZone, range, personIds));
}

export interface PersonDayRow {
  personId: bigint;
  /** Project-local day, "YYYY-MM-DD". */
  day: string;
  events: number;
}

/** Events per project-local day of each of several people (days without events are left out). */
export function buildPersonDaysSql(
  projectId: number,
  timeZone: string,
  range: { from: string; to: string },
  personIds: readonly bigint[],
): Sql {
  return sql`
    SELECT e.user_id AS "personId", to_char((e.time AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS day,
      count(*)::int AS events
    FROM event e
    WHERE e.project_id = ${projectId} AND e.user_id = ANY(${personIds.map(String)}::bigint[])
      AND e.time >= ${startOfDayInstant(range.from, timeZone)} AND e.time < ${endOfDayInstant(range.to, timeZone)}
    GROUP BY 1, 2
    ORDER BY 1, 2`;
}

export function readPersonDays(
  client: SqlExecutor,
  projectId: number,
  timeZone: string,
  range: { from: string; to: string },
  personIds: readonly bigint[],
): Promise<PersonDayRow[]> {
  return client.query<PersonDayRow>(buildPersonDaysSql(projectId, timeZone, range, personIds));
}
