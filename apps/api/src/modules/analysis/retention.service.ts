// Retention (README "Analyses"): a unit is born in the period of its first start event inside the
// range and retained in period p + k when it has a matching return event in that period. Periods
// are whole calendar periods of the project's time zone; return events count up to yesterday, so
// a cell whose period has not ended yet is incomplete (null), never a 0 that is still growing.
import { addDays, todayInTimeZone } from '@leadmaps/shared';
import type { Database } from '../../database/sql-database';
import { checkPageSize } from '../../lib/connection';
import { DomainError } from '../../lib/domain-error';
import { decodeGroupCursor, encodeGroupCursor } from '../analytics/group-cursor';
import type { ProjectRecord } from '../projects/project.repository';
import { parseDefinition, type BreakdownValue, type Interval } from './analysis-query';
import { resolveAudience } from './analysis-plan';
import { bucketStart, listBuckets, nextBucket } from './buckets';
import {
  buildRetentionCountsSql,
  buildRetentionMembersSql,
  buildRetentionTopValuesSql,
  type RetentionCountRow,
  type RetentionMemberRow,
  type RetentionSpec,
} from './queries/retention.query';
import { retentionCellSchema, retentionQuerySchema, type RetentionCell, type RetentionQuery } from './retention-query';
import { AnalysisMemory } from './analysis-memory';
import { retentionAnswersFromMemory, retentionRowsInMemory } from './retention-in-memory';

export interface RetentionCellFigure {
  offset: number;
  /** First day of period cohort + offset. */
  period: string;
  /** False until the period has ended (project-local yesterday or earlier). */
  complete: boolean;
  /** Null while incomplete. */
  retained: number | null;
  /** retained / born × 100; null while incomplete or when nobody was born. */
  percentage: number | null;
}

export interface RetentionCohortFigure {
  period: string;
  born: number;
  cells: RetentionCellFigure[];
}

export interface RetentionCurvePoint {
  offset: number;
  /** Σ retained / Σ born × 100 over the cohorts (with births) whose cell at this offset is complete. */
  percentage: number | null;
  retained: number;
  born: number;
  cohorts: number;
}

export interface RetentionTable {
  breakdown: BreakdownValue | null;
  born: number;
  cohorts: RetentionCohortFigure[];
  curve: RetentionCurvePoint[];
}

export interface RetentionResult {
  query: RetentionQuery;
  groupType: string | null;
  /** The project-local day the figures run to (exclusive: today is still in progress). */
  today: string;
  /** Of all units; with a breakdown, a unit counted by people may be in several labels' tables. */
  total: RetentionTable;
  /** One per breakdown value (top values, then OTHER, then NONE); empty without a breakdown. */
  breakdowns: RetentionTable[];
}

export interface RetentionMember {
  kind: 'GROUP' | 'PERSON';
  id: bigint;
  groupType: string | null;
  value: string | null;
  name: string;
  userId: string | null;
  deviceId: string | null;
  /** Day of the unit's first start event in the range (within the label). */
  bornOn: string;
  /** Matching return events in the cell's period (0 for lost units). */
  returnEvents: number;
}

