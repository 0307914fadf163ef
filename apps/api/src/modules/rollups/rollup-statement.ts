// Rollups behind the Groups views, so a page never scans raw events. A day is the project-local
// calendar day of the event. See prisma/schema.prisma for what each table means. A fold and a
// rebuild run the same statement, over queued events or over all of `event_group`.
import { emptySql, sql, type Sql } from '../../database/sql';
import { moveGroupsSeen } from '../groups/group.repository';

/**
 * The rollup statements over a relation `attributed(group_id, group_type_id, time, user_id,
 * session_id, event_type, day, is_key)`: a fold feeds it the queued events, a rebuild all of
 * `event_group`. `before` and `after` are further CTEs (each ending in a comma) around it.
 * Data-modifying CTEs run as one statement: one round trip.
 */
export function rollupStatement(projectId: number, parts: { before?: Sql; attributed: Sql; after?: Sql }) {
  return sql`
    WITH ${parts.before ?? emptySql} attributed AS (${parts.attributed}), ${parts.after ?? emptySql}
    new_sessions AS (
      INSERT INTO group_session (project_id, group_id, user_id, session_id, day)
      SELECT DISTINCT ON (group_id, user_id, session_id) ${projectId}, group_id, user_id, session_id, day
      FROM attributed WHERE user_id IS NOT NULL AND session_id IS NOT NULL
      ORDER BY group_id, user_id, session_id, time
      ON CONFLICT DO NOTHING
      RETURNING group_id, day
    ),
    session_counts AS (SELECT group_id, day, count(*)::int AS sessions FROM new_sessions GROUP BY group_id, day),
    daily AS (
      INSERT INTO group_daily (project_id, group_type_id, day, group_id, events, key_actions, sessions)
      SELECT ${projectId}, a.group_type_id, a.day, a.group_id, a.events, a.key_actions, COALESCE(s.sessions, 0)
      FROM (
        SELECT group_type_id, day, group_id, count(*)::int AS events, count(*) FILTER (WHERE is_key)::int AS key_actions
        FROM attributed GROUP BY group_type_id, day, group_id
      ) a LEFT JOIN session_counts s ON s.group_id = a.group_id AND s.day = a.day
      ORDER BY a.group_type_id, a.day, a.group_id
      ON CONFLICT (project_id, group_type_id, day, group_id) DO UPDATE SET
        events = group_daily.events + excluded.events,
        key_actions = group_daily.key_actions + excluded.key_actions,
        sessions = group_daily.sessions + excluded.sessions
    ),
    by_type AS (
      INSERT INTO group_event_type_daily (project_id, group_id, day, event_type, group_type_id, events, org_events)
      SELECT ${projectId}, group_id, day, event_type, min(group_type_id), count(*)::int, count(*) FILTER (WHERE user_id IS NULL)::int
      FROM attributed GROUP BY group_id, day, event_type
      ORDER BY group_id, day, event_type
      ON CONFLICT (project_id, group_id, day, event_type) DO UPDATE SET
        events = group_event_type_daily.events + excluded.events,
        org_events = group_event_type_daily.org_events + excluded.org_events
    ),
    people_daily AS (
      INSERT INTO group_user_daily (project_id, group_id, day, user_id, events)
      SELECT ${projectId}, group_id, day, user_id, count(*)::int
      FROM attributed WHERE user_id IS NOT NULL GROUP BY group_id, day, user_id
      ORDER BY group_id, day, user_id
      ON CONFLICT (project_id, group_id, day, user_id) DO UPDATE SET events = group_user_daily.events + excluded.events
    ),
    members AS (
      INSERT INTO group_member (project_id, group_id, user_id, first_seen, last_seen, events)
      SELECT ${projectId}, group_id, user_id, min(time), max(time), count(*)::int
      FROM attributed WHERE user_id IS NOT NULL GROUP BY group_id, user_id
      ORDER BY group_id, user_id
      ON CONFLICT (project_id, group_id, user_id) DO UPDATE SET
        first_seen = LEAST(group_member.first_seen, excluded.first_seen),
        last_seen = GREATEST(group_member.last_seen, excluded.last_seen),
        events = group_member.events + excluded.events
    ),
    seen AS (SELECT group_id, min(time) AS first_time, max(time) AS last_time FROM attributed GROUP BY group_id),
    ${moveGroupsSeen(projectId)}`;
}
