// The rollup writes of rollup-statement.ts as one statement per table, for Citus. Citus routes a
// statement whole to one project's shards only when it is a plain INSERT … SELECT, UPDATE or
// DELETE whose every distributed table is filtered by the same project id, and never one with an
// INSERT in a CTE: the single statement of rollup-statement.ts would be split into subplans and
// intermediate results. Here every statement reads its attributions again from `event_group` and
// `event` (a few thousand rows by primary key, cached by the previous statement) and takes
// `project_id` from them, which is what lets Citus push an INSERT … SELECT down to the shard.
// One PostgreSQL keeps the single statement: one round trip and one read of the events.
import { type Sql, sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

/** The attributions to add, as `FROM … WHERE …` over `event_group l` joined to `event e`. */
export interface AttributionSource {
  /** Ends with a WHERE clause that filters both tables by the project (callers append AND …). */
  from: Sql;
  /** The attribution's time and person (the fold reads them from the event, a rebuild from the attribution). */
  time: Sql;
  userId: Sql;
}

export interface RollupSettings {
  timeZone: string;
  keyActions: string[];
}

/** A fold's attributions: every event in the queued id ranges, with its groups. */
export function queuedAttributions(projectId: number, firsts: string[], lasts: string[]): AttributionSource {
  return {
    from: sql`FROM unnest(${firsts}::bigint[], ${lasts}::bigint[]) AS r(first_id, last_id)
      JOIN event e ON e.project_id = ${projectId} AND e.id BETWEEN r.first_id AND r.last_id
      JOIN event_group l ON l.project_id = e.project_id AND l.event_id = e.id
      WHERE e.project_id = ${projectId} AND l.project_id = ${projectId}`,
    time: sql`e.time`,
    userId: sql`e.user_id`,
  };
}

/** A rebuild's attributions: every stored one of the project. */
export function storedAttributions(projectId: number): AttributionSource {
  return {
    from: sql`FROM event_group l JOIN event e ON e.project_id = l.project_id AND e.id = l.event_id
      WHERE l.project_id = ${projectId} AND e.project_id = ${projectId}`,
    time: sql`l.time`,
    userId: sql`l.user_id`,
  };
}

/**
 * Adds the attributions to every rollup and moves groups' first and last seen. `sessions` says
 * where each (group, day)'s new sessions are counted: `returned` (a fold: the sessions this call
 * inserts) or `stored` (a rebuild, after the rollups were emptied: every stored session).
 */
export async function writeRollupsPerTable(
  client: SqlExecutor,
  projectId: number,
  source: AttributionSource,
  settings: RollupSettings,
  sessions: 'returned' | 'stored',
): Promise<void> {
  const { from, time, userId } = source;
  const day = sql`(${time} AT TIME ZONE ${settings.timeZone})::date`;
  const isKey = sql`e.event_type = ANY(${settings.keyActions}::text[])`;

  const inserted = await client.query<{ groupId: bigint; day: string }>(sql`
    INSERT INTO group_session (project_id, group_id, user_id, session_id, day)
    SELECT DISTINCT ON (l.group_id, ${userId}, e.session_id) l.project_id, l.group_id, ${userId}, e.session_id, ${day}
    ${from} AND ${userId} IS NOT NULL AND e.session_id IS NOT NULL
    ORDER BY l.group_id, ${userId}, e.session_id, ${time}
    ON CONFLICT DO NOTHING
    RETURNING group_id AS "groupId", to_char(day, 'YYYY-MM-DD') AS day`);
  const sessionCounts = sessions === 'returned' ? countSessions(inserted) : null;
  const newSessions = sessionCounts
    ? sql`unnest(${sessionCounts.groupIds}::bigint[], ${sessionCounts.days}::date[], ${sessionCounts.counts}::int[]) AS s(group_id, day, sessions)`
    : sql`(SELECT group_id, day, count(*)::int AS sessions FROM group_session WHERE project_id = ${projectId} GROUP BY group_id, day) s`;

  await client.execute(sql`
    INSERT INTO group_daily (project_id, group_type_id, day, group_id, events, key_actions, sessions)
    SELECT a.project_id, a.group_type_id, a.day, a.group_id, a.events, a.key_actions, COALESCE(s.sessions, 0)
    FROM (
      SELECT l.project_id, l.group_type_id, ${day} AS day, l.group_id, count(*)::int AS events,
        count(*) FILTER (WHERE ${isKey})::int AS key_actions
      ${from} GROUP BY l.project_id, l.group_type_id, 3, l.group_id
    ) a LEFT JOIN ${newSessions} ON s.group_id = a.group_id AND s.day = a.day
    ORDER BY a.group_type_id, a.day, a.group_id
    ON CONFLICT (project_id, group_type_id, day, group_id) DO UPDATE SET
      events = group_daily.events + excluded.events,
      key_actions = group_daily.key_actions + excluded.key_actions,
      sessions = group_daily.sessions + excluded.sessions`);

  await client.execute(sql`
    INSERT INTO group_event_type_daily (project_id, group_id, day, event_type, group_type_id, events, org_events)
    SELECT l.project_id, l.group_id, ${day}, e.event_type, min(l.group_type_id), count(*)::int,
      count(*) FILTER (WHERE ${userId} IS NULL)::int
    ${from} GROUP BY l.project_id, l.group_id, 3, e.event_type
    ORDER BY l.group_id, 3, e.event_type
    ON CONFLICT (project_id, group_id, day, event_type) DO UPDATE SET
      events = group_event_type_daily.events + excluded.events,
      org_events = group_event_type_daily.org_events + excluded.org_events`);

  await client.execute(sql`
    INSERT INTO group_user_daily (project_id, group_id, day, user_id, events)
    SELECT l.project_id, l.group_id, ${day}, ${userId}, count(*)::int
    ${from} AND ${userId} IS NOT NULL GROUP BY l.project_id, l.group_id, 3, ${userId}
    ORDER BY l.group_id, 3, ${userId}
    ON CONFLICT (project_id, group_id, day, user_id) DO UPDATE SET events = group_user_daily.events + excluded.events`);

  await client.execute(sql`
    INSERT INTO group_member (project_id, group_id, user_id, first_seen, last_seen, events)
    SELECT l.project_id, l.group_id, ${userId}, min(${time}), max(${time}), count(*)::int
    ${from} AND ${userId} IS NOT NULL GROUP BY l.project_id, l.group_id, ${userId}
    ORDER BY l.group_id, ${userId}
    ON CONFLICT (project_id, group_id, user_id) DO UPDATE SET
      first_seen = LEAST(group_member.first_seen, excluded.first_seen),
      last_seen = GREATEST(group_member.last_seen, excluded.last_seen),
      events = group_member.events + excluded.events`);

  // Row locks in id order, as every writer of groups takes them (see group.repository.ts).
  await client.execute(sql`
    WITH seen AS (SELECT l.group_id, min(${time}) AS first_time, max(${time}) AS last_time ${from} GROUP BY l.group_id),
    locked AS (
      SELECT g.id FROM "group" g JOIN seen s ON s.group_id = g.id
      WHERE g.project_id = ${projectId} AND (s.first_time < g.first_seen OR s.last_time > g.last_seen)
      ORDER BY g.id
      FOR UPDATE OF g
    )
    UPDATE "group" g SET first_seen = LEAST(g.first_seen, seen.first_time), last_seen = GREATEST(g.last_seen, seen.last_time)
    FROM seen JOIN locked ON locked.id = seen.group_id
    WHERE g.project_id = ${projectId} AND g.id = seen.group_id`);
}

/** Moves people's first and last seen for a fold's events (with or without groups), locking in id order. */
export async function movePeopleSeenPerTable(
  client: SqlExecutor,
  projectId: number,
  firsts: string[],
  lasts: string[],
) {
  await client.execute(sql`
    WITH seen AS (
      SELECT e.user_id, min(e.time) AS first_time, max(e.time) AS last_time
      FROM unnest(${firsts}::bigint[], ${lasts}::bigint[]) AS r(first_id, last_id)
      JOIN event e ON e.project_id = ${projectId} AND e.id BETWEEN r.first_id AND r.last_id
      WHERE e.project_id = ${projectId} AND e.user_id IS NOT NULL
      GROUP BY e.user_id
    ),
    locked AS (
      SELECT u.id FROM app_user u JOIN seen s ON s.user_id = u.id
      WHERE u.project_id = ${projectId} AND (s.first_time < u.first_seen OR s.last_time > u.last_seen)
      ORDER BY u.id
      FOR UPDATE OF u
    )
    UPDATE app_user u SET first_seen = LEAST(u.first_seen, seen.first_time), last_seen = GREATEST(u.last_seen, seen.last_time)
    FROM seen JOIN locked ON locked.id = seen.user_id
    WHERE u.project_id = ${projectId} AND u.id = seen.user_id`);
}

/** Records which groups a fold changed. */
export async function recordChangedGroupsPerTable(
  client: SqlExecutor,
  source: AttributionSource,
  foldId: bigint,
): Promise<void> {
  await client.execute(sql`
    INSERT INTO rollup_change (project_id, fold_id, group_id, group_type_id)
    SELECT l.project_id, ${foldId}, l.group_id, min(l.group_type_id) ${source.from} GROUP BY l.project_id, l.group_id`);
}

function countSessions(rows: { groupId: bigint; day: string }[]) {
  const counts = new Map<string, { groupId: string; day: string; count: number }>();
  for (const row of rows) {
    const key = `${row.groupId}|${row.day}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { groupId: String(row.groupId), day: row.day, count: 1 });
  }
  const entries = [...counts.values()];
  return {
    groupIds: entries.map((entry) => entry.groupId),
    days: entries.map((entry) => entry.day),
    counts: entries.map((entry) => entry.count),
  };
}
