// Rollups behind the Groups views, maintained in the ingest transaction so a page never scans raw
// events. A day is the project-local calendar day of the event. See prisma/schema.prisma for what
// each table means. The same aggregation rebuilds everything from `event_group` (rebuildRollups).
import { emptySql, type Sql } from '../../database/sql';
import { jsonRows } from '../../database/json-rows';
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

export interface AttributionRow {
  eventId: bigint;
  groupId: bigint;
  groupTypeId: number;
  time: Date;
  userId: bigint | null;
  sessionId: number | null;
  eventType: string;
  source: 'event' | 'user';
}

/**
 * The rollup statements over a relation `attributed(group_id, group_type_id, time, user_id,
 * session_id, event_type, day, is_key)`. Incremental ingest feeds it the batch; a rebuild feeds it
 * all of `event_group`. Data-modifying CTEs run as one statement: one round trip per batch.
 */
function rollupStatement(projectId: number, attributed: Sql, prefix: Sql = emptySql) {
  return sql`
    WITH ${prefix} attributed AS (${attributed}),
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
    )
    UPDATE "group" g SET first_seen = LEAST(g.first_seen, seen.first_time), last_seen = GREATEST(g.last_seen, seen.last_time)
    FROM (SELECT group_id, min(time) AS first_time, max(time) AS last_time FROM attributed GROUP BY group_id) seen
    WHERE g.project_id = ${projectId} AND g.id = seen.group_id AND (seen.first_time < g.first_seen OR seen.last_time > g.last_seen)`;
}

/** Stores a batch's attributions (event_group rows) and adds them to every rollup. */
export async function writeAttributions(client: SqlExecutor, projectId: number, timeZone: string, keyActions: string[], rows: AttributionRow[]) {
  if (!rows.length) return;
  const payload = rows
    .map((row) => ({
      event_id: row.eventId,
      group_id: row.groupId,
      group_type_id: row.groupTypeId,
      time: row.time.toISOString(),
      user_id: row.userId,
      session_id: row.sessionId,
      event_type: row.eventType,
      source: row.source,
    }))
    .sort((a, b) => (a.group_id < b.group_id ? -1 : a.group_id > b.group_id ? 1 : 0));
  const input = sql`
    input AS (
      SELECT * FROM jsonb_to_recordset(${jsonRows(payload)}::jsonb)
        AS x(event_id bigint, group_id bigint, group_type_id smallint, time timestamptz, user_id bigint, session_id bigint, event_type text, source text)
    ),
    links AS (
      INSERT INTO event_group (project_id, event_id, group_id, group_type_id, time, user_id, source)
      SELECT ${projectId}, event_id, group_id, group_type_id, time, user_id, source::group_source FROM input
    ),`;
  const attributed = sql`
    SELECT group_id, group_type_id, time, user_id, session_id, event_type,
      (time AT TIME ZONE ${timeZone})::date AS day, event_type = ANY(${keyActions}::text[]) AS is_key
    FROM input`;
  await client.execute(rollupStatement(projectId, attributed, input));
}

/** Recomputes every rollup of a project from its stored attributions (after late data, a time-zone change or a migration). */
export async function rebuildRollups(client: SqlExecutor, projectId: number, timeZone: string, keyActions: string[]) {
  await client.execute(sql`DELETE FROM group_session WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_daily WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_event_type_daily WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_user_daily WHERE project_id = ${projectId}`);
  await client.execute(sql`DELETE FROM group_member WHERE project_id = ${projectId}`);
  const attributed = sql`
    SELECT l.group_id, l.group_type_id, l.time, l.user_id, e.session_id, e.event_type,
      (l.time AT TIME ZONE ${timeZone})::date AS day, e.event_type = ANY(${keyActions}::text[]) AS is_key
    FROM event_group l JOIN event e ON e.project_id = l.project_id AND e.id = l.event_id
    WHERE l.project_id = ${projectId}`;
  await client.execute(rollupStatement(projectId, attributed));
}
