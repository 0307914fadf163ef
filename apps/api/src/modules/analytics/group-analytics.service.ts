// The Groups list, one group's figures and the account report, all read from the rollups.
// Ranking runs on group_daily for every group of the type; exact people are then counted only
// for the rows that are shown (or, when a filter on risk needs them, for the few candidates).
import { defaultActiveWithinMonths, readGroupSearch } from '../groups/group-search';
import type { GroupSearchCondition } from '../groups/queries/group-search-condition';
import { isRiskCandidate, type DayRange, type TrendLabel } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { checkPageSize } from '../../lib/connection';
import { DomainError } from '../../lib/domain-error';
import type { ProjectRecord } from '../projects/project.repository';
import { resolveAnalyticsWindow, type AnalyticsWindow } from './analytics-window';
import { decodeGroupCursor, encodeGroupCursor } from './group-cursor';
import { GroupPageCache } from './group-page-cache';
import { lastFoldIdOf, readProjectDataVersion, type ProjectDataVersion } from './queries/project-data-version.query';
import { buildGroupSummary, buildSparklines, riskOfRow, trendOfRow, type GroupSummary } from './group-summary';
import { readGroupDailySeries } from './queries/group-daily-series.query';
import { PeopleFiguresCache } from './people-figures-cache';
import { countGroupPeople, type GroupPeopleRow } from './queries/group-people.query';
import { ActivityTotalsCache } from './activity-totals-cache';
import {
  activityColumnOf,
  canRankByActivityAlone,
  rankCandidates,
  rankGroups,
  rankingNeedsPreviousRange,
  type GroupRankingQuery,
  type GroupRankingRow,
  type GroupSortField,
  type SortDirection,
} from './queries/group-ranking.query';
import { buildCohortsByIdSql, type CohortAudienceRow } from './queries/cohort-scope.query';
import { countGroupTypePeople } from './queries/group-type-people.query';
import { findGroupTypeByName, listGroupTypesWithCounts, type GroupTypeRow } from './queries/group-types.query';
import type { CacheLookups } from '../../lib/metrics';
import { readIngestOverview, type IngestOverviewRow } from './queries/ingest-overview.query';

export const defaultPageSize = 50;
/** Re-reading a known page needs no people-based ordering (people are counted for the page anyway). */
const pageReadSort = { field: 'KEY_ACTIONS', direction: 'DESC' } as const;

