// The analysis engine: checks a definition (analysis-query.ts), resolves its names
// (analysis-plan.ts) and answers it from the raw events (queries/). Every chart kind goes through
// here, so they all count the same way. Some charts read the rollups: callers first catch them up
// with the acknowledged events (every GraphQL request and the CSV route do, in graphql/context.ts).
import type { Database } from '../../database/sql-database';
import { checkPageSize } from '../../lib/connection';
import { DomainError } from '../../lib/domain-error';
import { decodeGroupCursor, encodeGroupCursor } from '../analytics/group-cursor';
import type { ProjectRecord } from '../projects/project.repository';
import {
  chartPointSchema,
  compositionQuerySchema,
  parseDefinition,
  segmentationQuerySchema,
  type BreakdownValue,
  type ChartPoint,
  type CompositionQuery,
  type SegmentationQuery,
} from './analysis-query';
import { resolveAudience } from './analysis-plan';
import { bucketStart, listBuckets } from './buckets';
import { buildCompositionSql, buildCompositionTopValuesSql, type CompositionRow } from './queries/composition.query';
import { buildGroupPropertyKeysSql, buildRecentEventNamesSql } from './queries/known-keys.query';
import { buildMicroscopeSql, type MicroscopeRow } from './queries/microscope.query';
import type { GroupDaysCache } from './group-days-cache';
import type { GroupLabelsCache } from './group-labels-cache';
import { AnalysisMemory } from './analysis-memory';
import { buildRollupVersionSql, type RollupVersion } from './queries/group-days.query';
import { rollupFigures } from './rollup-figures';
import {
  answersFromRollups,
  buildFiguresSql,
  buildPointUnitsSql,
  buildTopValuesSql,
  type Audience,
  type FigureRow,
  type SeriesSpec,
} from './queries/segmentation.query';

export interface SeriesResult {
  seriesIndex: number;
  eventType: string | null;
  /** Null when the chart has no breakdown. */
  breakdown: BreakdownValue | null;
  points: { bucket: string; value: number }[];
  /** Over the whole range: uniques are distinct over the range, not a sum of the points. */
  total: number;
}

export interface SegmentationResult {
  query: SegmentationQuery;
  groupType: string | null;
  buckets: string[];
  series: SeriesResult[];
}

export interface CompositionResult {
  query: CompositionQuery;
  groupType: string;
  rows: { breakdown: BreakdownValue; groups: number; people: number }[];
  totalGroups: number;
  totalPeople: number;
}

export interface MicroscopeMember {
  kind: 'GROUP' | 'PERSON';
  id: bigint;
  groupType: string | null;
  value: string | null;
  name: string;
  userId: string | null;
  deviceId: string | null;
  /** Matching events of this group or person in the point. */
  events: number;
  /** Distinct people behind those events (organisation-level events have none). */
  activePeople: number;
}

