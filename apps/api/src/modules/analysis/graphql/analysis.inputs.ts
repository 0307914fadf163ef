// GraphQL inputs of the analysis API. They only carry the definition: analysis-query.ts checks it
// (one zod definition for GraphQL and saved charts), so limits and rules live in one place.
import { Field, InputType, Int } from 'type-graphql';
import type {
  BreakdownSource,
  BreakdownValueKind,
  CountedBy,
  Interval,
  Measure,
  PropertyOperator,
} from '../analysis-query';
import { DateRangeInput } from '../../analytics/graphql/group-analytics.inputs';
import { LocalDayScalar } from '../../analytics/graphql/analytics-scalars';
import {
  AnalysisIntervalEnum,
  BreakdownSourceEnum,
  BreakdownValueKindEnum,
  CountedByEnum,
  MeasureEnum,
  PropertyOperatorEnum,
} from './analysis.enums';

@InputType('PropertyFilterInput', { description: 'A condition on an event property or a current group property.' })
export class PropertyFilterInput {
  @Field(() => String, { description: 'The property key.' })
  key!: string;

  @Field(() => PropertyOperatorEnum, { description: 'How to compare (see PropertyOperator).' })
  operator!: PropertyOperator;

  @Field(() => String, { nullable: true, description: 'Required except for IS_SET and IS_NOT_SET.' })
  value?: string | null;
}

@InputType('EventSelectionInput', {
  description: 'One series: an event type (omit for any event) and event property filters.',
})
export class EventSelectionInput {
  @Field(() => String, { nullable: true, description: 'Omitted: any event. An unknown type gives an empty series.' })
  eventType?: string | null;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'All must hold (at most 20).' })
  filters?: PropertyFilterInput[] | null;
}

@InputType('BreakdownInput', {
  description:
    'How a chart splits its figures: by a property of the group or of the event, or into a cohort and the rest.',
})
export class BreakdownInput {
  @Field(() => BreakdownSourceEnum, { description: 'Where the breakdown value comes from (see BreakdownSource).' })
  source!: BreakdownSource;

  @Field(() => String, { description: 'The property key; for COHORT, the cohort id.' })
  key!: string;

  @Field(() => Int, { nullable: true, description: 'Top values shown (1–100, default 10); the rest are OTHER.' })
  limit?: number | null;
}

@InputType('SegmentationInput', { description: 'An event segmentation chart (the definition every analysis shares).' })
export class SegmentationInput {
  @Field(() => [EventSelectionInput], { description: 'One to ten series.' })
  series!: EventSelectionInput[];

  @Field(() => CountedByEnum, { nullable: true, description: 'Default GROUPS.' })
  countedBy?: CountedBy | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Group type counted, filtered on or broken down by. Default: the project's first group type with groups.",
  })
  groupType?: string | null;

  @Field(() => MeasureEnum, { nullable: true, description: 'Default UNIQUES.' })
  measure?: Measure | null;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Conditions on current group property values.' })
  groupFilters?: PropertyFilterInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Only the groups of this cohort (as of its last computation); it must hold groups of the chart's group type.",
  })
  cohortId?: number | null;

  @Field(() => BreakdownInput, {
    description: 'Split each series by a group or event property, or into a cohort and the rest; omitted: none.',
    nullable: true,
  })
  breakdown?: BreakdownInput | null;

  @Field(() => DateRangeInput, { description: 'Inclusive project-local days.' })
  range!: DateRangeInput;

  @Field(() => AnalysisIntervalEnum, { nullable: true, description: 'Default DAY.' })
  interval?: Interval | null;
}

@InputType('CompositionInput', { description: 'Groups (and their people) per value of a group property.' })
export class CompositionInput {
  @Field(() => String, { nullable: true, description: "Default: the project's first group type with groups." })
  groupType?: string | null;

  @Field(() => String, { description: 'The group property whose current values are counted.' })
  property!: string;

  @Field(() => DateRangeInput, {
    nullable: true,
    description: 'Groups active in the range (people active in it); omitted: all groups (everyone ever attributed).',
  })
  range?: DateRangeInput | null;

  @Field(() => [PropertyFilterInput], {
    description: 'Conditions on current group property values; only groups that pass them are counted.',
    nullable: true,
  })
  groupFilters?: PropertyFilterInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Only the groups of this cohort (as of its last computation); it must hold groups of the chart's group type.",
  })
  cohortId?: number | null;

  @Field(() => Int, { nullable: true, description: 'Top values shown (1–100, default 10); the rest are OTHER.' })
  limit?: number | null;
}

@InputType('BreakdownValueInput', {
  description: 'The part of a breakdown a point or cell belongs to, as a chart returned it (kind and value).',
})
export class BreakdownValueInput {
  @Field(() => BreakdownValueKindEnum, { description: 'VALUE (give `value`), OTHER or NONE.' })
  kind!: BreakdownValueKind;

  @Field(() => String, { nullable: true, description: 'Set exactly when kind is VALUE.' })
  value?: string | null;
}

@InputType('ChartPointInput', { description: 'One data point of a segmentation chart.' })
export class ChartPointInput {
  @Field(() => SegmentationInput, {
    description: 'The segmentation chart the point belongs to, exactly as it was asked.',
  })
  query!: SegmentationInput;

  @Field(() => Int, { description: 'Index of the series in query.series.' })
  seriesIndex!: number;

  @Field(() => LocalDayScalar, { description: "The bucket's first day, as the chart returned it." })
  bucket!: string;

  @Field(() => BreakdownValueInput, { nullable: true, description: 'Required when the chart has a breakdown.' })
  breakdown?: BreakdownValueInput | null;
}
