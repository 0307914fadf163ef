// A fold adds queued events (rollup_queue, written with the events by ingest) to every rollup,
// one fold of a project at a time (driven by rollup-folder.ts).
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { statementsPerTable } from '../../database/citus';
import { lockRollups } from './rollup-lock';
import { rollupStatement } from './rollup-statement';
import {
  movePeopleSeenPerTable,
  queuedAttributions,
  recordChangedGroupsPerTable,
  writeRollupsPerTable,
} from './rollup-statements-per-table';

/**
 * Draws the project's next fold number and reads the settings the rollups depend on (time zone,
 * key actions), under the rollup lock: a settings change, which takes the same lock, is then
 * never half applied.
 */
export async function beginFold(
  client: SqlExecutor,
  projectId: number,
): Promise<{ foldId: bigint; timeZone: string; keyActions: string[] }> {
  // Two statements, not one with the INSERT in a CTE: Citus routes neither an INSERT CTE nor a
  // join of the distributed fold state with the project (a reference table) whole. The DO UPDATE
  // takes the time from `excluded` because Citus refuses functions there that are not IMMUTABLE.
  const [bumped] = await client.query<{ foldId: bigint }>(sql`
    INSERT INTO rollup_fold_state (project_id, last_fold_id, folded_at) VALUES (${projectId}, 1, now())
    ON CONFLICT (project_id) DO UPDATE SET last_fold_id = rollup_fold_state.last_fold_id + 1, folded_at = excluded.folded_at
    RETURNING last_fold_id AS "foldId"`);
  const [project] = await client.query<{ timeZone: string; keyActions: string[] }>(sql`
    SELECT p.time_zone AS "timeZone", p.key_actions AS "keyActions" FROM project p WHERE p.id = ${projectId}`);
  const settings = bumped && project ? { foldId: bumped.foldId, ...project } : undefined;
  if (!settings) throw new Error(`Project ${projectId} no longer exists; its rollups cannot be changed.`);
  return settings;
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
export async function foldQueuedEvents(
  client: SqlExecutor,
  projectId: number,
  maximumQueueRows: number,
): Promise<FoldOutcome> {
  await lockRollups(client, projectId);
  // A fold reads a few thousand recent events by id range and touches rollup rows by key: index
  // access is right at any table size. The planner, left to itself, picked sequential scans of
  // event_group whenever its statistics (or a cached generic plan) still described a small table,
  // and folds grew from 0.1 to 2.5 s within 300k events (measured in the ingest benchmark).
  // Its row estimates are far too high (a range of ids reads as 0.5 % of the table), so give its
  // hash tables room rather than let them spill to disk in 128 batches.
  // The same round trip says whether this is a Citus coordinator (see rollup-statements-per-table.ts).
  const [session] = await client.query<{ perTable: boolean }>(sql`
    SELECT set_config('enable_seqscan', 'off', true) AS seqscan, set_config('plan_cache_mode', 'force_custom_plan', true) AS plans,
      set_config('work_mem', '64MB', true) AS memory, ${statementsPerTable} AS "perTable"`);
  const [taken] = await client.query<{
    firsts: string[] | null;
    lasts: string[] | null;
    events: number;
    rows: number;
  }>(sql`
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
  if (session?.perTable) {
    const source = queuedAttributions(projectId, firsts, lasts);
    await movePeopleSeenPerTable(client, projectId, firsts, lasts);
    await writeRollupsPerTable(client, projectId, source, settings, 'returned');
    await recordChangedGroupsPerTable(client, source, settings.foldId);
    return { events, foldId: settings.foldId, more: rows >= maximumQueueRows };
  }

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
  const rows = await client.query<{ projectId: number }>(
    sql`SELECT DISTINCT project_id AS "projectId" FROM rollup_queue`,
  );
  return rows.map((row) => row.projectId);
}

/**
 * What waits to be folded, over every project (for the server's metrics): queued ingest
 * transactions, their events, and the age of the oldest in seconds (0 when none waits).
 */
export async function readRollupQueueState(
  client: SqlExecutor,
): Promise<{ transactions: number; events: number; oldestAgeSeconds: number }> {
  const [row] = await client.query<{ transactions: number; events: number; oldestAgeSeconds: number }>(sql`
    SELECT count(*)::int AS transactions, coalesce(sum(events), 0)::float8 AS events,
           coalesce(extract(epoch FROM clock_timestamp() - min(queued_at)), 0)::float8 AS "oldestAgeSeconds"
    FROM rollup_queue`);
  return row!;
}

/** Forgets which groups the folds up to `foldId` changed (caches of figures live for seconds). */
export async function pruneRollupChanges(client: SqlExecutor, projectId: number, foldId: bigint) {
  await client.execute(sql`DELETE FROM rollup_change WHERE project_id = ${projectId} AND fold_id <= ${foldId}`);
}
