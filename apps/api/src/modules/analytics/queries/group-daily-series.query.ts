// Daily events and key actions of a few groups over the range, for sparklines. Days without a
// row are zero; the service fills them in.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { AnalyticsWindow } from '../analytics-window';
import { dayParameter } from './sql-fragments';

export interface GroupDailyRow {
  groupId: bigint;
  day: string;
  events: number;
  keyActions: number;
}

export function buildGroupDailySeriesSql(
  window: AnalyticsWindow,
  groupTypeId: number,
  groupIds: readonly bigint[],
): Sql {
  return sql`
    SELECT group_id AS "groupId", to_char(day, 'YYYY-MM-DD') AS day, events, key_actions AS "keyActions"
    FROM group_daily
    WHERE project_id = ${window.projectId} AND group_type_id = ${groupTypeId}
      AND group_id = ANY(${groupIds as bigint[]}::bigint[])
      AND day BETWEEN ${dayParameter(window.range.from)} AND ${dayParameter(window.range.to)}
    ORDER BY group_id, day`;
}

export function readGroupDailySeries(
  client: SqlExecutor,
  window: AnalyticsWindow,
  groupTypeId: number,
  groupIds: readonly bigint[],
): Promise<GroupDailyRow[]> {
  if (groupIds.length === 0) return Promise.resolve([]);
  return client.query<GroupDailyRow>(buildGroupDailySeriesSql(window, groupTypeId, groupIds));
}
