// Names for the units a funnel Microscope page shows (groups or people) and for the people behind
// the events of their chains. Looked up by internal id, scoped by project.
import { sql, type Sql } from '../../../database/sql';
import { groupDisplayName } from '../../groups/group-display-name';

export interface FunnelGroupNameRow {
  id: bigint;
  value: string;
  name: string;
}

export interface FunnelPersonNameRow {
  id: bigint;
  userId: string | null;
  deviceId: string | null;
}

export function buildFunnelGroupNamesSql(projectId: number, nameProperty: string, ids: readonly bigint[]): Sql {
  return sql`
    SELECT g.id, g.value, ${groupDisplayName('g', nameProperty)} AS name
    FROM "group" g
    WHERE g.project_id = ${projectId} AND g.id = ANY(${ids.map(String)}::bigint[])`;
}

export function buildFunnelPersonNamesSql(projectId: number, ids: readonly bigint[]): Sql {
  return sql`
    SELECT u.id, u.user_id AS "userId", u.device_id AS "deviceId"
    FROM app_user u
    WHERE u.project_id = ${projectId} AND u.id = ANY(${ids.map(String)}::bigint[])`;
}

/** The internal id of a group (by type and value) or of a person (by user id, else device id). */
export function buildFunnelUnitLookupSql(
  projectId: number,
  unit: { groupTypeId: number; groupValue: string } | { userId: string },
): Sql {
  if ('groupValue' in unit) {
    return sql`
      SELECT g.id FROM "group" g
      WHERE g.project_id = ${projectId} AND g.group_type_id = ${unit.groupTypeId}::smallint AND g.value = ${unit.groupValue}::text`;
  }
  return sql`
    SELECT u.id FROM app_user u
    WHERE u.project_id = ${projectId} AND (u.user_id = ${unit.userId}::text OR (u.user_id IS NULL AND u.device_id = ${unit.userId}::text))
    ORDER BY u.user_id NULLS LAST, u.id LIMIT 1`;
}
