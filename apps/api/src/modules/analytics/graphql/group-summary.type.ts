import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { TrendLabel, TrendMetric } from '@leadmaps/shared';
import { DateTimeScalar, LocalDayScalar } from './analytics-scalars';
import { TrendLabelEnum, TrendMetricEnum } from './group-analytics.enums';

@ObjectType('DateRange', { description: 'Inclusive project-local days.' })
export class DateRangeType {
  @Field(() => LocalDayScalar, { description: 'First day, in the project time zone.' })
  from!: string;

  @Field(() => LocalDayScalar, { description: 'Last day (included), in the project time zone.' })
  to!: string;

  @Field(() => Int, { description: 'Days in the range.' })
  days!: number;
}

@ObjectType('Trend', {
  description: "How a group's metric moved: the range against the previous range of equal length.",
})
export class TrendType {
  @Field(() => TrendLabelEnum, {
    description: 'Rising, steady, falling or falling sharply, from the change of the metric.',
  })
  label!: TrendLabel;

  @Field(() => TrendMetricEnum, {
    description: 'What the trend compares (key actions when the project has any, else events).',
  })
  metric!: TrendMetric;

  @Field(() => Int, { description: 'The metric in the range.' })
  current!: number;

  @Field(() => Int, { description: 'The metric in the previous range of equal length.' })
  previous!: number;

  @Field(() => Float, { nullable: true, description: 'Null when previous is 0.' })
  percentChange!: number | null;
}

@ObjectType('DailyPoint', { description: "A group's events on one project-local day." })
export class DailyPointType {
  @Field(() => LocalDayScalar, { description: 'A day in the project time zone.' })
  day!: string;

  @Field(() => Int, { description: 'Events attributed to the group that day.' })
  events!: number;

  @Field(() => Int, { description: 'Key-action events attributed to the group that day.' })
  keyActions!: number;
}

@ObjectType('GroupSummary', { description: "One row of the Groups page: a group's figures over the range." })
export class GroupSummaryType {
  @Field(() => String, { description: 'The group type, e.g. "account".' })
  groupType!: string;

  @Field(() => String, { description: 'The group value sent by the SDKs (the account id).' })
  value!: string;

  @Field(() => String, { description: "The group type's name property, else the value." })
  name!: string;

  @Field(() => Int, { description: 'Distinct users active in the range attributed to the group.' })
  activePeople!: number;

  @Field(() => Int, { description: 'Every user ever attributed to the group.' })
  peopleOnRecord!: number;

  @Field(() => Int, { description: 'Events attributed to the group in the range.' })
  events!: number;

  @Field(() => Int, { description: 'Events of the project key actions attributed to the group in the range.' })
  keyActions!: number;

  @Field(() => Int, { description: 'Distinct sessions with an event attributed to the group in the range.' })
  sessions!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Time of the last event attributed to the group (any time).',
  })
  lastSeen!: Date | null;

  @Field(() => TrendType, { description: 'The range against the previous range of equal length.' })
  trend!: TrendType;

  @Field(() => Boolean, {
    description: 'Falling from a meaningful level with its people going quiet or no recent activity (see riskReasons).',
  })
  atRisk!: boolean;

  @Field(() => [String], { description: 'Why the group is at risk, in words and numbers; empty when it is not.' })
  riskReasons!: string[];

  @Field(() => [DailyPointType], { description: 'One point per day of the range, zeros included.' })
  sparkline!: DailyPointType[];
}

@ObjectType('PageInfo', { description: 'Where a page of a connection stands (pages go forward with `after`).' })
export class PageInfoType {
  @Field(() => Boolean, { description: 'More rows follow: pass endCursor as `after`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'True when the page was asked for with `after`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;
}

@ObjectType('GroupEdge')
export class GroupEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => GroupSummaryType)
  node!: GroupSummaryType;
}

@ObjectType('GroupConnection')
export class GroupConnectionType {
  @Field(() => [GroupEdgeType])
  edges!: GroupEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Groups matching the filters, over all pages.' })
  totalCount!: number;

  @Field(() => DateRangeType, { description: 'The range the figures cover.' })
  range!: DateRangeType;

  @Field(() => DateRangeType, { description: 'The range the trend compares with.' })
  previousRange!: DateRangeType;
}
