// Display names and the name property of a group type. A new name property changes every
// group's display name, so the search column is recomputed with it.
import { joinSql, sql, type Sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { groupDisplayName } from './group-display-name';

export interface GroupTypeChanges {
  displaySingular?: string | null;
  displayPlural?: string | null;
  nameProperty?: string;
}

export async function updateGroupTypeSettings(
  client: SqlExecutor,
  projectId: number,
  groupTypeId: number,
  changes: GroupTypeChanges,
): Promise<void> {
  const assignments: Sql[] = [];
  if (changes.displaySingular !== undefined) assignments.push(sql`display_singular = ${changes.displaySingular}`);
  if (changes.displayPlural !== undefined) assignments.push(sql`display_plural = ${changes.displayPlural}`);
  if (changes.nameProperty !== undefined) assignments.push(sql`name_property = ${changes.nameProperty}`);
  if (assignments.length === 0) return;
  await client.execute(sql`
    UPDATE group_type SET ${joinSql(assignments, ', ')} WHERE project_id = ${projectId} AND id = ${groupTypeId}`);
  if (changes.nameProperty !== undefined) {
    await client.execute(sql`
      UPDATE "group" AS g SET search_name = lower(${groupDisplayName('g', changes.nameProperty)})
      WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId}`);
  }
}
