// Pages of raw events, newest first, keyset on (time, id) so a page never repeats or skips an
// event that arrives meanwhile. Three ways in, each on its index: the project's events
// (event: project, time), a group's (event_group: project, group, time) and a person's
// (event: project, user, time). Pages of many groups or people are one statement (LATERAL).
import { emptySql, joinSql, sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface EventFilter {
  eventTypes: readonly string[] | null;
  /** Inclusive. */
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
}

export interface EventKeyset {
  time: string;
  id: string;
}

export interface EventRow {
  id: bigint;
  eventType: string;
  time: Date;
  personId: bigint | null;
  sessionId: bigint | null;
  insertId: string | null;
  properties: Record<string, unknown>;
}

export interface OwnedEventRow extends EventRow {
  ownerId: bigint;
}

const eventColumns = sql`e.id, e.event_type AS "eventType", e.time, e.user_id AS "personId",
  e.session_id AS "sessionId", e.insert_id AS "insertId", e.properties`;

/** Filter and keyset conditions on a time column and an id column (of event, or of event_group). */
function conditions(filter: EventFilter, after: EventKeyset | null, through: 'event' | 'event_group'): Sql {
  const time = through === 'event' ? sql`e.time` : sql`eg.time`;
  const id = through === 'event' ? sql`e.id` : sql`eg.event_id`;
  const parts: Sql[] = [];
  if (filter.eventTypes) parts.push(sql`e.event_type = ANY(${[...filter.eventTypes]}::text[])`);
  if (filter.from) parts.push(sql`${time} >= ${filter.from}`);
  if (filter.to) parts.push(sql`${time} < ${filter.to}`);
  if (after) parts.push(sql`(${time}, ${id}) < (${after.time}::timestamptz, ${after.id}::bigint)`);
  return parts.length ? sql`AND ${joinSql(parts, ' AND ')}` : emptySql;
}

export interface EventScope {
  /** A group's events (event_group), optionally only a person's among them. */
  groupId?: Sql | bigint;
  /** A person's events. */
  personId?: Sql | bigint;
}

function idParameter(id: Sql | bigint): Sql {
  return typeof id === 'bigint' ? sql`${String(id)}::bigint` : id;
}

function buildPageSql(
  projectId: number,
  scope: EventScope,
  filter: EventFilter,
  after: EventKeyset | null,
  limit: number,
): Sql {
  const person = scope.personId === undefined ? null : idParameter(scope.personId);
  if (scope.groupId !== undefined) {
    return sql`
      SELECT ${eventColumns}
      FROM event_group eg
      JOIN event e ON e.project_id = eg.project_id AND e.id = eg.event_id
      WHERE eg.project_id = ${projectId} AND eg.group_id = ${idParameter(scope.groupId)}
        ${person ? sql`AND eg.user_id = ${person}` : emptySql} ${conditions(filter, after, 'event_group')}
      ORDER BY eg.time DESC, eg.event_id DESC
      LIMIT ${limit}`;
  }
  return sql`
    SELECT ${eventColumns}
    FROM event e
    WHERE e.project_id = ${projectId} ${person ? sql`AND e.user_id = ${person}` : emptySql}
      ${conditions(filter, after, 'event')}
    ORDER BY e.time DESC, e.id DESC
    LIMIT ${limit}`;
}

export function buildEventsPageSql(
  projectId: number,
  scope: { groupId?: bigint; personId?: bigint },
  filter: EventFilter,
  after: EventKeyset | null,
  limit: number,
): Sql {
  return buildPageSql(projectId, scope, filter, after, limit);
}

export function readEventsPage(
  client: SqlExecutor,
  projectId: number,
  scope: { groupId?: bigint; personId?: bigint },
  filter: EventFilter,
  after: EventKeyset | null,
  limit: number,
): Promise<EventRow[]> {
  return client.query<EventRow>(buildPageSql(projectId, scope, filter, after, limit));
}

/** A page for each of several groups or people, in one statement. */
export function buildOwnedEventsPagesSql(
  projectId: number,
  owner: 'group' | 'person',
  ownerIds: readonly bigint[],
  filter: EventFilter,
  after: EventKeyset | null,
  limit: number,
): Sql {
  const scope = owner === 'group' ? { groupId: sql`wanted.owner_id` } : { personId: sql`wanted.owner_id` };
  return sql`
    SELECT wanted.owner_id AS "ownerId", page.*
    FROM unnest(${ownerIds.map(String)}::bigint[]) AS wanted(owner_id)
    CROSS JOIN LATERAL (${buildPageSql(projectId, scope, filter, after, limit)}) page`;
}

export function readOwnedEventsPages(
  client: SqlExecutor,
  projectId: number,
  owner: 'group' | 'person',
  ownerIds: readonly bigint[],
  filter: EventFilter,
  after: EventKeyset | null,
  limit: number,
): Promise<OwnedEventRow[]> {
  return client.query<OwnedEventRow>(buildOwnedEventsPagesSql(projectId, owner, ownerIds, filter, after, limit));
}