export interface MicroscopeResult {
  edges: { cursor: string; node: MicroscopeMember }[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

export interface KnownNames {
  eventTypes: string[];
  eventPropertyKeys: string[];
  groupPropertyKeys: string[];
}

/** How many of the latest events the suggested event types and event property keys come from. */
export const recentEventsForNames = 20_000;

const kindOrder = { VALUE: 0, OTHER: 1, NONE: 2 } as const;

function figureOf(row: FigureRow | undefined, measure: SegmentationQuery['measure']): number {
  if (!row) return 0;
  if (measure === 'TOTALS') return row.totals;
  if (measure === 'AVERAGE') return row.uniques === 0 ? 0 : row.totals / row.uniques;
  return row.uniques;
}

export class AnalysisService {
  private readonly groupDays: GroupDaysCache;
  private readonly groupLabels: GroupLabelsCache;

  constructor(
    private readonly database: Database,
    memory: AnalysisMemory = new AnalysisMemory(),
  ) {
    this.groupDays = memory.groupDays;
    this.groupLabels = memory.groupLabels;
  }

  private async audienceOf(project: ProjectRecord, query: SegmentationQuery): Promise<Audience> {
    return resolveAudience(this.database, project, {
      countedBy: query.countedBy,
      groupType: query.groupType,
      groupFilters: query.groupFilters,
      cohortId: query.cohortId,
      comparisonCohortId: query.breakdown?.source === 'COHORT' ? Number(query.breakdown.key) : null,
      groupPropertyKeys: query.breakdown?.source === 'GROUP_PROPERTY' ? [query.breakdown.key] : [],
      eventPropertyKeys: [
        ...query.series.flatMap((selection) => selection.filters.map((filter) => filter.key)),
        ...(query.breakdown?.source === 'EVENT_PROPERTY' ? [query.breakdown.key] : []),
      ],
      needsGroupType: query.breakdown?.source === 'GROUP_PROPERTY',
    });
  }

  private specOf(audience: Audience, query: SegmentationQuery, seriesIndex: number): SeriesSpec {
    return {
      audience,
      selection: query.series[seriesIndex]!,
      breakdown: query.breakdown,
      measure: query.measure,
      interval: query.interval,
      range: query.range,
    };
  }

  private async topValues(spec: SeriesSpec): Promise<string[]> {
    if (spec.breakdown === null) return [];
    const rows = await this.database.query<{ value: string }>(buildTopValuesSql(spec, spec.breakdown.limit));
    return rows.map((row) => row.value);
  }

  private async figuresInSql(spec: SeriesSpec): Promise<{ topValues: string[]; rows: FigureRow[] }> {
    const topValues = await this.topValues(spec);
    return { topValues, rows: await this.database.query<FigureRow>(buildFiguresSql(spec, topValues)) };
  }

  async segmentation(project: ProjectRecord, input: unknown): Promise<SegmentationResult> {
    const query = parseDefinition(segmentationQuerySchema, input, 'segmentation');
    const audience = await this.audienceOf(project, query);
    const buckets = listBuckets(query.range, query.interval);
    const series: SeriesResult[] = [];
    const fromMemory = new RollupsInMemory(this.database, this.groupDays, this.groupLabels, audience, query);
    for (let seriesIndex = 0; seriesIndex < query.series.length; seriesIndex += 1) {
      const spec = this.specOf(audience, query, seriesIndex);
      const { topValues, rows } = (await fromMemory.figures(spec)) ?? (await this.figuresInSql(spec));
      const eventType = query.series[seriesIndex]!.eventType;
      if (query.breakdown === null) {
        const byBucket = new Map(rows.filter((row) => row.bucket !== null).map((row) => [row.bucket!, row]));
        const total = rows.find((row) => row.bucket === null);
        series.push({
          seriesIndex,
          eventType,
          breakdown: null,
          points: buckets.map((bucket) => ({ bucket, value: figureOf(byBucket.get(bucket), query.measure) })),
          total: figureOf(total, query.measure),
        });
        continue;
      }
      const labels = rows
        .filter((row) => row.bucket === null)
        .map((row) => ({ kind: row.kind, value: row.value }))
        .sort(
          (left, right) =>
            kindOrder[left.kind] - kindOrder[right.kind] ||
            topValues.indexOf(left.value ?? '') - topValues.indexOf(right.value ?? ''),
        );
      for (const label of labels) {
        const mine = rows.filter((row) => row.kind === label.kind && row.value === label.value);
        const byBucket = new Map(mine.filter((row) => row.bucket !== null).map((row) => [row.bucket!, row]));
        series.push({
          seriesIndex,
          eventType,
          breakdown: label,
          points: buckets.map((bucket) => ({ bucket, value: figureOf(byBucket.get(bucket), query.measure) })),
          total: figureOf(
            mine.find((row) => row.bucket === null),
            query.measure,
          ),
        });
      }
    }
    return { query, groupType: audience.groupType?.name ?? null, buckets, series };
  }

  async composition(project: ProjectRecord, input: unknown): Promise<CompositionResult> {
    const query = parseDefinition(compositionQuerySchema, input, 'composition');
    const audience = await resolveAudience(this.database, project, {
      countedBy: 'GROUPS',
      groupType: query.groupType,
      groupFilters: query.groupFilters,
      cohortId: query.cohortId,
      groupPropertyKeys: [query.property],
      eventPropertyKeys: [],
      needsGroupType: true,
    });
    const spec = {
      projectId: project.id,
      timeZone: project.timeZone,
      groupTypeId: audience.groupType!.id,
      groupFilters: query.groupFilters,
      cohortId: query.cohortId,
      property: query.property,
      range: query.range,
    };
    const topValues = (
      await this.database.query<{ value: string }>(buildCompositionTopValuesSql(spec, query.limit))
    ).map((row) => row.value);
    const rows = await this.database.query<CompositionRow>(buildCompositionSql(spec, topValues));
    const total = rows.find((row) => row.kind === null);
    const labelled = rows
      .filter((row): row is CompositionRow & { kind: 'VALUE' | 'NONE' | 'OTHER' } => row.kind !== null)
      .sort(
        (left, right) =>
          kindOrder[left.kind] - kindOrder[right.kind] ||
          topValues.indexOf(left.value ?? '') - topValues.indexOf(right.value ?? ''),
      );
    return {
      query,
      groupType: audience.groupType!.name,
      rows: labelled.map((row) => ({
        breakdown: { kind: row.kind, value: row.value },
        groups: row.groups,
        people: row.people,
      })),
      totalGroups: total?.groups ?? 0,
      totalPeople: total?.people ?? 0,
    };
  }

  /**
   * Names a chart form can suggest: every group property key (ingest keeps a registry of them),
   * and the event types and event property keys of the latest events (events have no registry;
   * reading them all would cost a scan of every event).
   */
  async knownNames(project: ProjectRecord): Promise<KnownNames> {
    const [recent, groupKeys] = await Promise.all([
      this.database.query<{ kind: 'EVENT_TYPE' | 'EVENT_PROPERTY'; name: string }>(
        buildRecentEventNamesSql(project.id, recentEventsForNames),
      ),
      this.database.query<{ key: string }>(buildGroupPropertyKeysSql(project.id)),
    ]);
    return {
      eventTypes: recent.filter((row) => row.kind === 'EVENT_TYPE').map((row) => row.name),
      eventPropertyKeys: recent.filter((row) => row.kind === 'EVENT_PROPERTY').map((row) => row.name),
      groupPropertyKeys: groupKeys.map((row) => row.key),
    };
  }

  /** Checks a data point and resolves what it needs to list its units. */
  private async pointPlan(project: ProjectRecord, input: unknown) {
    const point: ChartPoint = parseDefinition(chartPointSchema, input, 'Microscope point');
    const { query } = point;
    if (point.seriesIndex >= query.series.length) {
      throw new DomainError(
        'INVALID_INPUT',
        `seriesIndex ${point.seriesIndex} does not exist: the chart has ${query.series.length} series (0 to ${query.series.length - 1}).`,
      );
    }
    if (query.countedBy === 'EVENTS') {
      throw new DomainError('INVALID_INPUT', 'Microscope lists groups or people: count by GROUPS or PEOPLE.');
    }
    const buckets = listBuckets(query.range, query.interval);
    if (!buckets.includes(point.bucket) || bucketStart(point.bucket, query.interval) !== point.bucket) {
      throw new DomainError(
        'INVALID_INPUT',
        `"${point.bucket}" is not a bucket of this chart; buckets run from ${buckets[0]} to ${buckets.at(-1)} (the first day of each ${query.interval.toLowerCase()}).`,
      );
    }
    if ((query.breakdown === null) !== (point.breakdown === null)) {
      throw new DomainError(
        'INVALID_INPUT',
        query.breakdown === null
          ? 'The chart has no breakdown: omit "breakdown" from the point.'
          : "The chart has a breakdown: give the point's breakdown value (kind and value) as the chart returned it.",
      );
    }
    const audience = await this.audienceOf(project, query);
    const spec = this.specOf(audience, query, point.seriesIndex);
    const topValues = await this.topValues(spec);
    return { point, spec, topValues };
  }

  /** One page of the groups or people behind a data point. */
  async microscope(
    project: ProjectRecord,
    input: unknown,
    first: number | null,
    after: string | null,
  ): Promise<MicroscopeResult> {
    // The API's one page bound (LIMIT_EXCEEDED past it), as every other connection.
    const size = checkPageSize(first, 50);
    const offset = decodeGroupCursor(after);
    const { point, spec, topValues } = await this.pointPlan(project, input);
    const rows = await this.database.query<MicroscopeRow>(
      buildMicroscopeSql(spec, point, topValues, { limit: size, offset }),
    );
    const edges = rows.map((row, index) => ({
      cursor: encodeGroupCursor(offset + index),
      node: this.memberOf(spec, row),
    }));
    const totalCount = rows[0]?.totalCount ?? (offset === 0 ? 0 : await this.countPoint(spec, point, topValues));
    return {
      edges,
      hasNextPage: offset + rows.length < totalCount,
      endCursor: edges.at(-1)?.cursor ?? null,
      totalCount,
    };
  }

  /** Every member of a data point, page by page (the CSV download: no row cap, bounded memory). */
  async *microscopeAll(project: ProjectRecord, input: unknown, pageSize = 2000): AsyncGenerator<MicroscopeMember> {
    const { point, spec, topValues } = await this.pointPlan(project, input);
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.database.query<MicroscopeRow>(
        buildMicroscopeSql(spec, point, topValues, { limit: pageSize, offset }),
      );
      for (const row of rows) yield this.memberOf(spec, row);
      if (rows.length < pageSize) return;
    }
  }

  /**
   * The groups behind a data point counted by groups (what "save as cohort" stores): the same
   * statement Microscope pages through, whole.
   */
  async pointGroups(project: ProjectRecord, input: unknown): Promise<{ groupTypeId: number; groupIds: bigint[] }> {
    const { point, spec, topValues } = await this.pointPlan(project, input);
    if (spec.audience.countedBy !== 'GROUPS') {
      throw new DomainError('INVALID_INPUT', 'A cohort holds groups: save a point of a chart counted by GROUPS.');
    }
    const rows = await this.database.query<{ unit: bigint }>(
      buildPointUnitsSql(spec, point.bucket, point.breakdown, topValues),
    );
    return { groupTypeId: spec.audience.groupType!.id, groupIds: rows.map((row) => BigInt(row.unit)) };
  }

  private async countPoint(spec: SeriesSpec, point: ChartPoint, topValues: string[]): Promise<number> {
    const rows = await this.database.query<MicroscopeRow>(
      buildMicroscopeSql(spec, point, topValues, { limit: 1, offset: 0 }),
    );
    return rows[0]?.totalCount ?? 0;
  }

  private memberOf(spec: SeriesSpec, row: MicroscopeRow): MicroscopeMember {
    const groups = spec.audience.countedBy === 'GROUPS';
    return {
      kind: groups ? 'GROUP' : 'PERSON',
      id: row.unit,
      groupType: groups ? spec.audience.groupType!.name : null,
      value: row.value,
      name: row.name,
      userId: row.userId,
      deviceId: row.deviceId,
      events: row.events,
      activePeople: row.people,
    };
  }
}

/**
 * One request's path to figures from the rollup rows kept in memory (group-days-cache.ts), for
 * the series it applies to: counted by groups, no event property filter or breakdown, not NEW
 * (which needs each group's first event ever, before the range). Where the rollups and groups
 * stand is read once per request, when a series first needs it; the groups' labels come from
 * group-labels-cache.ts.
 */
class RollupsInMemory {
  private version: Promise<RollupVersion> | undefined;

