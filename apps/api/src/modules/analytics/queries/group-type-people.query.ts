// Distinct active people for every group of a type at once, plus the distinct total across the
// type (a person active in two accounts counts once there): the account report needs both.
import { Prisma } from '../../../generated/prisma/client';
import type { SqlClient } from '../../../database/json-rows';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter } from './sql-fragments';

export interface GroupTypePeople {
  activePeopleByGroup: Map<bigint, number>;
  totalActivePeople: number;
}

export function buildGroupTypePeopleSql(window: AnalyticsWindow, groupTypeId: number): Prisma.Sql {
  const projectId = window.projectId;
  return Prisma.sql`
    SELECT d.group_id AS "groupId", count(DISTINCT d.user_id)::int AS people
    FROM group_user_daily d
    WHERE d.project_id = ${projectId} AND d.day BETWEEN ${dayParameter(window.range.from)} AND ${dayParameter(window.range.to)}
      AND d.group_id IN (SELECT g.id FROM "group" g WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId})
    GROUP BY GROUPING SETS ((d.group_id), ())`;
}

export async function countGroupTypePeople(client: SqlClient, window: AnalyticsWindow, groupTypeId: number): Promise<GroupTypePeople> {
  const rows = await client.$queryRaw<{ groupId: bigint | null; people: number }[]>(buildGroupTypePeopleSql(window, groupTypeId));
  const activePeopleByGroup = new Map<bigint, number>();
  let totalActivePeople = 0;
  for (const row of rows) {
    if (row.groupId === null) totalActivePeople = row.people;
    else activePeopleByGroup.set(row.groupId, row.people);
  }
  return { activePeopleByGroup, totalActivePeople };
}
