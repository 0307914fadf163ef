// Typed group properties: for each key of each group, its latest change (source, time), and
// pages of a key's history. Batched over groups (and keys) so nested lists stay one statement.
import { emptySql, sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface LatestChangeRow {
  groupId: bigint;
  key: string;
  source: string;
  changedAt: Date;
}

export function buildLatestChangesSql(projectId: number, groupIds: readonly bigint[]): Sql {
  return sql`
    SELECT DISTINCT ON (c.group_id, c.key) c.group_id AS "groupId", c.key, c.source::text AS source,
      c.changed_at AS "changedAt"
    FROM group_property_change c
    WHERE c.project_id = ${projectId} AND c.group_id = ANY(${groupIds.map(String)}::bigint[])
    ORDER BY c.group_id, c.key, c.changed_at DESC, c.id DESC`;
}

export function readLatestChanges(
  client: SqlExecutor,
  projectId: number,
  groupIds: readonly bigint[],
): Promise<LatestChangeRow[]> {
  return client.query<LatestChangeRow>(buildLatestChangesSql(projectId, groupIds));
}

export interface PropertyHistoryRow {
  groupId: bigint;
  key: string;
  id: bigint;
  value: unknown;
  operation: string;
  source: string;
  changedAt: Date;
}

export interface ChangeKeyset {
  changedAt: string;
  id: string;
}

/** Newest first, a page per (group, key) pair. */
export function buildPropertyHistoryPagesSql(
  projectId: number,
  pairs: readonly { groupId: bigint; key: string }[],
  after: ChangeKeyset | null,
  limit: number,
): Sql {
  const keyset = after
    ? sql`AND (c.changed_at, c.id) < (${after.changedAt}::timestamptz, ${after.id}::bigint)`
    : emptySql;
  return sql`
    SELECT wanted.group_id AS "groupId", wanted.key, page.*
    FROM unnest(${pairs.map((pair) => String(pair.groupId))}::bigint[], ${pairs.map((pair) => pair.key)}::text[])
      AS wanted(group_id, key)
    CROSS JOIN LATERAL (
      SELECT c.id, c.value, c.operation, c.source::text AS source, c.changed_at AS "changedAt"
      FROM group_property_change c
      WHERE c.project_id = ${projectId} AND c.group_id = wanted.group_id AND c.key = wanted.key ${keyset}
      ORDER BY c.changed_at DESC, c.id DESC
      LIMIT ${limit}
    ) page`;
}

export function readPropertyHistoryPages(
  client: SqlExecutor,
  projectId: number,
  pairs: readonly { groupId: bigint; key: string }[],
  after: ChangeKeyset | null,
  limit: number,
): Promise<PropertyHistoryRow[]> {
  return client.query<PropertyHistoryRow>(buildPropertyHistoryPagesSql(projectId, pairs, after, limit));
}

/** Newest first, a page of every change per group (of one key when `key` is set). */
export function buildGroupChangesPagesSql(
  projectId: number,
  groupIds: readonly bigint[],
  key: string | null,
  after: ChangeKeyset | null,
  limit: number,
): Sql {
  const keyset = after
    ? sql`AND (c.changed_at, c.id) < (${after.changedAt}::timestamptz, ${after.id}::bigint)`
    : emptySql;
  const ofKey = key === null ? emptySql : sql`AND c.key = ${key}`;
  return sql`
    SELECT wanted.group_id AS "groupId", page.*
    FROM unnest(${groupIds.map(String)}::bigint[]) AS wanted(group_id)
    CROSS JOIN LATERAL (
      SELECT c.id, c.key, c.value, c.operation, c.source::text AS source, c.changed_at AS "changedAt"
      FROM group_property_change c
      WHERE c.project_id = ${projectId} AND c.group_id = wanted.group_id ${ofKey} ${keyset}
      ORDER BY c.changed_at DESC, c.id DESC
      LIMIT ${limit}
    ) page`;
}

export function readGroupChangesPages(
  client: SqlExecutor,
  projectId: number,
  groupIds: readonly bigint[],
  key: string | null,
  after: ChangeKeyset | null,
  limit: number,
): Promise<PropertyHistoryRow[]> {
  return client.query<PropertyHistoryRow>(buildGroupChangesPagesSql(projectId, groupIds, key, after, limit));
}