export interface RetentionMembersPage {
  edges: { cursor: string; node: RetentionMember }[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

const kindOrder = { VALUE: 0, OTHER: 1, NONE: 2 } as const;

/** The first days of `count` consecutive periods from `first`. */
function periodsFrom(first: string, count: number, interval: Interval): string[] {
  const periods = [first];
  while (periods.length < count) periods.push(nextBucket(periods.at(-1)!, interval));
  return periods;
}

const lastDayOf = (period: string, interval: Interval) => addDays(nextBucket(period, interval), -1);

interface Plan {
  query: RetentionQuery;
  spec: RetentionSpec;
  cohorts: string[];
  /** Period starts from the first cohort to the last cohort + periods. */
  periods: string[];
  today: string;
  groupTypeName: string | null;
}

export class RetentionService {
  constructor(
    private readonly database: Database,
    private readonly now: () => Date = () => new Date(),
    private readonly memory: AnalysisMemory = new AnalysisMemory(),
  ) {}

  private async plan(project: ProjectRecord, query: RetentionQuery): Promise<Plan> {
    const audience = await resolveAudience(this.database, project, {
      countedBy: query.countedBy,
      groupType: query.groupType,
      groupFilters: query.groupFilters,
      cohortId: query.cohortId,
      comparisonCohortId: query.breakdown?.source === 'COHORT' ? Number(query.breakdown.key) : null,
      groupPropertyKeys: query.breakdown?.source === 'GROUP_PROPERTY' ? [query.breakdown.key] : [],
      eventPropertyKeys: [...query.startEvent.filters, ...query.returnEvent.filters].map((filter) => filter.key),
      needsGroupType: query.breakdown !== null,
    });
    const today = todayInTimeZone(project.timeZone, this.now());
    const cohorts = listBuckets(query.range, query.interval);
    const periods = periodsFrom(cohorts[0]!, cohorts.length + query.periods, query.interval);
    const lastNeeded = lastDayOf(periods.at(-1)!, query.interval);
    const yesterday = addDays(today, -1);
    const spec: RetentionSpec = {
      audience,
      startEvent: query.startEvent,
      returnEvent: query.returnEvent,
      breakdown: query.breakdown,
      interval: query.interval,
      range: query.range,
      returns: { from: periods[0]!, to: [lastNeeded, yesterday].sort()[0]! },
    };
    return { query, spec, cohorts, periods, today, groupTypeName: audience.groupType?.name ?? null };
  }

  private async topValuesInSql(plan: Plan): Promise<string[]> {
    const { breakdown } = plan.query;
    if (breakdown === null) return [];
    const rows = await this.database.query<{ value: string }>(buildRetentionTopValuesSql(plan.spec, breakdown.limit));
    return rows.map((row) => row.value);
  }

  /**
   * The count rows from the rollup rows kept in memory (retention-in-memory.ts); null when the
   * table is not one that path answers, or before any fold.
   */
  private async rowsInMemory(plan: Plan) {
    const { audience } = plan.spec;
    const { query } = plan;
    if (!retentionAnswersFromMemory(audience, query) || plan.spec.returns.from > plan.spec.returns.to) return null;
    const { projectId } = audience;
    const groupTypeId = audience.groupType!.id;
    const version = await this.memory.version(this.database, projectId);
    if (version.lastFoldId === null) return null;
    const breakdownKey = query.breakdown?.key ?? null;
    const [labels, starts, returnDays] = await Promise.all([
      audience.groupFilters.length === 0 && breakdownKey === null
        ? null
        : this.memory.groupLabels.read(
            this.database,
            { projectId, groupTypeId, groupFilters: audience.groupFilters, breakdownKey },
            version,
          ),
      this.memory.groupDays.read(
        this.database,
        { projectId, groupTypeId, eventType: query.startEvent.eventType, range: query.range },
        version.lastFoldId,
      ),
      this.memory.groupDays.read(
        this.database,
        { projectId, groupTypeId, eventType: query.returnEvent.eventType, range: plan.spec.returns },
        version.lastFoldId,
      ),
    ]);
    // Synchronously from here: the kept rows are shared and change in place between awaits.
    return retentionRowsInMemory({
      interval: query.interval,
      range: query.range,
      starts,
      returns: plan.spec.returns,
      returnDays,
      periods: plan.periods,
      maximumOffset: query.periods,
      breakdownLimit: query.breakdown?.limit ?? null,
      labels,
    });
  }

  private complete(plan: Plan, periodIndex: number): boolean {
    return lastDayOf(plan.periods[periodIndex]!, plan.query.interval) < plan.today;
  }

  private tableOf(plan: Plan, breakdown: BreakdownValue | null, rows: RetentionCountRow[]): RetentionTable {
    const born = new Map<string, number>();
    const active = new Map<string, number>();
    for (const row of rows) {
      if (row.active === null) born.set(row.cohort, row.units);
      else active.set(`${row.cohort}|${row.active}`, row.units);
    }
    const offsets = Array.from({ length: plan.query.periods + 1 }, (_, offset) => offset);
    const cohorts = plan.cohorts.map((period, cohortIndex) => {
      const size = born.get(period) ?? 0;
      const cells = offsets.map((offset): RetentionCellFigure => {
        const cellPeriod = plan.periods[cohortIndex + offset]!;
        const complete = this.complete(plan, cohortIndex + offset);
        const retained = complete ? (active.get(`${period}|${cellPeriod}`) ?? 0) : null;
        return {
          offset,
          period: cellPeriod,
          complete,
          retained,
          percentage: retained === null || size === 0 ? null : (retained / size) * 100,
        };
      });
      return { period, born: size, cells };
    });
    const curve = offsets.map((offset): RetentionCurvePoint => {
      const counted = cohorts.filter((cohort) => cohort.born > 0 && cohort.cells[offset]!.complete);
      const bornSum = counted.reduce((sum, cohort) => sum + cohort.born, 0);
      const retainedSum = counted.reduce((sum, cohort) => sum + cohort.cells[offset]!.retained!, 0);
      return {
        offset,
        percentage: bornSum === 0 ? null : (retainedSum / bornSum) * 100,
        retained: retainedSum,
        born: bornSum,
        cohorts: counted.length,
      };
    });
    return { breakdown, born: cohorts.reduce((sum, cohort) => sum + cohort.born, 0), cohorts, curve };
  }

  async retention(project: ProjectRecord, input: unknown): Promise<RetentionResult> {
    const query = parseDefinition(retentionQuerySchema, input, 'retention');
    const plan = await this.plan(project, query);
    const inMemory = await this.rowsInMemory(plan);
    const topValues = inMemory?.topValues ?? (await this.topValuesInSql(plan));
    const totalRows =
      inMemory?.total ??
      (await this.database.query<RetentionCountRow>(buildRetentionCountsSql({ ...plan.spec, breakdown: null }, [])));
    const total = this.tableOf(plan, null, totalRows);
    const breakdowns: RetentionTable[] = [];
    if (query.breakdown !== null) {
      const rows =
        inMemory?.byLabel ??
        (await this.database.query<RetentionCountRow>(buildRetentionCountsSql(plan.spec, topValues)));
      const labels = new Map<string, BreakdownValue>();
      for (const row of rows) {
        if (row.kind !== 'ALL') labels.set(`${row.kind}|${row.value ?? ''}`, { kind: row.kind, value: row.value });
      }
      const ordered = [...labels.values()].sort(
        (left, right) =>
          kindOrder[left.kind] - kindOrder[right.kind] ||
          topValues.indexOf(left.value ?? '') - topValues.indexOf(right.value ?? ''),
      );
      for (const label of ordered) {
        const mine = rows.filter((row) => row.kind === label.kind && row.value === label.value);
        breakdowns.push(this.tableOf(plan, label, mine));
      }
    }
    return { query, groupType: plan.groupTypeName, today: plan.today, total, breakdowns };
  }

  /** Checks a cell and resolves what it needs to list its units. */
  private async cellPlan(project: ProjectRecord, input: unknown) {
    const cell: RetentionCell = parseDefinition(retentionCellSchema, input, 'retention cell');
    const { query } = cell;
    const cohorts = listBuckets(query.range, query.interval);
    const cohortIndex = cohorts.indexOf(cell.cohort);
    if (cohortIndex < 0 || bucketStart(cell.cohort, query.interval) !== cell.cohort) {
      throw new DomainError(
        'INVALID_INPUT',
        `"${cell.cohort}" is not a cohort of this table; cohorts run from ${cohorts[0]} to ${cohorts.at(-1)} (the first day of each ${query.interval.toLowerCase()}).`,
      );
    }
    if (cell.offset > query.periods) {
      throw new DomainError(
        'INVALID_INPUT',
        `offset ${cell.offset} is past the table: offsets run from 0 to ${query.periods}.`,
      );
    }
    if (cell.breakdown !== null && query.breakdown === null) {
      throw new DomainError(
        'INVALID_INPUT',
        'The table has no breakdown: omit "breakdown" from the cell (or give null for the table of all units).',
      );
    }
    const plan = await this.plan(project, query);
    const periodIndex = cohortIndex + cell.offset;
    if (!this.complete(plan, periodIndex)) {
      throw new DomainError(
        'INVALID_INPUT',
        `The cell's period (${plan.periods[periodIndex]}) has not ended yet (today is ${plan.today}): it has no figure to list.`,
      );
    }
    const period = plan.periods[periodIndex]!;
    const target = {
      cohort: cell.cohort,
      period: { from: period, to: lastDayOf(period, query.interval) },
      label: cell.breakdown,
      retained: cell.status === 'RETAINED',
    };
    // The table of all units is computed without the breakdown's rows (see retention()).
    const spec = cell.breakdown === null ? { ...plan.spec, breakdown: null } : plan.spec;
    return { plan, spec, target, topValues: await this.topValuesInSql(plan) };
  }

  async members(
    project: ProjectRecord,
    input: unknown,
    first: number | null,
    after: string | null,
  ): Promise<RetentionMembersPage> {
    // The API's one page bound (LIMIT_EXCEEDED past it), as every other connection.
    const size = checkPageSize(first, 50);
    const offset = decodeGroupCursor(after);
    const { plan, spec, target, topValues } = await this.cellPlan(project, input);
    const rows = await this.database.query<RetentionMemberRow>(
      buildRetentionMembersSql(spec, target, topValues, { limit: size, offset }),
    );
    let totalCount = rows[0]?.totalCount ?? 0;
    if (rows.length === 0 && offset > 0) {
      const probe = await this.database.query<RetentionMemberRow>(
        buildRetentionMembersSql(spec, target, topValues, { limit: 1, offset: 0 }),
      );
      totalCount = probe[0]?.totalCount ?? 0;
    }
    const edges = rows.map((row, index) => ({
      cursor: encodeGroupCursor(offset + index),
      node: this.memberOf(plan, row),
    }));
    return {
      edges,
      hasNextPage: offset + rows.length < totalCount,
      endCursor: edges.at(-1)?.cursor ?? null,
      totalCount,
    };
  }

  /** Every unit of a cell, page by page (the CSV download: no row cap, bounded memory). */
  async *allMembers(project: ProjectRecord, input: unknown, pageSize = 2000): AsyncGenerator<RetentionMember> {
    const { plan, spec, target, topValues } = await this.cellPlan(project, input);
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.database.query<RetentionMemberRow>(
        buildRetentionMembersSql(spec, target, topValues, { limit: pageSize, offset }),
      );
      for (const row of rows) yield this.memberOf(plan, row);
      if (rows.length < pageSize) return;
    }
  }

  /** The groups of a cell (retained or lost; every one, not a page): what "save as cohort" keeps. */
  async cellGroups(
    project: ProjectRecord,
    input: unknown,
    pageSize = 5000,
  ): Promise<{ groupTypeId: number; groupIds: bigint[] }> {
    const { spec, target, topValues } = await this.cellPlan(project, input);
    if (spec.audience.countedBy !== 'GROUPS') {
      throw new DomainError(
        'INVALID_INPUT',
        'A cohort holds groups: save a cell of a retention table counted by GROUPS.',
      );
    }
    const groupIds: bigint[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.database.query<RetentionMemberRow>(
        buildRetentionMembersSql(spec, target, topValues, { limit: pageSize, offset }),
      );
      for (const row of rows) groupIds.push(BigInt(row.unit));
      if (rows.length < pageSize) return { groupTypeId: spec.audience.groupType!.id, groupIds };
    }
  }

  private memberOf(plan: Plan, row: RetentionMemberRow): RetentionMember {
    const groups = plan.query.countedBy === 'GROUPS';
    return {
      kind: groups ? 'GROUP' : 'PERSON',
      id: row.unit,
      groupType: groups ? plan.groupTypeName : null,
      value: row.value,
      name: row.name,
      userId: row.userId,
      deviceId: row.deviceId,
      bornOn: row.bornOn,
      returnEvents: row.returnEvents,
    };
  }
}
