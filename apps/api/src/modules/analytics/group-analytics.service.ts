// The Groups list, one group's figures and the account report, all read from the rollups.
// The list ranks and measures its groups from the rollup history kept in memory
// (analysis/group-history-cache.ts): any range and sort, exact people, no scan per request. A
// search, a cohort or a sort by name is ordered by the ranking statement on group_daily instead;
// the page's figures still come from the history.
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
import { countGroupPeople } from './queries/group-people.query';
import {
  rankGroups,
  rankingNeedsPreviousRange,
  type GroupRankingQuery,
  type GroupSortField,
  type SortDirection,
} from './queries/group-ranking.query';
import { GroupHistoryCache } from './group-history-cache';
import { emptyRecord } from './group-history';
import { canRankFromHistory, HistoryReader } from './group-history-ranking';
import { readGroupNames } from './queries/group-names.query';
import { buildCohortsByIdSql, type CohortAudienceRow } from './queries/cohort-scope.query';
import { countGroupTypePeople } from './queries/group-type-people.query';
import { findGroupTypeByName, listGroupTypesWithCounts, type GroupTypeRow } from './queries/group-types.query';
import type { CacheLookups } from '../../lib/metrics';
import { readIngestOverview, type IngestOverviewRow } from './queries/ingest-overview.query';

export const defaultPageSize = 50;

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

/** Where the data stood when a page was asked for, and the settings its rollups were counted with. */
interface DataState {
  lastFoldId: bigint | null;
  keyActions: readonly string[];
}

/** A page's groups in order, and how many groups the whole list holds. */
interface RankedPage {
  groupIds: bigint[];
  totalCount: number;
}

export class GroupAnalyticsService {
  /** Pages are shared between requests: nothing downstream may modify them. */
  private readonly pages = new GroupPageCache<GroupListPage>();
  /** The rollups of each group type in memory, brought up to date fold by fold. */
  private readonly groupHistory: GroupHistoryCache;

  constructor(private readonly database: SqlExecutor) {
    this.groupHistory = new GroupHistoryCache(database);
  }

  /** Hits and misses of this module's caches, for the server's metrics. */
  cacheLookups(): Record<string, CacheLookups> {
    return {
      groups_page: this.pages.lookups,
      group_history: this.groupHistory.lookups,
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
    const page = await this.computePage(window, groupType, input, search, limit, offset, {
      lastFoldId: lastFoldIdOf(version),
      keyActions: project.keyActions,
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

  /**
   * Loads the rollup history of every group type of `project` (at a start, in the background), so
   * the first person to open the Groups page after a restart does not wait for the whole read: at
   * 10M events it takes seconds. A request arriving meanwhile waits for the same read, not a second.
   */
  async preloadHistories(project: ProjectRecord): Promise<void> {
    const version = await this.readDataVersion(project);
    for (const groupType of version.groupTypes) {
      await this.groupHistory.read(
        {
          projectId: project.id,
          groupTypeId: groupType.id,
          timeZone: project.timeZone,
          keyActions: project.keyActions,
        },
        lastFoldIdOf(version),
      );
    }
  }

  /** Stops keeping the rollup history current (at shutdown). */
  stop(): void {
    this.groupHistory.stop();
  }

  /** Drops one project's cached pages at once (after its settings change figures without new data). */
  forgetCachedPages(projectId: number): void {
    this.pages.forgetProject(projectId);
    this.groupHistory.forgetProject(projectId);
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
    const atRisk = input.filter?.atRisk ?? null;
    const history = await this.groupHistory.read(
      {
        projectId: window.projectId,
        groupTypeId: groupType.id,
        timeZone: window.timeZone,
        keyActions: dataState.keyActions,
      },
      dataState.lastFoldId,
    );
    const reader = new HistoryReader(history, window);
    const ranked = canRankFromHistory(query)
      ? this.rankPageFromHistory(reader, query, atRisk, limit, offset)
      : atRisk === null
        ? await this.rankPageInSql(query, limit, offset)
        : await this.rankPageByRiskInSql(reader, query, atRisk, limit, offset);

    // The page is known: its figures, people and sparklines come from the history, names by key.
    const names = await readGroupNames(this.database, window.projectId, groupType.nameProperty, ranked.groupIds);
    const edges: GroupListPage['edges'] = [];
    for (const groupId of ranked.groupIds) {
      const named = names.get(groupId);
      if (!named) continue;
      // A group created after the history's list of groups has no rollups yet.
      const slot = reader.slotOf(groupId) ?? {
        order: 0,
        lastSeen: named.lastSeen.getTime(),
        record: emptyRecord(groupId),
      };
      const row = {
        ...reader.figures(slot),
        value: named.value,
        name: named.name,
        lastSeen: named.lastSeen,
        totalCount: ranked.totalCount,
      };
      const sparkline = buildSparklines(window, reader.series(slot)).get(groupId);
      edges.push({
        cursor: encodeGroupCursor(offset + edges.length),
        node: buildGroupSummary(window, groupType.name, row, reader.people(slot), sparkline),
      });
    }
    return {
      window,
      edges,
      totalCount: ranked.totalCount,
      hasNextPage: offset + edges.length < ranked.totalCount,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
  }

  /** Any sort but by name, without search or cohort: ranked in memory, no statement at all. */
  private rankPageFromHistory(
    reader: HistoryReader,
    query: GroupRankingQuery,
    atRisk: boolean | null,
    limit: number,
    offset: number,
  ): RankedPage {
    const { slots, totalCount } = reader.rank(
      { sort: query.sort, trendLabels: query.trendLabels, atRisk },
      offset + limit,
    );
    return { groupIds: slots.slice(offset).map((slot) => slot.record.groupId), totalCount };
  }

  /** A search, a cohort or a sort by name: the ranking statement orders the page. */
  private async rankPageInSql(query: GroupRankingQuery, limit: number, offset: number): Promise<RankedPage> {
    const orderOnly = !rankingNeedsPreviousRange(query);
    const rows = await rankGroups(this.database, { ...query, orderOnly, page: { limit, offset } });
    let totalCount = rows[0]?.totalCount ?? 0;
    if (rows.length === 0 && offset > 0) {
      // Paged past the end: the window count came back with no row to carry it.
      totalCount =
        (await rankGroups(this.database, { ...query, orderOnly: true, page: { limit: 1, offset: 0 } }))[0]
          ?.totalCount ?? 0;
    }
    return { groupIds: rows.map((row) => row.groupId), totalCount };
  }

  /** Risk with a search or a cohort: SQL keeps the candidates, the history's people decide. */
  private async rankPageByRiskInSql(
    reader: HistoryReader,
    query: GroupRankingQuery,
    atRisk: boolean,
    limit: number,
    offset: number,
  ): Promise<RankedPage> {
    const all = await rankGroups(this.database, { ...query, riskCandidatesOnly: atRisk, page: null });
    const window = query.window;
    const matching = all.filter((row) => {
      if (!isRiskCandidate(trendOfRow(window, row), window.days)) return !atRisk;
      const slot = reader.slotOf(row.groupId);
      const people = slot ? reader.people(slot) : undefined;
      return riskOfRow(window, row, people).atRisk === atRisk;
    });
    return {
      groupIds: matching.slice(offset, offset + limit).map((row) => row.groupId),
      totalCount: matching.length,
    };
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
