// The rollup rows group-history-cache.ts keeps in memory for one group type: every group with its
// place in value order and last seen; every (group, day) of group_daily; the people of each
// (group, day) of group_user_daily, as one comma-separated text per pair (a few hundred thousand
// rows instead of millions through the driver). Days travel as days since 1970-01-01.
import { sql, type Sql } from '../../../database/sql';

export interface HistoryGroupRow {
  groupId: bigint;
  lastSeen: Date;
}

export interface HistoryDayRow {
  groupId: bigint;
  epochDay: number;
  events: number;
  keyActions: number;
  sessions: number;
}

export interface HistoryPeopleRow {
  groupId: bigint;
  epochDay: number;
  /** Person ids, comma-separated. */
  people: string;
}

/**
 * Every group of the type in the order the Groups list breaks ties by (value, then id, in the
 * database's collation), so the cache never compares text itself.
 */
export function buildHistoryGroupsSql(projectId: number, groupTypeId: number): Sql {
  return sql`
    SELECT g.id AS "groupId", g.last_seen AS "lastSeen"
    FROM "group" g
    WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId}
    ORDER BY g.value ASC, g.id ASC`;
}

/** Last seen of a few groups (a fold moves it with their rollups). */
export function buildHistoryLastSeenSql(projectId: number, groupIds: readonly bigint[]): Sql {
  return sql`
    SELECT g.id AS "groupId", g.last_seen AS "lastSeen"
    FROM "group" g
    WHERE g.project_id = ${projectId} AND g.id = ANY(${groupIds as bigint[]}::bigint[])`;
}

/** The group_daily rows of the type, or of a few of its groups (all their days). */
export function buildHistoryDaysSql(projectId: number, groupTypeId: number, groupIds: readonly bigint[] | null): Sql {
  const groupFilter = groupIds ? sql`AND d.group_id = ANY(${groupIds as bigint[]}::bigint[])` : sql``;
  return sql`
    SELECT d.group_id AS "groupId", (d.day - DATE '1970-01-01') AS "epochDay", d.events,
      d.key_actions AS "keyActions", d.sessions
    FROM group_daily d
    WHERE d.project_id = ${projectId} AND d.group_type_id = ${groupTypeId} ${groupFilter}`;
}

/** The people of every (group, day) of some groups (a whole load reads the type's groups by slices). */
export function buildHistoryPeopleSql(projectId: number, groupIds: readonly bigint[]): Sql {
  return sql`
    SELECT u.group_id AS "groupId", (u.day - DATE '1970-01-01') AS "epochDay", string_agg(u.user_id::text, ',') AS people
    FROM group_user_daily u
    WHERE u.project_id = ${projectId} AND u.group_id = ANY(${groupIds as bigint[]}::bigint[])
    GROUP BY u.group_id, u.day`;
}

/** The people of some (group, day) pairs: the pairs a fold changed. */
export function buildHistoryPairPeopleSql(
  projectId: number,
  groupIds: readonly bigint[],
  epochDays: readonly number[],
): Sql {
  return sql`
    SELECT u.group_id AS "groupId", p.epoch_day AS "epochDay", string_agg(u.user_id::text, ',') AS people
    FROM unnest(${groupIds as bigint[]}::bigint[], ${epochDays as number[]}::int[]) AS p(group_id, epoch_day)
    JOIN group_user_daily u
      ON u.project_id = ${projectId} AND u.group_id = p.group_id AND u.day = DATE '1970-01-01' + p.epoch_day
    GROUP BY u.group_id, p.epoch_day`;
}

/**
 * One probe per request: how many groups the type has (a group committed out of id order still
 * moves it) and, when the folds moved past `afterFoldId`, which groups they changed.
 */
export function buildHistoryStateSql(
  projectId: number,
  groupTypeId: number,
  afterFoldId: bigint,
  upToFoldId: bigint,
): Sql {
  return sql`
    SELECT
      (SELECT count(*) FROM "group" g WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId})::int AS "groupCount",
      (SELECT coalesce(array_agg(DISTINCT c.group_id), '{}') FROM rollup_change c
        WHERE c.project_id = ${projectId} AND c.fold_id > ${afterFoldId} AND c.fold_id <= ${upToFoldId}
          AND c.group_type_id = ${groupTypeId}) AS "changedGroupIds",
      (SELECT min(c.fold_id) FROM rollup_change c WHERE c.project_id = ${projectId}) AS "oldestRecordedFoldId"`;
}
