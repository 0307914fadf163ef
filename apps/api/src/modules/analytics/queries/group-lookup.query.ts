// One group by its type and value, with its current properties.
import { sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export interface GroupRecordRow {
  id: bigint;
  groupTypeId: number;
  value: string;
  properties: Record<string, unknown>;
  firstSeen: Date;
  lastSeen: Date;
}

export async function findGroup(
  client: SqlExecutor,
  projectId: number,
  groupTypeId: number,
  value: string,
): Promise<GroupRecordRow | null> {
  const rows = await client.query<GroupRecordRow>(sql`
    SELECT id, group_type_id AS "groupTypeId", value, properties, first_seen AS "firstSeen", last_seen AS "lastSeen"
    FROM "group"
    WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND value = ${value}`);
  return rows[0] ?? null;
}
