// What a group's properties used to be: newest change first, optionally for one key.
import { emptySql, sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface PropertyChangeRow {
  key: string;
  value: unknown;
  operation: string;
  source: string;
  changedAt: Date;
}

export function buildPropertyHistorySql(projectId: number, groupId: bigint, key: string | null, limit: number): Sql {
  const keyFilter = key === null ? emptySql : sql`AND key = ${key}`;
  return sql`
    SELECT key, value, operation, source::text AS source, changed_at AS "changedAt"
    FROM group_property_change
    WHERE project_id = ${projectId} AND group_id = ${groupId} ${keyFilter}
    ORDER BY changed_at DESC, id DESC
    LIMIT ${limit}`;
}

export function readPropertyHistory(
  client: SqlExecutor,
  projectId: number,
  groupId: bigint,
  key: string | null,
  limit: number,
): Promise<PropertyChangeRow[]> {
  return client.query<PropertyChangeRow>(buildPropertyHistorySql(projectId, groupId, key, limit));
}
