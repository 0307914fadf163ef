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
  // Group by group: each group's (group, day, user) index range is read once, and both distinct
  // counts (the range and its last 14 days) come from each person's last active day in it.
  const scanFrom = window.recentFrom < window.range.from ? window.recentFrom : window.range.from;
  return Prisma.sql`
    SELECT ids.group_id AS "groupId", active.active_people AS "activePeople", active.active_recently AS "peopleActiveRecently",
      members.on_record AS "peopleOnRecord", members.on_record_at_end AS "peopleOnRecordAtRangeEnd"
    FROM unnest(${groupIds as bigint[]}::bigint[]) AS ids(group_id)
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE person.active_in_range)::int AS active_people,
        count(*) FILTER (WHERE person.last_day >= ${recentFrom})::int AS active_recently
      FROM (
        SELECT d.user_id, max(d.day) AS last_day, bool_or(d.day >= ${from}) AS active_in_range
        FROM group_user_daily d
        WHERE d.project_id = ${projectId} AND d.group_id = ids.group_id AND d.day BETWEEN ${dayParameter(scanFrom)} AND ${to}
        GROUP BY d.user_id
      ) person
    ) active
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS on_record,
        count(*) FILTER (WHERE m.first_seen < ${endOfDayInstant(window.range.to, window.timeZone)})::int AS on_record_at_end
      FROM group_member m
      WHERE m.project_id = ${projectId} AND m.group_id = ids.group_id
    ) members`;
}

export async function countGroupPeople(client: SqlClient, window: AnalyticsWindow, groupIds: readonly bigint[]): Promise<Map<bigint, GroupPeopleRow>> {
  if (groupIds.length === 0) return new Map();
  const rows = await client.$queryRaw<GroupPeopleRow[]>(buildGroupPeopleSql(window, groupIds));
  return new Map(rows.map((row) => [row.groupId, row]));
}
