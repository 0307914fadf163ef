import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { rangeLength } from '@leadmaps/shared';
import type { RequestContext } from '../../projects/request-context';
import { requireViewer } from '../../projects/request-context';
import type { BreakdownValue } from '../analysis-query';
import type { AnalysisService, MicroscopeMember } from '../analysis.service';
import { ChartPointInput, CompositionInput, SegmentationInput } from './analysis.inputs';
import {
  AnalysisNamesType,
  type BreakdownValueType,
  CompositionType,
  MicroscopeConnectionType,
  type MicroscopeMemberType,
  SegmentationType,
} from './analysis.types';

export type AnalysisRequestContext = RequestContext<{ analysis: AnalysisService }>;

export function breakdownLabel(value: BreakdownValue): string {
  if (value.kind === 'VALUE') return value.value!;
  return value.kind === 'NONE' ? '(none)' : '(other)';
}

const toBreakdownValue = (value: BreakdownValue): BreakdownValueType => ({ ...value, label: breakdownLabel(value) });
const toRange = (range: { from: string; to: string }) => ({ ...range, days: rangeLength(range) });
const toMember = (member: MicroscopeMember): MicroscopeMemberType => ({
  ...member,
  id: String(member.id),
  groupPath:
    member.groupType !== null && member.value !== null
      ? `/groups/${encodeURIComponent(member.groupType)}/${encodeURIComponent(member.value)}`
      : null,
});

@Resolver()
export class AnalysisResolver {
  @Authorized()
  @Query(() => SegmentationType, {
    description:
      'Event segmentation: one series per (event selection, breakdown value), a point per bucket and the range total.',
  })
  async segmentation(
    @Ctx() context: AnalysisRequestContext,
    @Arg('input', () => SegmentationInput, {
      description: 'The series, audience, measure, breakdown, range and interval.',
    })
    input: SegmentationInput,
  ): Promise<SegmentationType> {
    const { project } = requireViewer(context);
    const result = await context.services.analysis.segmentation(project, input);
    const { query } = result;
    return {
      range: toRange(query.range),
      interval: query.interval,
      countedBy: query.countedBy,
      measure: query.measure,
      groupType: result.groupType,
      buckets: result.buckets,
      series: result.series.map((series) => ({
        ...series,
        breakdown: series.breakdown ? toBreakdownValue(series.breakdown) : null,
      })),
    };
  }

  @Authorized()
  @Query(() => CompositionType, {
    description: 'Groups per current value of a group property (active in a range, or all), and their people.',
  })
  async composition(
    @Ctx() context: AnalysisRequestContext,
    @Arg('input', () => CompositionInput, { description: 'The group type, property, range and filters.' })
    input: CompositionInput,
  ): Promise<CompositionType> {
    const { project } = requireViewer(context);
    const result = await context.services.analysis.composition(project, input);
    return {
      groupType: result.groupType,
      property: result.query.property,
      range: result.query.range ? toRange(result.query.range) : null,
      rows: result.rows.map((row) => ({ ...row, breakdown: toBreakdownValue(row.breakdown) })),
      totalGroups: result.totalGroups,
      totalPeople: result.totalPeople,
    };
  }

  @Authorized()
  @Query(() => AnalysisNamesType, {
    description: "Event types, event property keys and group property keys to suggest in a chart's definition.",
  })
  async analysisNames(@Ctx() context: AnalysisRequestContext): Promise<AnalysisNamesType> {
    const { project } = requireViewer(context);
    return context.services.analysis.knownNames(project);
  }

  @Authorized()
  @Query(() => MicroscopeConnectionType, {
    description:
      'The groups (or people) behind one data point, most events first, paged by cursor. CSV of all of them: POST /analysis/microscope.csv with {"point": …}.',
  })
  async microscope(
    @Ctx() context: AnalysisRequestContext,
    @Arg('point', () => ChartPointInput, {
      description: 'The segmentation point: the chart, a series, a bucket (and the breakdown value, if any).',
    })
    point: ChartPointInput,
    @Arg('first', () => Int, { description: 'Page size (default 50, at most 200).', nullable: true, defaultValue: 50 })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<MicroscopeConnectionType> {
    const { project } = requireViewer(context);
    const page = await context.services.analysis.microscope(project, point, first, after);
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toMember(edge.node) })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: page.endCursor,
        hasPreviousPage: after !== null,
        startCursor: page.edges[0]?.cursor ?? null,
      },
      totalCount: page.totalCount,
    };
  }
}
