import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { TrendLabel, TrendMetric } from '@leadmaps/shared';
import { DateTimeScalar, LocalDayScalar } from './analytics-scalars';
import { TrendLabelEnum, TrendMetricEnum } from './group-analytics.enums';

@ObjectType('DateRange')
export class DateRangeType {
  @Field(() => LocalDayScalar)
  from!: string;

  @Field(() => LocalDayScalar)
  to!: string;

  @Field(() => Int)
  days!: number;
}

@ObjectType('Trend')
export class TrendType {
  @Field(() => TrendLabelEnum)
  label!: TrendLabel;

  @Field(() => TrendMetricEnum)
  metric!: TrendMetric;

  @Field(() => Int, { description: 'The metric in the range.' })
  current!: number;

  @Field(() => Int, { description: 'The metric in the previous range of equal length.' })
  previous!: number;

  @Field(() => Float, { nullable: true, description: 'Null when previous is 0.' })
  percentChange!: number | null;
}

@ObjectType('DailyPoint')
export class DailyPointType {
  @Field(() => LocalDayScalar)
  day!: string;

  @Field(() => Int)
  events!: number;

  @Field(() => Int)
  keyActions!: number;
}

@ObjectType('GroupSummary')
export class GroupSummaryType {
  @Field(() => String)
  groupType!: string;

  @Field(() => String)
  value!: string;

  @Field(() => String, { description: "The group type's name property, else the value." })
  name!: string;

  @Field(() => Int, { description: 'Distinct users active in the range attributed to the group.' })
  activePeople!: number;

  @Field(() => Int, { description: 'Every user ever attributed to the group.' })
  peopleOnRecord!: number;

  @Field(() => Int)
  events!: number;

  @Field(() => Int)
  keyActions!: number;

  @Field(() => Int)
  sessions!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  lastSeen!: Date | null;

  @Field(() => TrendType)
  trend!: TrendType;

  @Field(() => Boolean)
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

  @Field(() => DateRangeType)
  range!: DateRangeType;

  @Field(() => DateRangeType)
  previousRange!: DateRangeType;
}