export interface GroupListInput {
  groupType: string;
  range?: DayRange | null;
  sort?: { field: GroupSortField; direction: SortDirection } | null;
  filter?: {
    trend?: TrendLabel[] | null;
    atRisk?: boolean | null;
    search?: string | null;
    /** Only members of this cohort (of this group type). */
    cohortId?: number | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

export interface GroupListPage {
  window: AnalyticsWindow;
  edges: { cursor: string; node: GroupSummary }[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface AccountReport {
  window: AnalyticsWindow;
  accounts: number;
  active: number;
  new: number;
  rising: number;
  steady: number;
  falling: number;
  fallingSharply: number;
  atRisk: number;
  averageActivePeoplePerActiveAccount: number;
  minUsers: number;
  accountsWithAtLeastMinUsers: number;
  totalEvents: number;
  totalKeyActions: number;
  totalActivePeople: number;
}

function unknownGroupType(name: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    `This project has no group type "${name}". Group types appear once events carry them; see the groupTypes query for the ones that exist.`,
  );
}

/** Where the data stood when a page was asked for, and the settings its totals depend on. */
interface DataState {
  lastFoldId: bigint | null;
  settings: string;
}

export class GroupAnalyticsService {
  /** Pages are shared between requests: nothing downstream may modify them. */
  private readonly pages = new GroupPageCache<GroupListPage>();
  private readonly activityTotals = new ActivityTotalsCache();
  private readonly peopleFigures = new PeopleFiguresCache();

  constructor(private readonly database: SqlExecutor) {}

  /** Hits and misses of this module's caches, for the server's metrics. */
  cacheLookups(): Record<string, CacheLookups> {
    return {
      groups_page: this.pages.lookups,
      activity_totals: this.activityTotals.lookups,
      people_figures: this.peopleFigures.lookups,
    };
  }

  listGroupTypes(project: ProjectRecord): Promise<GroupTypeRow[]> {
    return listGroupTypesWithCounts(this.database, project.id);
  }

  async requireGroupType(project: ProjectRecord, name: string): Promise<GroupTypeRow> {
    const groupType = await findGroupTypeByName(this.database, project.id, name);
    if (!groupType) throw unknownGroupType(name);
    return groupType;
  }

  /**
   * `dataVersion`: where the project's data stood when the request began (read once per GraphQL
   * request, see graphql/context.ts); read here when the caller has none.
   */
  async listGroups(
    project: ProjectRecord,
    input: GroupListInput,
    dataVersion?: ProjectDataVersion,
    now: Date = new Date(),
  ): Promise<GroupListPage> {
    const window = resolveAnalyticsWindow(project, input.range, now);
    // The API's one bound on page sizes (lib/connection.ts): LIMIT_EXCEEDED past 200.
    const limit = checkPageSize(input.first, defaultPageSize);
    const offset = decodeGroupCursor(input.after);
    // Parsed before the cache so a malformed search is an error, never a cached empty page.
    const search = readGroupSearch(input.filter?.search, defaultActiveWithinMonths, now);
    const version = dataVersion ?? (await this.readDataVersion(project));
    const groupType = version.groupTypes.find((type) => type.name === input.groupType);
    if (!groupType) throw unknownGroupType(input.groupType);
    await this.checkCohort(project, groupType, input.filter?.cohortId ?? null);
    // The cohort's members are part of the answer: version.cohortVersion moves with every change of them.
    const cacheKey = JSON.stringify([
      project.id,
      project.timeZone,
      project.keyActions,
      project.trendSteadyPercent,
      project.trendSharpPercent,
      window.range,
      groupType.id,
      groupType.nameProperty,
      version.lastFoldId,
      version.lastGroupId,
      version.lastPropertyChangeId,
      version.cohortVersion,
      input.sort ?? null,
      input.filter ?? null,
      limit,
      offset,
    ]);
    const cached = this.pages.get(cacheKey);
    if (cached) return cached;
    const settings = JSON.stringify([project.keyActions, project.timeZone]);
    const page = await this.computePage(window, groupType, input, search, limit, offset, {
      lastFoldId: lastFoldIdOf(version),
      settings,
    });
    this.pages.set(cacheKey, page, { projectId: project.id });
    return page;
  }

  /** A cohort filter must name a cohort of groups of the listed type. */
  private async checkCohort(project: ProjectRecord, groupType: { id: number; name: string }, cohortId: number | null) {
    if (cohortId === null) return;
    const [cohort] = await this.database.query<CohortAudienceRow>(buildCohortsByIdSql(project.id, [cohortId]));
    if (!cohort || cohort.groupTypeId === null) {
      throw new DomainError('INVALID_INPUT', `No cohort of groups ${cohortId} in this project; see the cohorts query.`);
    }
    if (cohort.groupTypeId !== groupType.id) {
      throw new DomainError(
        'INVALID_INPUT',
        `Cohort ${cohortId} ("${cohort.name}") does not hold groups of type "${groupType.name}"; choose one of its cohorts.`,
      );
    }
  }

  /** Where the project's data stands: changes with every write that can change a Groups page answer. */
  readDataVersion(project: ProjectRecord): Promise<ProjectDataVersion> {
    return readProjectDataVersion(this.database, project.id);
  }

  /** Drops one project's cached pages at once (after its settings change figures without new data). */
  forgetCachedPages(projectId: number): void {
    this.pages.forgetProject(projectId);
    this.activityTotals.forgetProject(projectId);
    this.peopleFigures.forgetProject(projectId);
  }

  private async computePage(
    window: AnalyticsWindow,
    groupType: { id: number; name: string; nameProperty: string },
    input: GroupListInput,
    search: GroupSearchCondition | null,
    limit: number,
    offset: number,
    dataState: DataState,
  ): Promise<GroupListPage> {
    const query: GroupRankingQuery = {
      window,
      groupTypeId: groupType.id,
      nameProperty: groupType.nameProperty,
      sort: input.sort ?? { field: 'KEY_ACTIONS', direction: 'DESC' },
      search,
      trendLabels: input.filter?.trend,
      cohortId: input.filter?.cohortId ?? null,
    };
    const atRisk = input.filter?.atRisk;
    const ranked =
      atRisk === null || atRisk === undefined
        ? await this.rankPage(query, limit, offset, dataState)
        : await this.rankPageByRisk(query, atRisk, limit, offset);

    const { totalCount, people } = ranked;
    const ids = ranked.rows.map((row) => row.groupId);
    const missing = ids.filter((id) => !people.has(id));
    // The page is known: its full figures, people and sparklines are independent reads.
    const [rows, morePeople, series] = await Promise.all([
      ranked.complete ? ranked.rows : this.readPageInFull(query, ranked.rows),
      this.peopleFigures.read(this.database, window, groupType.id, missing, dataState.lastFoldId),
      readGroupDailySeries(this.database, window, groupType.id, ids),
    ]);
    for (const [id, row] of morePeople) people.set(id, row);
    const sparklines = buildSparklines(window, series);
    const edges = rows.map((row, index) => ({
      cursor: encodeGroupCursor(offset + index),
      node: buildGroupSummary(window, groupType.name, row, people.get(row.groupId), sparklines.get(row.groupId)),
    }));
    return {
      window,
      edges,
      totalCount,
      hasNextPage: offset + rows.length < totalCount,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
  }

  /**
   * One page in rank order. Unless the order itself depends on the trend, every group is ordered
   * by the range alone (half the days to scan) and the page's rows come back incomplete: their
   * previous range and recent activity are read afterwards through the per-group index.
   */
  private async rankPage(query: GroupRankingQuery, limit: number, offset: number, dataState: DataState) {
    const complete = rankingNeedsPreviousRange(query);
    const fromTotals = complete ? null : await this.rankPageFromTotals(query, limit, offset, dataState);
    if (fromTotals) return fromTotals;
    const rows = await rankGroups(this.database, { ...query, orderOnly: !complete, page: { limit, offset } });
    let totalCount = rows[0]?.totalCount ?? 0;
    if (rows.length === 0 && offset > 0) {
      // Paged past the end: the window count came back with no row to carry it.
      totalCount =
        (await rankGroups(this.database, { ...query, orderOnly: true, page: { limit: 1, offset: 0 } }))[0]
          ?.totalCount ?? 0;
    }
    return { rows, totalCount, people: new Map<bigint, GroupPeopleRow>(), complete };
  }

  /**
   * A descending page of an activity sort without search, from the range's totals kept in memory
   * (see activity-totals-cache.ts). Null when the page is not of that kind or does not lie
   * entirely among groups with activity: the ranking statement answers those.
   */
  private async rankPageFromTotals(query: GroupRankingQuery, limit: number, offset: number, dataState: DataState) {
    const column = activityColumnOf(query.sort.field);
    const paged = { ...query, orderOnly: true, page: { limit, offset } };
    if (!column || query.sort.direction === 'ASC' || query.search || query.cohortId || !canRankByActivityAlone(paged)) {
      return null;
    }
    const scope = {
      projectId: query.window.projectId,
      groupTypeId: query.groupTypeId,
      range: query.window.range,
      column,
    };
    const totals = await this.activityTotals.read(this.database, scope, dataState.settings, dataState.lastFoldId);
    const needed = limit + offset;
    if (totals.size < needed) return null;
    const cutoff = [...totals.values()].sort((left, right) => right - left)[needed - 1]!;
    if (!(cutoff > 0)) return null;
    const candidates = { groupIds: [] as bigint[], totals: [] as number[] };
    for (const [groupId, total] of totals) {
      if (total < cutoff) continue;
      candidates.groupIds.push(groupId);
      candidates.totals.push(total);
    }
    const rows = await rankCandidates(this.database, paged, candidates);
    return { rows, totalCount: rows[0]?.totalCount ?? 0, people: new Map<bigint, GroupPeopleRow>(), complete: false };
  }

  private async readPageInFull(query: GroupRankingQuery, ordered: GroupRankingRow[]): Promise<GroupRankingRow[]> {
    if (ordered.length === 0) return ordered;
    // The page's groups passed the search and cohort filters already: applying them again cost
    // as much as the ranking itself for a common searched value.
    const full = await rankGroups(this.database, {
      ...query,
      search: null,
      cohortId: null,
      sort: pageReadSort,
      groupIds: ordered.map((row) => row.groupId),
      page: null,
    });
    const fullById = new Map(full.map((row) => [row.groupId, row]));
    return ordered.map((row) => ({ ...fullById.get(row.groupId)!, totalCount: row.totalCount }));
  }

  /** Risk needs people, so only the groups that could be at risk get counted before filtering. */
  private async rankPageByRisk(query: GroupRankingQuery, atRisk: boolean, limit: number, offset: number) {
    const all = await rankGroups(this.database, { ...query, riskCandidatesOnly: atRisk, page: null });
    const window = query.window;
    const candidates = all.filter((row) => isRiskCandidate(trendOfRow(window, row), window.days));
    const people = await countGroupPeople(
      this.database,
      window,
      candidates.map((row) => row.groupId),
    );
    const matching = all.filter((row) => riskOfRow(window, row, people.get(row.groupId)).atRisk === atRisk);
    return { rows: matching.slice(offset, offset + limit), totalCount: matching.length, people, complete: true };
  }

  /** The figures of one group (for its detail page). */
  async summarizeGroup(
    window: AnalyticsWindow,
    groupType: Pick<GroupTypeRow, 'id' | 'name' | 'nameProperty'>,
    groupId: bigint,
  ): Promise<GroupSummary | null> {
    const [row] = await rankGroups(this.database, {
      window,
      groupTypeId: groupType.id,
      nameProperty: groupType.nameProperty,
      sort: { field: 'KEY_ACTIONS', direction: 'DESC' },
      groupIds: [groupId],
      page: null,
    });
    if (!row) return null;
    const [people, series] = await Promise.all([
      countGroupPeople(this.database, window, [groupId]),
      readGroupDailySeries(this.database, window, groupType.id, [groupId]),
    ]);
    return buildGroupSummary(
      window,
      groupType.name,
      row,
      people.get(groupId),
      buildSparklines(window, series).get(groupId),
    );
  }

  async accountReport(
    project: ProjectRecord,
    input: { groupType: string; range?: DayRange | null; minUsers?: number | null },
    now: Date = new Date(),
  ): Promise<AccountReport> {
    const window = resolveAnalyticsWindow(project, input.range, now);
    const minUsers = input.minUsers ?? 1;
    if (!Number.isInteger(minUsers) || minUsers < 1)
      throw new DomainError('INVALID_INPUT', '"minUsers" must be a whole number of at least 1.');
    const groupType = await this.requireGroupType(project, input.groupType);
    const [rows, typePeople] = await Promise.all([
      rankGroups(this.database, {
        window,
        groupTypeId: groupType.id,
        nameProperty: groupType.nameProperty,
        sort: { field: 'KEY_ACTIONS', direction: 'DESC' },
        page: null,
      }),
      countGroupTypePeople(this.database, window, groupType.id),
    ]);
    const candidates = rows.filter((row) => isRiskCandidate(trendOfRow(window, row), window.days));
    const people = await countGroupPeople(
      this.database,
      window,
      candidates.map((row) => row.groupId),
    );

    const labels: Record<TrendLabel, number> = {
      RISING: 0,
      STEADY: 0,
      FALLING: 0,
      FALLING_SHARPLY: 0,
      NEW: 0,
      INACTIVE: 0,
    };
    let active = 0;
    let activePeopleInActiveAccounts = 0;
    let accountsWithAtLeastMinUsers = 0;
    let totalEvents = 0;
    let totalKeyActions = 0;
    for (const row of rows) {
      labels[trendOfRow(window, row).label] += 1;
      const activePeople = typePeople.activePeopleByGroup.get(row.groupId) ?? 0;
      if (row.events > 0) {
        active += 1;
        activePeopleInActiveAccounts += activePeople;
      }
      if (activePeople >= minUsers) accountsWithAtLeastMinUsers += 1;
      totalEvents += row.events;
      totalKeyActions += row.keyActions;
    }
    const atRisk = candidates.filter((row) => riskOfRow(window, row, people.get(row.groupId)).atRisk).length;
    return {
      window,
      accounts: rows.length,
      active,
      new: labels.NEW,
      rising: labels.RISING,
      steady: labels.STEADY,
      falling: labels.FALLING,
      fallingSharply: labels.FALLING_SHARPLY,
      atRisk,
      averageActivePeoplePerActiveAccount: active === 0 ? 0 : activePeopleInActiveAccounts / active,
      minUsers,
      accountsWithAtLeastMinUsers,
      totalEvents,
      totalKeyActions,
      totalActivePeople: typePeople.totalActivePeople,
    };
  }

  ingestOverview(project: ProjectRecord): Promise<IngestOverviewRow> {
    return readIngestOverview(this.database, project.id);
  }
}
