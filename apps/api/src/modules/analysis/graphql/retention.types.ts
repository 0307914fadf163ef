import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { CountedBy, Interval } from '../analysis-query';
import { LocalDayScalar } from '../../analytics/graphql/analytics-scalars';
import { DateRangeType, PageInfoType } from '../../analytics/graphql/group-summary.type';
import { AnalysisIntervalEnum, CountedByEnum } from './analysis.enums';
import { BreakdownValueType } from './analysis.types';
import { MicroscopeIdentityType } from './microscope-identity.type';

@ObjectType('RetentionCell', { description: 'One cell: the units of a birth period retained at one offset.' })
export class RetentionCellType {
  @Field(() => Int, { description: 'k: periods after the birth period (0 is the birth period).' })
  offset!: number;

  @Field(() => LocalDayScalar, { description: 'First day of period p + k.' })
  period!: string;

  @Field(() => Boolean, {
    description: 'True once the period has ended (its last day is before today, project-local).',
  })
  complete!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Units born in the cohort with a matching return event in the period; null while not complete.',
  })
  retained!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'retained / born × 100; null while not complete or when nobody was born.',
  })
  percentage!: number | null;
}

@ObjectType('RetentionCohort', { description: 'The units born in one period, and their cells.' })
export class RetentionCohortType {
  @Field(() => LocalDayScalar, { description: 'First day of the birth period.' })
  period!: string;

  @Field(() => Int, { description: 'Units whose first start event in the range falls in this period.' })
  born!: number;

  @Field(() => [RetentionCellType], { description: 'Offsets 0 to periods.' })
  cells!: RetentionCellType[];
}

@ObjectType('RetentionCurvePoint', {
  description:
    'The averaged curve at one offset: weighted by cohort size over the cohorts with births whose cell at this offset is complete.',
})
export class RetentionCurvePointType {
  @Field(() => Int, { description: 'Periods after birth (0: the birth period itself).' })
  offset!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Σ retained / Σ born × 100; null when no cohort is complete yet.',
  })
  percentage!: number | null;

  @Field(() => Int, { description: 'Σ retained over the cohorts counted.' })
  retained!: number;

  @Field(() => Int, { description: 'Σ born over the cohorts counted.' })
  born!: number;

  @Field(() => Int, { description: 'How many cohorts are counted.' })
  cohorts!: number;
}

@ObjectType('RetentionTable', {
  description: 'One table: its cohorts and averaged curve (the whole audience, or one breakdown value).',
})
export class RetentionTableType {
  @Field(() => BreakdownValueType, { nullable: true, description: 'Null: the table of all units.' })
  breakdown!: BreakdownValueType | null;

  @Field(() => Int, { description: 'Units born in the range (sum over cohorts).' })
  born!: number;

  @Field(() => [RetentionCohortType], { description: 'One per period of the range, in order.' })
  cohorts!: RetentionCohortType[];

  @Field(() => [RetentionCurvePointType], { description: 'The averaged curve, one point per offset (0 to periods).' })
  curve!: RetentionCurvePointType[];
}

@ObjectType('Retention', {
  description: 'A retention table: units born per period and how many return in each later period.',
})
export class RetentionType {
  @Field(() => DateRangeType, { description: 'The days in which units can be born (inclusive, project-local).' })
  range!: DateRangeType;

  @Field(() => AnalysisIntervalEnum, { description: 'The period length: DAY, WEEK (from Monday) or MONTH.' })
  interval!: Interval;

  @Field(() => Int, { description: 'How many periods after birth each cohort is followed (offsets 0 to periods).' })
  periods!: number;

  @Field(() => CountedByEnum, { description: 'GROUPS or PEOPLE, as asked (default GROUPS).' })
  countedBy!: CountedBy;

  @Field(() => String, { nullable: true, description: 'The group type used (the default one when none was named).' })
  groupType!: string | null;

  @Field(() => LocalDayScalar, {
    description: "Today in the project's time zone: return events count up to the day before.",
  })
  today!: string;

  @Field(() => RetentionTableType, { description: 'All units.' })
  total!: RetentionTableType;

  @Field(() => [RetentionTableType], {
    description:
      "One per breakdown value: top values, then OTHER, then NONE. Counted by groups, a group is in its current value's table; counted by people, each table follows a person through the events attributed to groups with that value (events without a group are NONE).",
  })
  breakdowns!: RetentionTableType[];
}

@ObjectType('RetentionMember', { description: 'A group or person of a retention cell.' })
export class RetentionMemberType extends MicroscopeIdentityType {
  @Field(() => LocalDayScalar, { description: 'Day of the first start event in the range.' })
  bornOn!: string;

  @Field(() => Int, { description: "Matching return events in the cell's period (0 for lost units)." })
  returnEvents!: number;
}

@ObjectType('RetentionMemberEdge')
export class RetentionMemberEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => RetentionMemberType)
  node!: RetentionMemberType;
}

@ObjectType('RetentionMemberConnection')
export class RetentionMemberConnectionType {
  @Field(() => [RetentionMemberEdgeType])
  edges!: RetentionMemberEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'How many units the cell lists (every page).' })
  totalCount!: number;
}
