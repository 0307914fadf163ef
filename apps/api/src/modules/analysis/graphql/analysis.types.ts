import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { BreakdownValueKind, CountedBy, Interval, Measure } from '../analysis-query';
import { LocalDayScalar } from '../../analytics/graphql/analytics-scalars';
import { DateRangeType, PageInfoType } from '../../analytics/graphql/group-summary.type';
import { AnalysisIntervalEnum, BreakdownValueKindEnum, CountedByEnum, MeasureEnum } from './analysis.enums';
import { MicroscopeIdentityType } from './microscope-identity.type';

@ObjectType('BreakdownValue', { description: 'Which part of a breakdown a row or series belongs to.' })
export class BreakdownValueType {
  @Field(() => BreakdownValueKindEnum, {
    description: 'VALUE (one of the top values, in `value`), OTHER (every other value) or NONE (property not set).',
  })
  kind!: BreakdownValueKind;

  @Field(() => String, { nullable: true, description: 'The value (as text) when kind is VALUE; null otherwise.' })
  value!: string | null;

  @Field(() => String, { description: 'What to show: the value, "(other)" or "(none)".' })
  label!: string;
}

@ObjectType('SeriesPoint', { description: "The series' value in one bucket." })
export class SeriesPointType {
  @Field(() => LocalDayScalar, { description: 'First day of the bucket.' })
  bucket!: string;

  @Field(() => Float, { description: 'The measure in the bucket (a count, or an average for AVERAGE).' })
  value!: number;
}

@ObjectType('SegmentationSeries', {
  description: 'One series of the chart: an event selection (and a breakdown value), its value per bucket.',
})
export class SegmentationSeriesType {
  @Field(() => Int, { description: 'Position of the event selection in the input (0-based).' })
  seriesIndex!: number;

  @Field(() => String, { nullable: true, description: 'Null: any event.' })
  eventType!: string | null;

  @Field(() => BreakdownValueType, { nullable: true, description: 'Null when the chart has no breakdown.' })
  breakdown!: BreakdownValueType | null;

  @Field(() => [SeriesPointType], { description: 'One point per bucket, zero where nothing matched.' })
  points!: SeriesPointType[];

  @Field(() => Float, {
    description: 'Over the whole range. Uniques are distinct over the range (not the sum of the points).',
  })
  total!: number;
}

@ObjectType('Segmentation', {
  description:
    'An event segmentation chart: one series per event selection (and per breakdown value), a value per bucket.',
})
export class SegmentationType {
  @Field(() => DateRangeType, { description: 'The days covered (inclusive, project-local).' })
  range!: DateRangeType;

  @Field(() => AnalysisIntervalEnum, { description: 'The bucket: DAY, WEEK or MONTH.' })
  interval!: Interval;

  @Field(() => CountedByEnum, { description: 'GROUPS, PEOPLE or EVENTS, as asked (default GROUPS).' })
  countedBy!: CountedBy;

  @Field(() => MeasureEnum, { description: 'UNIQUES, TOTALS, AVERAGE or NEW, as asked.' })
  measure!: Measure;

  @Field(() => String, { nullable: true, description: 'The group type used (the default one when none was named).' })
  groupType!: string | null;

  @Field(() => [LocalDayScalar], { description: 'First day of every bucket, in order.' })
  buckets!: string[];

  @Field(() => [SegmentationSeriesType], {
    description: 'One per (event selection, breakdown value): top values, then OTHER, then NONE.',
  })
  series!: SegmentationSeriesType[];
}

@ObjectType('CompositionRow', { description: 'One value of the property and how many groups hold it.' })
export class CompositionRowType {
  @Field(() => BreakdownValueType, { description: 'The value (kind VALUE), or NONE for groups without the property.' })
  breakdown!: BreakdownValueType;

  @Field(() => Int, { description: 'Groups holding this value.' })
  groups!: number;

  @Field(() => Int, { description: 'Distinct people of those groups (active in the range when there is one).' })
  people!: number;
}

@ObjectType('Composition', {
  description: 'How the groups of a type divide over the values of one group property (current values).',
})
export class CompositionType {
  @Field(() => String, { description: 'The group type counted.' })
  groupType!: string;

  @Field(() => String, { description: 'The group property the groups are divided by.' })
  property!: string;

  @Field(() => DateRangeType, {
    description: 'Only groups active in this range (inclusive project-local days); null: every group of the type.',
    nullable: true,
  })
  range!: DateRangeType | null;

  @Field(() => [CompositionRowType], {
    description: 'One row per value, most groups first; groups without the property are the NONE row.',
  })
  rows!: CompositionRowType[];

  @Field(() => Int, { description: 'Groups counted (the sum of the rows).' })
  totalGroups!: number;

  @Field(() => Int, { description: 'Distinct over all rows: a person of two groups counts once.' })
  totalPeople!: number;
}

@ObjectType('MicroscopeMember', { description: 'A group or a person behind a data point.' })
export class MicroscopeMemberType extends MicroscopeIdentityType {
  @Field(() => Int, { description: "Matching events of this member in the point (its share of the point's figure)." })
  events!: number;

  @Field(() => Int, { description: 'Distinct people behind those events.' })
  activePeople!: number;
}

@ObjectType('MicroscopeEdge')
export class MicroscopeEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => MicroscopeMemberType)
  node!: MicroscopeMemberType;
}

@ObjectType('MicroscopeConnection')
export class MicroscopeConnectionType {
  @Field(() => [MicroscopeEdgeType])
  edges!: MicroscopeEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Groups (or people) behind the point, over all pages.' })
  totalCount!: number;
}

@ObjectType('AnalysisNames', { description: 'Names a chart definition can use, as suggestions for a form.' })
export class AnalysisNamesType {
  @Field(() => [String], {
    description: 'Event types of the latest 20,000 events, by name (older ones are not listed but still work).',
  })
  eventTypes!: string[];

  @Field(() => [String], { description: 'Event property keys of the latest 20,000 events, by name.' })
  eventPropertyKeys!: string[];

  @Field(() => [String], { description: 'Every group property key the project has, by name.' })
  groupPropertyKeys!: string[];
}
