// Stores events and their group attributions and queues them for the rollups, which a fold adds
// them to after the ingest transaction commits (see modules/rollups/rollup-folder.ts).
import { jsonRows } from '../../database/json-rows';
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

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
    event.attributions.map((link) => ({
      event_ordinal: ordinal,
      group_id: link.groupId,
      group_type_id: link.groupTypeId,
      source: link.source,
    })),
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
