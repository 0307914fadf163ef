// The attributed events of some types per group, as each group's event times per type in order:
// what funnel-in-memory.ts keeps per group type and follows groups through a funnel with. One row
// per (group, type), its times packed as big-endian float8 (epoch milliseconds, the funnel SQL's
// `time`), so that tens of thousands of rows rather than hundreds of thousands cross the wire and
// get parsed; one statement for every type (one scan of the range, not one per type).
import { joinSql, sql } from '../../../database/sql';

export interface GroupEventTimesScope {
  projectId: number;
  groupTypeId: number;
  /** Sorted, distinct. */
  eventTypes: string[];
  /** Epoch milliseconds: events at or after this instant (no upper bound). */
  fromMs: number;
}

export interface GroupEventTimesRow {
  groupId: bigint;
  eventType: string;
  /** Big-endian float8 epoch milliseconds, ascending. */
  times: Uint8Array;
}

export function buildGroupEventTimesSql(scope: GroupEventTimesScope, groupIds: readonly bigint[] | null) {
  const { projectId } = scope;
  const conditions = [
    sql`eg.project_id = ${projectId}`,
    sql`eg.group_type_id = ${scope.groupTypeId}::smallint`,
    sql`eg.time >= ${new Date(scope.fromMs).toISOString()}::timestamptz`,
    sql`e.event_type = ANY(${scope.eventTypes}::text[])`,
  ];
  if (groupIds) conditions.push(sql`eg.group_id = ANY(${groupIds as bigint[]}::bigint[])`);
  return sql`
    SELECT eg.group_id AS "groupId", e.event_type AS "eventType",
      string_agg(float8send((extract(epoch FROM eg.time) * 1000)::float8), ''::bytea ORDER BY eg.time) AS times
    FROM event_group eg
    JOIN event e ON e.project_id = ${projectId} AND e.id = eg.event_id
    WHERE ${joinSql(conditions, ' AND ')}
    GROUP BY eg.group_id, e.event_type`;
}

/** The instants a range of project-local days starts and ends (exclusive), in epoch milliseconds. */
export function buildRangeInstantsSql(range: { from: string; to: string }, timeZone: string) {
  return sql`
    SELECT (extract(epoch FROM (${range.from}::date::timestamp AT TIME ZONE ${timeZone}::text)) * 1000)::float8 AS "fromMs",
      (extract(epoch FROM ((${range.to}::date + 1)::timestamp AT TIME ZONE ${timeZone}::text)) * 1000)::float8 AS "toMs"`;
}
