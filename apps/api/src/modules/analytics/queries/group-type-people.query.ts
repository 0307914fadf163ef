// Distinct active people for every group of a type at once, plus the distinct total across the
// type (a person active in two accounts counts once there): the account report needs both, and
// so does ordering the list by people.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter, endOfDayInstant, startOfDayInstant } from './sql-fragments';

export interface GroupTypePeople {
  activePeopleByGroup: Map<bigint, number>;
  totalActivePeople: number;
}

/**
 * CTEs `type_groups (id, settled)` and `active_pairs (group_id, user_id)`: who was active in which
 * group of the type during the range. A group with no activity after the range ("settled", as
 * every group is for a range ending today) is answered exactly from its members' last_seen, one
 * row per member; the others from the per-day rollup. The uncorrelated EXISTS is evaluated once
 * and skips the day scan altogether when every group is settled.
 */
export function activePairsCtes(window: AnalyticsWindow, groupTypeId: number): Sql {
  const projectId = window.projectId;
  return sql`type_groups AS (
      SELECT id, last_seen < ${endOfDayInstant(window.range.to, window.timeZone)} AS settled
      FROM "group" WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId}
    ),
    active_pairs AS (
      SELECT m.group_id, m.user_id
      FROM group_member m JOIN type_groups t ON t.id = m.group_id AND t.settled
      WHERE m.project_id = ${projectId} AND m.last_seen >= ${startOfDayInstant(window.range.from, window.timeZone)}
      UNION ALL
      SELECT DISTINCT d.group_id, d.user_id
      FROM group_user_daily d JOIN type_groups t ON t.id = d.group_id AND NOT t.settled
      WHERE d.project_id = ${projectId} AND d.day BETWEEN ${dayParameter(window.range.from)} AND ${dayParameter(window.range.to)}
        AND EXISTS (SELECT 1 FROM type_groups WHERE NOT settled)
    )`;
}

export function buildGroupTypePeopleSql(window: AnalyticsWindow, groupTypeId: number): Sql {
  return sql`
    WITH ${activePairsCtes(window, groupTypeId)}
    SELECT group_id AS "groupId", count(*)::int AS people FROM active_pairs GROUP BY group_id
    UNION ALL
    SELECT NULL, count(*)::int FROM (SELECT DISTINCT user_id FROM active_pairs) people`;
}

export async function countGroupTypePeople(
  client: SqlExecutor,
  window: AnalyticsWindow,
  groupTypeId: number,
): Promise<GroupTypePeople> {
  const rows = await client.query<{ groupId: bigint | null; people: number }>(
    buildGroupTypePeopleSql(window, groupTypeId),
  );
  const activePeopleByGroup = new Map<bigint, number>();
  let totalActivePeople = 0;
  for (const row of rows) {
    if (row.groupId === null) totalActivePeople = row.people;
    else activePeopleByGroup.set(row.groupId, row.people);
  }
  return { activePeopleByGroup, totalActivePeople };
}
