// Exact people figures for a handful of groups (a page of the list, a detail page, the risk
// candidates): distinct users active in the range, everyone on record, and how many of those on
// record by the end of the range were active in its last 14 days.
import { Prisma } from '../../../generated/prisma/client';
import type { SqlClient } from '../../../database/json-rows';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter, endOfDayInstant } from './sql-fragments';

export interface GroupPeopleRow {
  groupId: bigint;
  activePeople: number;
  peopleOnRecord: number;
  peopleOnRecordAtRangeEnd: number;
  peopleActiveRecently: number;
}

export function buildGroupPeopleSql(window: AnalyticsWindow, groupIds: readonly bigint[]): Prisma.Sql {
  const projectId = window.projectId;
  const from = dayParameter(window.range.from);
  const to = dayParameter(window.range.to);
  const recentFrom = dayParameter(window.recentFrom);
  return Prisma.sql`
    SELECT ids.group_id AS "groupId",
      (SELECT count(DISTINCT d.user_id) FROM group_user_daily d
        WHERE d.project_id = ${projectId} AND d.group_id = ids.group_id AND d.day BETWEEN ${from} AND ${to})::int AS "activePeople",
      (SELECT count(*) FROM group_member m
        WHERE m.project_id = ${projectId} AND m.group_id = ids.group_id)::int AS "peopleOnRecord",
      (SELECT count(*) FROM group_member m
        WHERE m.project_id = ${projectId} AND m.group_id = ids.group_id
          AND m.first_seen < ${endOfDayInstant(window.range.to, window.timeZone)})::int AS "peopleOnRecordAtRangeEnd",
      (SELECT count(DISTINCT d.user_id) FROM group_user_daily d
        WHERE d.project_id = ${projectId} AND d.group_id = ids.group_id AND d.day BETWEEN ${recentFrom} AND ${to})::int AS "peopleActiveRecently"
    FROM unnest(${groupIds as bigint[]}::bigint[]) AS ids(group_id)`;
}

export async function countGroupPeople(client: SqlClient, window: AnalyticsWindow, groupIds: readonly bigint[]): Promise<Map<bigint, GroupPeopleRow>> {
  if (groupIds.length === 0) return new Map();
  const rows = await client.$queryRaw<GroupPeopleRow[]>(buildGroupPeopleSql(window, groupIds));
  return new Map(rows.map((row) => [row.groupId, row]));
}
