// Rollups behind the Groups views, so a page never scans raw events. A day is the project-local
// calendar day of the event. See prisma/schema.prisma for what each table means.
//
// Ingest stores events and their group attributions and queues them (writeEvents); a fold adds
// queued events to every rollup, one fold of a project at a time (foldQueuedEvents, driven by
// rollup-folder.ts). The same aggregation rebuilds everything from `event_group` (rebuildRollups).
import { jsonRows } from '../../database/json-rows';
import { emptySql, sql, type Sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

/**
 * The rollup statements over a relation `attributed(group_id, group_type_id, time, user_id,
 * session_id, event_type, day, is_key)`: a fold feeds it the queued events, a rebuild all of
 * `event_group`. `before` and `after` are further CTEs (each ending in a comma) around it.
 * Data-modifying CTEs run as one statement: one round trip.
 */
function rollupStatement(projectId: number, parts: { before?: Sql; attributed: Sql; after?: Sql }) {
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

/** Ids one value of the event id sequence stands for (its increment, set by a migration). */
export const eventIdBlockSize = 1000;

/**
 * Stores a batch's events and their group attributions (event_group) and queues them for the
 * rollups, in ONE statement: event ids come from the sequence inside it, so nothing travels back
 * and forth. Only new rows are written here (no counter or first/last seen is updated), so two
 * ingest transactions of a project never wait on each other's rows.
 */
export async function writeEvents(client: SqlExecutor, projectId: number, events: StoredEvent[], receivedAt: Date) {
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
  const attributionPayload = events.flatMap((event, ordinal) =>
    event.attributions.map((link) => ({ event_ordinal: ordinal, group_id: link.groupId, group_type_id: link.groupTypeId, source: link.source })),
  );
  await client.execute(sql`
    WITH id_blocks AS (
      -- The event id sequence counts in steps of eventIdBlockSize (see the rollup_queue
      -- migration): each value starts a block of ids that only this transaction uses, so its
      -- events form a few contiguous ranges that a fold reads by index, whatever other
      -- transactions do meanwhile.
      SELECT block, nextval(pg_get_serial_sequence('event', 'id')) AS first_id
      FROM generate_series(0, ${Math.ceil(events.length / eventIdBlockSize) - 1}::int) AS block
    ),
    new_events AS (
      SELECT b.first_id + x.ordinal % ${eventIdBlockSize}::int AS id, x.*
      FROM jsonb_to_recordset(${jsonRows(eventPayload)}::jsonb)
        AS x(ordinal int, event_type text, time timestamptz, user_id bigint, session_id bigint, insert_id text, properties jsonb, groups jsonb)
      JOIN id_blocks b ON b.block = x.ordinal / ${eventIdBlockSize}::int
    ),
    stored_events AS (
      INSERT INTO event (project_id, id, event_type, time, user_id, session_id, insert_id, properties, groups, received_at)
      SELECT ${projectId}, id, event_type, time, user_id, session_id, insert_id, properties, groups, ${receivedAt} FROM new_events
    ),
    links AS (
      INSERT INTO event_group (project_id, event_id, group_id, group_type_id, time, user_id, source)
      SELECT ${projectId}, e.id, a.group_id, a.group_type_id, e.time, e.user_id, a.source::group_source
      FROM jsonb_to_recordset(${jsonRows(attributionPayload)}::jsonb) AS a(event_ordinal int, group_id bigint, group_type_id smallint, source text)
      JOIN new_events e ON e.ordinal = a.event_ordinal
    ),
    ranges AS (SELECT min(id) AS first_id, max(id) AS last_id FROM new_events GROUP BY ordinal / ${eventIdBlockSize}::int)
    INSERT INTO rollup_queue (project_id, first_event_ids, last_event_ids, events)
    SELECT ${projectId}, array_agg(first_id ORDER BY first_id), array_agg(last_id ORDER BY first_id), ${events.length}::int FROM ranges`);
}

/**
 * Draws the project's next fold number and reads the settings the rollups depend on (time zone,
 * key actions), under the rollup lock: a settings change, which takes the same lock, is then
 * never half applied.
 */
async function beginFold(client: SqlExecutor, projectId: number): Promise<{ foldId: bigint; timeZone: string; keyActions: string[] }> {
  const [settings] = await client.query<{ foldId: bigint; timeZone: string; keyActions: string[] }>(sql`
    WITH bumped AS (
      INSERT INTO rollup_fold_state (project_id, last_fold_id, folded_at) VALUES (${projectId}, 1, now())
      ON CONFLICT (project_id) DO UPDATE SET last_fold_id = rollup_fold_state.last_fold_id + 1, folded_at = now()
      RETURNING last_fold_id
    )
    SELECT bumped.last_fold_id AS "foldId", p.time_zone AS "timeZone", p.key_actions AS "keyActions"
    FROM bumped, project p WHERE p.id = ${projectId}`);
  if (!settings) throw new Error(`Project ${projectId} no longer exists; its rollups cannot be changed.`);
  return settings;
}

/** Namespace of the transaction-level advisory lock that lets one fold of a project run at a time. */
const foldLockNamespace = 0x4c4d_0001;

/**
 * Takes the lock that serialises a project's folds, for the rest of the transaction. Whatever
 * else recomputes rollups (new key actions, a rebuild) takes it too, so it never interleaves
 * with a fold.
 */
export async function lockRollups(client: SqlExecutor, projectId: number) {
  // Selects a constant: a void column cannot be read through every driver (Prisma refuses it).
  await client.query(sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(${foldLockNamespace}::int, ${projectId}::int)`);
}

export interface FoldOutcome {
  /** Events added to the rollups. */
  events: number;
  /** The fold's number (null when the queue was empty). */
  foldId: bigint | null;
  /** True when queue rows were left for the next fold (it takes at most `maximumQueueRows`). */
  more: boolean;
}

/**
 * One fold, inside the caller's transaction: takes up to `maximumQueueRows` queued ingest
 * transactions of the project, adds their events to every rollup, moves people's and groups'
 * first and last seen, records which groups changed, and deletes the queue rows. All or nothing.
 */
export async function foldQueuedEvents(client: SqlExecutor, projectId: number, maximumQueueRows: number): Promise<FoldOutcome> {
  await lockRollups(client, projectId);
  // A fold reads a few thousand recent events by id range and touches rollup rows by key: index
  // access is right at any table size. The planner, left to itself, picked sequential scans of
  // event_group whenever its statistics (or a cached generic plan) still described a small table,
  // and folds grew from 0.1 to 2.5 s within 300k events (measured in the ingest benchmark).
  // Its row estimates are far too high (a range of ids reads as 0.5 % of the table), so give its
  // hash tables room rather than let them spill to disk in 128 batches.
  await client.query(sql`
    SELECT set_config('enable_seqscan', 'off', true) AS seqscan, set_config('plan_cache_mode', 'force_custom_plan', true) AS plans,
      set_config('work_mem', '64MB', true) AS memory`);
  const [taken] = await client.query<{ firsts: string[] | null; lasts: string[] | null; events: number; rows: number }>(sql`
    WITH taken AS (
      DELETE FROM rollup_queue q
      WHERE q.project_id = ${projectId} AND q.id IN (SELECT id FROM rollup_queue WHERE project_id = ${projectId} ORDER BY id LIMIT ${maximumQueueRows})
      RETURNING q.first_event_ids, q.last_event_ids, q.events
    )
    SELECT array_agg(r.first_id)::text[] AS firsts, array_agg(r.last_id)::text[] AS lasts,
      (SELECT COALESCE(sum(events), 0)::int FROM taken) AS events, (SELECT count(*)::int FROM taken) AS rows
    FROM taken, unnest(taken.first_event_ids, taken.last_event_ids) AS r(first_id, last_id)`);
  const { firsts, lasts, events, rows } = taken!;
  if (!firsts?.length || !lasts) return { events: 0, foldId: null, more: false };
  const settings = await beginFold(client, projectId);

  const before = sql`
    ranges AS (SELECT * FROM unnest(${firsts}::bigint[], ${lasts}::bigint[]) AS r(first_id, last_id)),
    -- Each queued event with its attributions (one row per attribution; events without any give
    -- one row with a null group). LATERAL, and the range on both tables: one ordered index range
    -- scan of each per range, merged, however many ranges there are.
    folded AS MATERIALIZED (
      SELECT x.* FROM ranges r CROSS JOIN LATERAL (
        SELECT e.id AS event_id, e.user_id, e.time, e.event_type, e.session_id, l.group_id, l.group_type_id
        FROM event e
        LEFT JOIN event_group l ON l.project_id = ${projectId} AND l.event_id = e.id AND l.event_id BETWEEN r.first_id AND r.last_id
        WHERE e.project_id = ${projectId} AND e.id BETWEEN r.first_id AND r.last_id
      ) x
    ),
    people_seen_now AS (
      SELECT user_id, min(time) AS first_time, max(time) AS last_time FROM folded WHERE user_id IS NOT NULL GROUP BY user_id
    ),
    -- Row locks in id order (as every writer of people takes them) before the update.
    locked_people AS (
      SELECT u.id FROM app_user u JOIN people_seen_now s ON s.user_id = u.id
      WHERE u.project_id = ${projectId} AND (s.first_time < u.first_seen OR s.last_time > u.last_seen)
      ORDER BY u.id
      FOR UPDATE OF u
    ),
    people_seen AS (
      UPDATE app_user u SET first_seen = LEAST(u.first_seen, s.first_time), last_seen = GREATEST(u.last_seen, s.last_time)
      FROM people_seen_now s JOIN locked_people l ON l.id = s.user_id
      WHERE u.project_id = ${projectId} AND u.id = s.user_id
    ),`;
  const attributed = sql`
    SELECT group_id, group_type_id, time, user_id, session_id, event_type,
      (time AT TIME ZONE ${settings.timeZone})::date AS day, event_type = ANY(${settings.keyActions}::text[]) AS is_key
    FROM folded WHERE group_id IS NOT NULL`;
  const after = sql`
    changed_groups AS (
      INSERT INTO rollup_change (project_id, fold_id, group_id, group_type_id)
      SELECT ${projectId}, ${settings.foldId}, group_id, min(group_type_id) FROM attributed GROUP BY group_id
    ),`;
  await client.execute(rollupStatement(projectId, { before, attributed, after }));
  return { events, foldId: settings.foldId, more: rows >= maximumQueueRows };
}

/** Projects with queued events (the queue's primary key starts with the project: a short scan). */
export async function listQueuedProjects(client: SqlExecutor): Promise<number[]> {
  const rows = await client.query<{ projectId: number }>(sql`SELECT DISTINCT project_id AS "projectId" FROM rollup_queue`);
  return rows.map((row) => row.projectId);
}

/** Forgets which groups the folds up to `foldId` changed (caches of figures live for seconds). */
export async function pruneRollupChanges(client: SqlExecutor, projectId: number, foldId: bigint) {
  await client.execute(sql`DELETE FROM rollup_change WHERE project_id = ${projectId} AND fold_id <= ${foldId}`);
}

/**
 * Recomputes every rollup of a project from its stored attributions (after late data, a time-zone
 * change or a migration), with the time zone and key actions stored now. Queued events are folded
 * first (which also moves their people's first and last seen), and the rebuild counts as one more
 * fold that changed every group.
 */
export async function rebuildRollups(client: SqlExecutor, projectId: number) {
  while ((await foldQueuedEvents(client, projectId, 1_000)).more);
  const { foldId, timeZone, keyActions } = await beginFold(client, projectId);
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
  await client.execute(rollupStatement(projectId, { attributed }));
  await client.execute(sql`
    INSERT INTO rollup_change (project_id, fold_id, group_id, group_type_id)
    SELECT ${projectId}, ${foldId}, g.id, g.group_type_id FROM "group" g WHERE g.project_id = ${projectId}`);
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
