// A page of the units behind one data point, named: groups with their display name, or people
// with their user id or device id. Ordered by events in the point (most first), then name, then id.
import { sql, type Sql } from '../../../database/sql';
import { groupDisplayName } from '../../groups/group-display-name';
import type { BreakdownValue } from '../analysis-query';
import { buildPointUnitsSql, type SeriesSpec } from './segmentation.query';

export interface MicroscopeRow {
  unit: bigint;
  events: number;
  people: number;
  /** Groups: the group's value; people: null. */
  value: string | null;
  name: string;
  userId: string | null;
  deviceId: string | null;
  totalCount: number;
}

export interface MicroscopePage {
  limit: number;
  offset: number;
}

export function buildMicroscopeSql(
  spec: SeriesSpec,
  point: { bucket: string; breakdown: BreakdownValue | null },
  topValues: readonly string[],
  page: MicroscopePage,
): Sql {
  const { projectId, countedBy, groupType } = spec.audience;
  const units = buildPointUnitsSql(spec, point.bucket, point.breakdown, topValues);
  const named =
    countedBy === 'GROUPS'
      ? sql`
        SELECT p.unit, p.events, p.people, g.value, ${groupDisplayName('g', groupType!.nameProperty)} AS name,
          NULL::text AS user_id, NULL::text AS device_id
        FROM point p JOIN "group" g ON g.project_id = ${projectId} AND g.id = p.unit`
      : sql`
        SELECT p.unit, p.events, p.people, NULL::text AS value, coalesce(u.user_id, u.device_id, u.id::text) AS name,
          u.user_id, u.device_id
        FROM point p JOIN app_user u ON u.project_id = ${projectId} AND u.id = p.unit`;
  return sql`
    WITH point AS (${units}), named AS (${named})
    SELECT unit, events, people, value, name, user_id AS "userId", device_id AS "deviceId",
      count(*) OVER ()::int AS "totalCount"
    FROM named
    ORDER BY events DESC, name COLLATE "C" ASC, unit ASC
    LIMIT ${page.limit} OFFSET ${page.offset}`;
}
