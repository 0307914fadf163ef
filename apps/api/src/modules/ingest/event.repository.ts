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

const insertEvents = sql`INSERT INTO event (project_id, id, event_type, time, user_id, session_id, insert_id, properties, groups, received_at)`;
const eventColumns = sql`event_type, time, user_id, session_id, insert_id, properties, groups`;
const eventRecord = sql`event_type text, time timestamptz, user_id bigint, session_id bigint, insert_id text, properties jsonb, groups jsonb`;
const insertLinks = sql`INSERT INTO event_group (project_id, event_id, group_id, group_type_id, time, user_id, source)`;
const insertQueueRow = sql`INSERT INTO rollup_queue (project_id, first_event_ids, last_event_ids, events)`;

/**
 * Stores a batch's events and their group attributions (event_group) and queues them for the
 * rollups, in ONE statement: event ids come from the sequence inside it, so nothing travels back
 * and forth. Only new rows are written here (no counter or first/last seen is updated), so two
 * ingest transactions of a project never wait on each other's rows. `statementsPerTable` (a Citus
 * coordinator, database/citus.ts): the same rows in one statement per table (see writeEventsPerTable).
 */
export async function writeEvents(
  client: SqlExecutor,
  projectId: number,
  events: StoredEvent[],
  receivedAt: Date,
  statementsPerTable: boolean,
) {
  if (!events.length) return;
  if (statementsPerTable) return writeEventsPerTable(client, projectId, events, receivedAt);
  const eventPayload = events.map((event, ordinal) => ({ ordinal, ...eventRow(event) }));
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
      FROM jsonb_to_recordset(${jsonRows(eventPayload)}::jsonb) AS x(ordinal int, ${eventRecord})
      JOIN id_blocks b ON b.block = x.ordinal / ${eventIdBlockSize}::int
    ),
    stored_events AS (
      ${insertEvents}
      SELECT ${projectId}, id, ${eventColumns}, ${receivedAt} FROM new_events
    ),
    links AS (
      ${insertLinks}
      SELECT ${projectId}, e.id, a.group_id, a.group_type_id, e.time, e.user_id, a.source::group_source
      FROM jsonb_to_recordset(${jsonRows(attributionPayload)}::jsonb) AS a(event_ordinal int, group_id bigint, group_type_id smallint, source text)
      JOIN new_events e ON e.ordinal = a.event_ordinal
    ),
    ranges AS (SELECT min(id) AS first_id, max(id) AS last_id FROM new_events GROUP BY ordinal / ${eventIdBlockSize}::int)
    ${insertQueueRow}
    SELECT ${projectId}, array_agg(first_id ORDER BY first_id), array_agg(last_id ORDER BY first_id), ${events.length}::int FROM ranges`);
}

function eventRow(event: StoredEvent) {
  return {
    event_type: event.eventType,
    time: event.time.toISOString(),
    user_id: event.userId,
    session_id: event.sessionId,
    insert_id: event.insertId,
    properties: event.properties,
    groups: event.groups,
  };
}

/**
 * The Citus shape of writeEvents: Citus routes no statement with an INSERT in a CTE whole to the
 * project's shards, so the id blocks are taken first (the sequence lives on the coordinator) and
 * each table gets a plain INSERT of its own, every one of which Citus sends to the project's
 * shard. Same rows, same ids in blocks, same queue row.
 */
async function writeEventsPerTable(client: SqlExecutor, projectId: number, events: StoredEvent[], receivedAt: Date) {
  const blocks = await client.query<{ firstId: bigint }>(sql`
    SELECT nextval(pg_get_serial_sequence('event', 'id')) AS "firstId"
    FROM generate_series(1, ${Math.ceil(events.length / eventIdBlockSize)}::int)`);
  const firstIds = blocks.map((block) => block.firstId).sort((left, right) => (left < right ? -1 : 1));
  const idOf = (ordinal: number) =>
    firstIds[Math.floor(ordinal / eventIdBlockSize)]! + BigInt(ordinal % eventIdBlockSize);
  await client.execute(sql`
    ${insertEvents}
    SELECT ${projectId}, id, ${eventColumns}, ${receivedAt}
    FROM jsonb_to_recordset(${jsonRows(events.map((event, ordinal) => ({ id: idOf(ordinal), ...eventRow(event) })))}::jsonb)
      AS x(id bigint, ${eventRecord})`);
  const links = events.flatMap((event, ordinal) =>
    event.attributions.map((link) => ({
      event_id: idOf(ordinal),
      group_id: link.groupId,
      group_type_id: link.groupTypeId,
      time: event.time.toISOString(),
      user_id: event.userId,
      source: link.source,
    })),
  );
  if (links.length)
    await client.execute(sql`
      ${insertLinks}
      SELECT ${projectId}, event_id, group_id, group_type_id, time, user_id, source::group_source
      FROM jsonb_to_recordset(${jsonRows(links)}::jsonb)
        AS a(event_id bigint, group_id bigint, group_type_id smallint, time timestamptz, user_id bigint, source text)`);
  const lastIds = firstIds.map(
    (firstId, block) => firstId + BigInt(Math.min(eventIdBlockSize, events.length - block * eventIdBlockSize) - 1),
  );
  await client.execute(sql`
    ${insertQueueRow}
    VALUES (${projectId}, ${firstIds.map(String)}::bigint[], ${lastIds.map(String)}::bigint[], ${events.length}::int)`);
}
