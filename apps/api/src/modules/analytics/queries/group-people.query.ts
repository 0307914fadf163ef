// Exact people figures for a handful of groups (a page of the list, a detail page, the risk
// candidates): distinct users active in the range, everyone on record, and how many of those on
// record by the end of the range were active in its last 14 days.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter, endOfDayInstant, startOfDayInstant } from './sql-fragments';

export interface GroupPeopleRow {
  groupId: bigint;
  activePeople: number;
  peopleOnRecord: number;
  peopleOnRecordAtRangeEnd: number;
  peopleActiveRecently: number;
}

export function buildGroupPeopleSql(window: AnalyticsWindow, groupIds: readonly bigint[]): Sql {
  const projectId = window.projectId;
  const from = dayParameter(window.range.from);
  const to = dayParameter(window.range.to);
  const recentFrom = dayParameter(window.recentFrom);
  const rangeEnd = endOfDayInstant(window.range.to, window.timeZone);
  // biome-ignore lint/complexity/useMathMinMax: local days are YYYY-MM-DD strings, which Math.min would turn into NaN.
  const scanFrom = window.recentFrom < window.range.from ? window.recentFrom : window.range.from;
  // A group is "settled" for the range when none of its activity lies after the range (always
  // so for a range ending today). Then each member's last_seen alone says exactly whether they
  // were active in the range or in its last 14 days, and one row per member is read instead of
  // one per member per active day. Otherwise the per-day rollup is counted; the one-time
  // filters on "settled" make PostgreSQL skip whichever scan is not needed.
  return sql`
    SELECT ids.group_id AS "groupId",
      CASE WHEN state.settled THEN members.active_people ELSE daily.active_people END AS "activePeople",
      CASE WHEN state.settled THEN members.active_recently ELSE daily.active_recently END AS "peopleActiveRecently",
      members.on_record AS "peopleOnRecord", members.on_record_at_end AS "peopleOnRecordAtRangeEnd"
    FROM unnest(${groupIds as bigint[]}::bigint[]) AS ids(group_id)
    JOIN "group" g ON g.project_id = ${projectId} AND g.id = ids.group_id
    CROSS JOIN LATERAL (SELECT g.last_seen < ${rangeEnd} AS settled) state
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS on_record,
        count(*) FILTER (WHERE m.first_seen < ${rangeEnd})::int AS on_record_at_end,
        count(*) FILTER (WHERE m.last_seen >= ${startOfDayInstant(window.range.from, window.timeZone)})::int AS active_people,
        count(*) FILTER (WHERE m.last_seen >= ${startOfDayInstant(window.recentFrom, window.timeZone)})::int AS active_recently
      FROM group_member m
      WHERE m.project_id = ${projectId} AND m.group_id = ids.group_id
    ) members
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE person.active_in_range)::int AS active_people,
        count(*) FILTER (WHERE person.last_day >= ${recentFrom})::int AS active_recently
      FROM (
        SELECT d.user_id, max(d.day) AS last_day, bool_or(d.day >= ${from}) AS active_in_range
        FROM group_user_daily d
        WHERE d.project_id = ${projectId} AND d.group_id = ids.group_id AND d.day BETWEEN ${dayParameter(scanFrom)} AND ${to}
          AND NOT state.settled
        GROUP BY d.user_id
      ) person
    ) daily`;
}

/**
 * A page's biggest accounts hold ~1,000 members each at 300k users, and one statement reads them
 * one after another (38 ms for 50 groups at 10M events). Split into a few statements of at least
 * `minimumGroupsPerStatement`, the pool runs them on several backends at once (PGlite has one
 * connection: the same total time).
 */
const minimumGroupsPerStatement = 25;
const maximumStatements = 4;

export async function countGroupPeople(
  client: SqlExecutor,
  window: AnalyticsWindow,
  groupIds: readonly bigint[],
): Promise<Map<bigint, GroupPeopleRow>> {
  if (groupIds.length === 0) return new Map();
  const executor = client;
  const chunks: bigint[][] = [];
  const size = Math.max(minimumGroupsPerStatement, Math.ceil(groupIds.length / maximumStatements));
  for (let start = 0; start < groupIds.length; start += size) chunks.push(groupIds.slice(start, start + size));
  const results = await Promise.all(
    chunks.map((chunk) => executor.query<GroupPeopleRow>(buildGroupPeopleSql(window, chunk))),
  );
  return new Map(results.flat().map((row) => [row.groupId, row]));
}
