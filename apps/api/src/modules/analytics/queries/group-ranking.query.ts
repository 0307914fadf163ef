// Ranks the groups of one type over a range from the group_daily rollup: activity in the range,
// the trend metric in the previous range, and the trend label, with filters, sort and a page.
// One scan of group_daily covers both ranges; people (group_user_daily) are joined in only when
// the sort needs them for every group, otherwise the service computes them for the page alone.
import { cohortMembership } from './cohort-scope.query';
import { minimumPreviousActivity, type TrendLabel } from '@leadmaps/shared';
import { emptySql, joinSql, sql, sqlFromAllowlist, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import type { AnalyticsWindow } from '../analytics-window';
import { activityColumns, type ActivityColumn } from './group-activity-totals.query';
import { activePairsCtes } from './group-type-people.query';
import { groupDisplayName } from '../../groups/group-display-name';
import { groupSearchConditionSql, type GroupSearchCondition } from '../../groups/queries/group-search-condition';
import { dayParameter, metricColumns } from './sql-fragments';

export type GroupSortField =
  | 'KEY_ACTIONS'
  | 'EVENTS'
  | 'ACTIVE_PEOPLE'
  | 'PEOPLE_ON_RECORD'
  | 'SESSIONS'
  | 'TREND_PERCENT'
  | 'LAST_SEEN'
  | 'NAME';
export type SortDirection = 'ASC' | 'DESC';

export interface GroupRankingQuery {
  window: AnalyticsWindow;
  groupTypeId: number;
  nameProperty: string;
  sort: { field: GroupSortField; direction: SortDirection };
  /** From groups/group-search.ts: a name or a property's history. */
  search?: GroupSearchCondition | null;
  trendLabels?: readonly TrendLabel[] | null;
  /** Only members of this cohort of groups (checked against the group type by the caller). */
  cohortId?: number | null;
  /** Keep only groups that can possibly be at risk (falling from a meaningful level). */
  riskCandidatesOnly?: boolean;
  /** Restrict to these groups (a detail page asks for one). */
  groupIds?: readonly bigint[] | null;
  /**
   * Scan the range alone, not the previous range: enough to order by anything but the trend.
   * Rows then carry no previous-range or recent figures; the caller re-reads its page in full.
   */
  orderOnly?: boolean;
  /** Null returns every matching row. */
  page?: { limit: number; offset: number } | null;
}

export interface GroupRankingRow {
  groupId: bigint;
  value: string;
  name: string;
  lastSeen: Date;
  events: number;
  keyActions: number;
  sessions: number;
  currentMetric: number;
  previousMetric: number;
  /** Events in the last 14 days of the range: "went silent" when zero. */
  recentEvents: number;
  /** Only when the sort needed people for every group. */
  activePeople: number | null;
  peopleOnRecord: number | null;
  totalCount: number;
}

const sortExpressions: Record<GroupSortField, Sql> = {
  KEY_ACTIONS: sql`key_actions`,
  EVENTS: sql`events`,
  ACTIVE_PEOPLE: sql`active_people`,
  PEOPLE_ON_RECORD: sql`people_on_record`,
  SESSIONS: sql`sessions`,
  TREND_PERCENT: sql`percent_change`,
  LAST_SEEN: sql`last_seen`,
  NAME: sql`lower(name)`,
};

/** Whether ordering or filtering needs the previous range of every group, not just of a page. */
export function rankingNeedsPreviousRange(query: GroupRankingQuery): boolean {
  return (
    query.sort.field === 'TREND_PERCENT' || Boolean(query.trendLabels?.length) || Boolean(query.riskCandidatesOnly)
  );
}

export function sortNeedsPeople(field: GroupSortField): boolean {
  return field === 'ACTIVE_PEOPLE' || field === 'PEOPLE_ON_RECORD';
}

export function buildGroupRankingSql(query: GroupRankingQuery): Sql {
  const { window, groupTypeId } = query;
  const projectId = window.projectId;
  const metric = metricColumns[window.metric];
  const from = dayParameter(window.range.from);
  const to = dayParameter(window.range.to);
  const previousFrom = dayParameter(window.previousRange.from);
  const previousTo = dayParameter(window.previousRange.to);
  const groupFilter = query.groupIds ? sql`AND group_id = ANY(${query.groupIds as bigint[]}::bigint[])` : emptySql;
  const withPeople = sortNeedsPeople(query.sort.field);

  const peopleCtes = withPeople
    ? sql`,
    ${activePairsCtes(window, groupTypeId)},
    active_people AS (
      SELECT group_id, count(*)::int AS active_people FROM active_pairs GROUP BY group_id
    ),
    people_on_record AS (
      SELECT m.group_id, count(*)::int AS people_on_record
      FROM group_member m JOIN type_groups t ON t.id = m.group_id
      WHERE m.project_id = ${projectId}
      GROUP BY m.group_id
    )`
    : emptySql;
  const peopleColumns = withPeople
    ? sql`coalesce(ap.active_people, 0) AS active_people, coalesce(pr.people_on_record, 0) AS people_on_record`
    : sql`NULL::int AS active_people, NULL::int AS people_on_record`;
  const peopleJoins = withPeople
    ? sql`LEFT JOIN active_people ap ON ap.group_id = g.id LEFT JOIN people_on_record pr ON pr.group_id = g.id`
    : emptySql;

  const searchFilter = groupScopeFilter(query);
  const idFilter = query.groupIds ? sql`AND g.id = ANY(${query.groupIds as bigint[]}::bigint[])` : emptySql;

  const conditions: Sql[] = [];
  if (query.trendLabels?.length) conditions.push(sql`label = ANY(${[...query.trendLabels]}::text[])`);
  if (query.riskCandidatesOnly) {
    conditions.push(
      sql`label IN ('FALLING', 'FALLING_SHARPLY') AND previous_metric >= ${minimumPreviousActivity(window.days)}`,
    );
  }
  const where = conditions.length ? sql`WHERE ${joinSql(conditions, ' AND ')}` : emptySql;
  const direction = query.sort.direction === 'ASC' ? sql`ASC` : sql`DESC`;
  const page = query.page ? sql`LIMIT ${query.page.limit} OFFSET ${query.page.offset}` : emptySql;

  // The percentage is (current − previous) × 100 / previous in double precision, the same
  // operations as `percentChange` in @leadmaps/shared, so SQL filters and the labels shown agree.
  return sql`
    WITH activity AS (
      SELECT group_id,
        sum(events) FILTER (WHERE day >= ${from}) AS events,
        sum(key_actions) FILTER (WHERE day >= ${from}) AS key_actions,
        sum(sessions) FILTER (WHERE day >= ${from}) AS sessions,
        sum(${metric}) FILTER (WHERE day BETWEEN ${previousFrom} AND ${previousTo}) AS previous_metric,
        sum(events) FILTER (WHERE day >= ${dayParameter(window.recentFrom)}) AS recent_events
      FROM group_daily
      WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId}
        AND day BETWEEN ${query.orderOnly ? from : dayParameter(window.scanFrom)} AND ${to} ${groupFilter}
      GROUP BY group_id
    )${peopleCtes},
    measured AS (
      SELECT g.id AS group_id, g.value, ${groupDisplayName('g', query.nameProperty)} AS name, g.last_seen,
        coalesce(a.events, 0)::int AS events,
        coalesce(a.key_actions, 0)::int AS key_actions,
        coalesce(a.sessions, 0)::int AS sessions,
        coalesce(a.${metric}, 0)::int AS current_metric,
        coalesce(a.previous_metric, 0)::int AS previous_metric,
        coalesce(a.recent_events, 0)::int AS recent_events,
        ${peopleColumns}
      FROM "group" g
      LEFT JOIN activity a ON a.group_id = g.id
      ${peopleJoins}
      WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId} ${idFilter} ${searchFilter}
    ),
    labelled AS (
      SELECT measured.*, change.percent_change,
        CASE
          WHEN previous_metric = 0 THEN CASE WHEN current_metric > 0 THEN 'NEW' ELSE 'INACTIVE' END
          WHEN change.percent_change <= ${window.thresholds.sharpPercent}::float8 THEN 'FALLING_SHARPLY'
          WHEN change.percent_change < -${window.thresholds.steadyPercent}::float8 THEN 'FALLING'
          WHEN change.percent_change > ${window.thresholds.steadyPercent}::float8 THEN 'RISING'
          ELSE 'STEADY'
        END AS label
      FROM measured
      CROSS JOIN LATERAL (
        SELECT CASE WHEN previous_metric = 0 THEN NULL
          ELSE (current_metric - previous_metric)::float8 * 100 / previous_metric END AS percent_change
      ) change
    )
    SELECT group_id AS "groupId", value, name, last_seen AS "lastSeen", events, key_actions AS "keyActions", sessions,
      current_metric AS "currentMetric", previous_metric AS "previousMetric", recent_events AS "recentEvents",
      active_people AS "activePeople", people_on_record AS "peopleOnRecord", count(*) OVER ()::int AS "totalCount"
    FROM labelled
    ${where}
    ORDER BY ${sortExpressions[query.sort.field]} ${direction} NULLS LAST, value ASC, group_id ASC
    ${page}`;
}

/** The search and cohort conditions on the groups (alias g) of a ranking. */
function groupScopeFilter(query: GroupRankingQuery): Sql {
  const searchFilter = groupSearchConditionSql(query.window.projectId, query.search ?? null);
  if (query.cohortId === null || query.cohortId === undefined) return searchFilter;
  return sql`${searchFilter} AND ${cohortMembership(query.window.projectId, query.cohortId, sql`g.id`)}`;
}

/** Sorts decided by one activity column of the range alone. */
const activitySortColumns: Partial<Record<GroupSortField, ActivityColumn>> = {
  KEY_ACTIONS: 'key_actions',
  EVENTS: 'events',
  SESSIONS: 'sessions',
};

export function canRankByActivityAlone(query: GroupRankingQuery): boolean {
  return Boolean(
    query.orderOnly &&
      query.page &&
      !query.groupIds &&
      activitySortColumns[query.sort.field] &&
      !rankingNeedsPreviousRange(query),
  );
}

/**
 * The page of a sort by one activity column, with as little work per group as possible: one
 * aggregate of that column over the range, then a top-N sort; names only for the page's rows.
 * Rows carry the id, value, name and totalCount only (the caller re-reads the page in full).
 *
 * For a descending sort without search, a page that lies entirely among groups with positive
 * activity needs no other group: every group outside the aggregate scores 0, below the page's
 * cut-off, so only the aggregate's rows at or above the cut-off (ties included, so ties still
 * order by value) are joined to their group. Otherwise, every group of the type is ranked.
 */
export function buildActivityRankingSql(query: GroupRankingQuery): Sql {
  const { window, groupTypeId } = query;
  const projectId = window.projectId;
  const column = sqlFromAllowlist(activityColumns, activitySortColumns[query.sort.field]!);
  const page = query.page!;
  const needed = page.limit + page.offset;
  const searchFilter = groupScopeFilter(query);
  const descending = query.sort.direction !== 'ASC';
  const direction = descending ? sql`DESC` : sql`ASC`;
  // The shortcut is valid only when descending and unfiltered; otherwise its branch is switched off.
  const shortcut = descending && !query.search && !query.cohortId;
  return sql`
    WITH activity AS (
      SELECT group_id, sum(${column}) AS sort_value
      FROM group_daily
      WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId}
        AND day BETWEEN ${dayParameter(window.range.from)} AND ${dayParameter(window.range.to)}
      GROUP BY group_id
    ),
    cutoff AS (
      SELECT min(sort_value) AS sort_value, count(*)::int AS reached
      FROM (SELECT sort_value FROM activity ORDER BY sort_value DESC LIMIT ${needed}) top
    ),
    candidates AS (
      SELECT a.group_id, a.sort_value FROM activity a, cutoff
      WHERE ${shortcut}::boolean AND cutoff.reached = ${needed}::int AND cutoff.sort_value > 0 AND a.sort_value >= cutoff.sort_value
    ),
    ranked AS (
      -- A probe by primary key per candidate (LIMIT keeps the planner from flattening it into a
      -- hash join over every group).
      SELECT c.group_id, g.value, c.sort_value
      FROM candidates c
      CROSS JOIN LATERAL (
        SELECT g.value FROM "group" g WHERE g.project_id = ${projectId} AND g.id = c.group_id AND g.group_type_id = ${groupTypeId}
        LIMIT 1
      ) g
      UNION ALL
      SELECT g.id AS group_id, g.value, coalesce(a.sort_value, 0) AS sort_value
      FROM "group" g
      LEFT JOIN activity a ON a.group_id = g.id
      WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId} ${searchFilter}
        AND NOT EXISTS (SELECT 1 FROM candidates)
    ),
    ${pageOfRankedSql(query, direction, shortcut ? 'groups of the type' : 'ranked')}`;
}

/**
 * The tail shared by the activity rankings: orders the CTE \`ranked\` (group_id, value, sort_value),
 * takes the page and names its rows. Rows carry the id, value, name and totalCount only.
 */
function pageOfRankedSql(query: GroupRankingQuery, direction: Sql, counted: 'ranked' | 'groups of the type'): Sql {
  const { window, groupTypeId, page } = query;
  const projectId = window.projectId;
  // A search or cohort filter is applied once, in `ranked` (every group it keeps), and counted
  // there: running it again for the count doubled the cost of a common value (bench/RESULTS.md,
  // "Account lookup by property history"). Without one, `ranked` may hold only the candidates
  // of the shortcut, so every group of the type is counted.
  const totalCount =
    counted === 'ranked'
      ? sql`(SELECT count(*) FROM ranked)`
      : sql`(SELECT count(*) FROM "group" g WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId})`;
  return sql`
    paged AS (
      SELECT group_id, value, sort_value FROM ranked
      ORDER BY sort_value ${direction} NULLS LAST, value ASC, group_id ASC
      LIMIT ${page!.limit} OFFSET ${page!.offset}
    )
    SELECT p.group_id AS "groupId", p.value, named.name, named.last_seen AS "lastSeen",
      0 AS events, 0 AS "keyActions", 0 AS sessions, 0 AS "currentMetric", 0 AS "previousMetric", 0 AS "recentEvents",
      NULL::int AS "activePeople", NULL::int AS "peopleOnRecord",
      ${totalCount}::int AS "totalCount"
    FROM paged p
    CROSS JOIN LATERAL (
      SELECT ${groupDisplayName('n', query.nameProperty)} AS name, n.last_seen
      FROM "group" n WHERE n.project_id = ${projectId} AND n.id = p.group_id
    ) named
    ORDER BY p.sort_value ${direction} NULLS LAST, p.value ASC, p.group_id ASC`;
}

export function rankGroups(client: SqlExecutor, query: GroupRankingQuery): Promise<GroupRankingRow[]> {
  const statement = canRankByActivityAlone(query) ? buildActivityRankingSql(query) : buildGroupRankingSql(query);
  return client.query<GroupRankingRow>(statement);
}
