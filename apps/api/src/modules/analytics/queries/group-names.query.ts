// The value, display name and last seen of a page's groups (by primary key): everything else on a
// Groups page comes from the rollup history in memory (analysis/group-history-cache.ts).
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import { groupDisplayName } from '../../groups/group-display-name';

export interface GroupNameRow {
  groupId: bigint;
  value: string;
  name: string;
  lastSeen: Date;
}

export function buildGroupNamesSql(projectId: number, nameProperty: string, groupIds: readonly bigint[]): Sql {
  return sql`
    SELECT g.id AS "groupId", g.value, ${groupDisplayName('g', nameProperty)} AS name, g.last_seen AS "lastSeen"
    FROM "group" g
    WHERE g.project_id = ${projectId} AND g.id = ANY(${groupIds as bigint[]}::bigint[])`;
}

export async function readGroupNames(
  client: SqlExecutor,
  projectId: number,
  nameProperty: string,
  groupIds: readonly bigint[],
): Promise<Map<bigint, GroupNameRow>> {
  if (groupIds.length === 0) return new Map();
  const rows = await client.query<GroupNameRow>(buildGroupNamesSql(projectId, nameProperty, groupIds));
  return new Map(rows.map((row) => [row.groupId, row]));
}
