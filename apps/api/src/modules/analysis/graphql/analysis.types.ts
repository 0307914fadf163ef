import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { BreakdownValueKind, CountedBy, Interval, Measure } from '../analysis-query';
import { LocalDayScalar } from '../../analytics/graphql/analytics-scalars';
import { DateRangeType, PageInfoType } from '../../analytics/graphql/group-summary.type';
import {
  AnalysisIntervalEnum,
  BreakdownValueKindEnum,
  CountedByEnum,
  MeasureEnum,
  MicroscopeMemberKindEnum,
} from './analysis.enums';

@ObjectType('BreakdownValue')
export class BreakdownValueType {
  @Field(() => BreakdownValueKindEnum)
  kind!: BreakdownValueKind;

  @Field(() => String, { nullable: true, description: 'The value (as text) when kind is VALUE; null otherwise.' })
  value!: string | null;

  @Field(() => String, { description: 'What to show: the value, "(other)" or "(none)".' })
  label!: string;
}

@ObjectType('SeriesPoint')
export class SeriesPointType {
  @Field(() => LocalDayScalar, { description: 'First day of the bucket.' })
  bucket!: string;

  @Field(() => Float)
  value!: number;
}

@ObjectType('SegmentationSeries')
export class SegmentationSeriesType {
  @Field(() => Int)
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

@ObjectType('Segmentation')
export class SegmentationType {
  @Field(() => DateRangeType)
  range!: DateRangeType;

  @Field(() => AnalysisIntervalEnum)
  interval!: Interval;

  @Field(() => CountedByEnum)
  countedBy!: CountedBy;

  @Field(() => MeasureEnum)
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

@ObjectType('CompositionRow')
export class CompositionRowType {
  @Field(() => BreakdownValueType)
  breakdown!: BreakdownValueType;

  @Field(() => Int)
  groups!: number;

  @Field(() => Int, { description: 'Distinct people of those groups (active in the range when there is one).' })
  people!: number;
}

@ObjectType('Composition')
export class CompositionType {
  @Field(() => String)
  groupType!: string;

  @Field(() => String)
  property!: string;

  @Field(() => DateRangeType, { nullable: true })
  range!: DateRangeType | null;

  @Field(() => [CompositionRowType])
  rows!: CompositionRowType[];

  @Field(() => Int)
  totalGroups!: number;

  @Field(() => Int, { description: 'Distinct over all rows: a person of two groups counts once.' })
  totalPeople!: number;
}

@ObjectType('MicroscopeMember', { description: 'A group or a person behind a data point.' })
export class MicroscopeMemberType {
  @Field(() => MicroscopeMemberKindEnum)
  kind!: 'GROUP' | 'PERSON';

  @Field(() => ID, { description: 'Internal id of the group or person.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Groups: the group type (open the group with group(groupType, value)).',
  })
  groupType!: string | null;

  @Field(() => String, { nullable: true, description: "Groups: the group's value." })
  value!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Groups: the path of the group's page in the web app (/groups/<type>/<value>).",
  })
  groupPath!: string | null;

  @Field(() => String, { description: 'Groups: display name; people: user id, else device id.' })
  name!: string;

  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  deviceId!: string | null;

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