  constructor(
    private readonly database: Database,
    private readonly groupDays: GroupDaysCache,
    private readonly groupLabels: GroupLabelsCache,
    private readonly audience: Audience,
    private readonly query: SegmentationQuery,
  ) {}

  async figures(spec: SeriesSpec): Promise<{ topValues: string[]; rows: FigureRow[] } | null> {
    // Cohort membership (a filter, or the COHORT breakdown's split) is applied by the SQL path
    // only: until this one applies it too, a chart with a cohort goes there.
    const usesCohort = this.query.cohortId != null || spec.breakdown?.source === 'COHORT';
    if (!answersFromRollups(spec) || spec.measure === 'NEW' || usesCohort) return null;
    this.version ??= this.database
      .query<RollupVersion>(buildRollupVersionSql(this.audience.projectId))
      .then((rows) => rows[0]!);
    const version = await this.version;
    if (version.lastFoldId === null) return null;
    const { projectId } = this.audience;
    const groupTypeId = this.audience.groupType!.id;
    const breakdownKey = this.query.breakdown?.key ?? null;
    // Null when every group counts unlabelled (no group filter, no breakdown).
    const labels =
      this.audience.groupFilters.length === 0 && breakdownKey === null
        ? null
        : await this.groupLabels.read(
            this.database,
            { projectId, groupTypeId, groupFilters: this.audience.groupFilters, breakdownKey },
            version,
          );
    const groupDays = await this.groupDays.read(
      this.database,
      { projectId, groupTypeId, eventType: spec.selection.eventType, range: spec.range },
      version.lastFoldId,
    );
    // Synchronously from here: the cache's rows are shared and change in place between awaits.
    return rollupFigures(groupDays, {
      range: spec.range,
      interval: spec.interval,
      measure: spec.measure,
      breakdownLimit: spec.breakdown?.limit ?? null,
      labels,
    });
  }
}
