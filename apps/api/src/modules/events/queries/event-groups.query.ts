// The groups each of many events counts for, with how each was attributed: "event" (an
// event-level group sent with it) or "user" (the user-level group its person held when it arrived).
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import { groupColumns, type GroupRow } from '../../people/queries/groups.query';

export interface EventGroupRow extends GroupRow {
  eventId: bigint;
  source: 'event' | 'user';
}

export function buildEventGroupsSql(projectId: number, eventIds: readonly bigint[]): Sql {
  return sql`
    SELECT eg.event_id AS "eventId", eg.source::text AS source, ${groupColumns}
    FROM event_group eg
    JOIN "group" g ON g.project_id = eg.project_id AND g.id = eg.group_id
    JOIN group_type t ON t.project_id = eg.project_id AND t.id = g.group_type_id
    WHERE eg.project_id = ${projectId} AND eg.event_id = ANY(${eventIds.map(String)}::bigint[])
    ORDER BY eg.event_id, g.group_type_id, g.value`;
}

export function readEventGroups(
  client: SqlExecutor,
  projectId: number,
  eventIds: readonly bigint[],
): Promise<EventGroupRow[]> {
  return client.query<EventGroupRow>(buildEventGroupsSql(projectId, eventIds));
}
