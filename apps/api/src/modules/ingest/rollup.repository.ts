// Rollups behind the Groups views, maintained in the ingest transaction so a page never scans raw
// events. A day is the project-local calendar day of the event. See prisma/schema.prisma for what
// each table means. The same aggregation rebuilds everything from `event_group` (rebuildRollups).
import { jsonRows } from '../../database/json-rows';
import { emptySql, sql, type Sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

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
    ),
    seen AS (SELECT group_id, min(time) AS first_time, max(time) AS last_time FROM attributed GROUP BY group_id),
    locked AS (
      -- Row locks in id order, as the group property writes take them: two transactions of a
      -- project touch the same busy groups, and an UPDATE … FROM locks rows in whatever order its
      -- plan reads them (measured: deadlocks on "group" in the ingest benchmark, each a retried
      -- transaction). This runs with the main statement, before the unreferenced rollup writes.
      SELECT g.id FROM "group" g JOIN seen s ON s.group_id = g.id
      WHERE g.project_id = ${projectId} AND (s.first_time < g.first_seen OR s.last_time > g.last_seen)
      ORDER BY g.id
      FOR UPDATE OF g
    )
    UPDATE "group" g SET first_seen = LEAST(g.first_seen, seen.first_time), last_seen = GREATEST(g.last_seen, seen.last_time)
    FROM seen JOIN locked ON locked.id = seen.group_id
    WHERE g.project_id = ${projectId} AND g.id = seen.group_id AND (seen.first_time < g.first_seen OR seen.last_time > g.last_seen)`;
}

export interface StoredEvent {
  eventType: string;
  time: Date;
  userId: bigint | null;
  sessionId: number | null;
  insertId: string | null;
  properties: Record<string, unknown>;
  /** Event-level groups exactly as sent. */
  groups: Record<string, string[]>;
  attributions: { groupId: bigint; groupTypeId: number; source: 'event' | 'user' }[];
}

/**
 * Stores a batch's events, their group attributions (event_group), moves their people's first and
 * last seen, and adds them to every rollup, in ONE statement: event ids come from the sequence
 * inside it, so nothing travels back and forth.
 */
export async function writeEvents(client: SqlExecutor, projectId: number, timeZone: string, keyActions: string[], events: StoredEvent[], receivedAt: Date) {
  if (!events.length) return;
  const eventPayload = events.map((event, ordinal) => ({
    ordinal,
    event_type: event.eventType,
    time: event.time.toISOString(),
    user_id: event.userId,
    session_id: event.sessionId,
    insert_id: event.insertId,
    properties: event.properties,
    groups: event.groups,
  }));
  const attributionPayload = events
    .flatMap((event, ordinal) => event.attributions.map((link) => ({ event_ordinal: ordinal, group_id: link.groupId, group_type_id: link.groupTypeId, source: link.source })))
    .sort((a, b) => (a.group_id < b.group_id ? -1 : a.group_id > b.group_id ? 1 : 0));
  const prefix = sql`
    new_events AS (
      SELECT nextval(pg_get_serial_sequence('event', 'id')) AS id, x.*
      FROM jsonb_to_recordset(${jsonRows(eventPayload)}::jsonb)
        AS x(ordinal int, event_type text, time timestamptz, user_id bigint, session_id bigint, insert_id text, properties jsonb, groups jsonb)
    ),
    stored_events AS (
      INSERT INTO event (project_id, id, event_type, time, user_id, session_id, insert_id, properties, groups, received_at)
      SELECT ${projectId}, id, event_type, time, user_id, session_id, insert_id, properties, groups, ${receivedAt} FROM new_events
    ),
    people_seen AS (
      UPDATE app_user u SET first_seen = LEAST(u.first_seen, seen.first_time), last_seen = GREATEST(u.last_seen, seen.last_time)
      FROM (SELECT user_id, min(time) AS first_time, max(time) AS last_time FROM new_events WHERE user_id IS NOT NULL GROUP BY user_id) seen
      WHERE u.project_id = ${projectId} AND u.id = seen.user_id AND (seen.first_time < u.first_seen OR seen.last_time > u.last_seen)
    ),
    input AS (
      SELECT e.id AS event_id, a.group_id, a.group_type_id, e.time, e.user_id, e.session_id, e.event_type, a.source
      FROM jsonb_to_recordset(${jsonRows(attributionPayload)}::jsonb) AS a(event_ordinal int, group_id bigint, group_type_id smallint, source text)
      JOIN new_events e ON e.ordinal = a.event_ordinal
    ),
    links AS (
      INSERT INTO event_group (project_id, event_id, group_id, group_type_id, time, user_id, source)
      SELECT ${projectId}, event_id, group_id, group_type_id, time, user_id, source::group_source FROM input
    ),`;
  const attributed = sql`
    SELECT group_id, group_type_id, time, user_id, session_id, event_type,
      (time AT TIME ZONE ${timeZone})::date AS day, event_type = ANY(${keyActions}::text[]) AS is_key
    FROM input`;
  await client.execute(rollupStatement(projectId, attributed, prefix));
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

/** The planner's count of stored events, all projects (0 before the first ANALYZE). */
export async function estimateStoredEvents(client: SqlExecutor): Promise<number> {
  const rows = await client.query<{ events: number }>(sql`SELECT GREATEST(reltuples, 0)::float8 AS events FROM pg_class WHERE oid = 'event'::regclass`);
  return rows[0]?.events ?? 0;
}

/**
 * The tables whose statistics decide plans: people, groups and memberships (ingest's lookups)
 * and the rollups (every analytics read).
 */
const planningTables = sql`app_user, "group", membership, group_daily, group_event_type_daily, group_user_daily, group_member, group_session`;

/** ANALYZE of every table ingest writes (a bulk load leaves the planner with empty-table statistics). */
export async function refreshIngestStatistics(client: SqlExecutor) {
  await client.execute(sql`ANALYZE ${planningTables}, event, event_group, group_property_change`);
}

/**
 * ANALYZE of the planning tables only. The raw, append-only tables (event, event_group,
 * ingest_dedup) are left to autovacuum: they are the largest, and they are read only by key,
 * where statistics hardly matter.
 */
export async function refreshPlanningStatistics(client: SqlExecutor) {
  await client.execute(sql`ANALYZE ${planningTables}`);
}
