import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { CountedBy } from '../analysis-query';
import { DateTimeScalar } from '../../analytics/graphql/analytics-scalars';
import { DateRangeType, PageInfoType } from '../../analytics/graphql/group-summary.type';
import { CountedByEnum } from './analysis.enums';
import { BreakdownValueType } from './analysis.types';
import { MicroscopeIdentityType } from './microscope-identity.type';

@ObjectType('FunnelStep', { description: 'The figures of one step.' })
export class FunnelStepType {
  @Field(() => Int, { description: '1 = the first step.' })
  step!: number;

  @Field(() => String, { nullable: true, description: "The step's event type; null: any event." })
  eventType!: string | null;

  @Field(() => Int, { description: 'Units that reached at least this step.' })
  count!: number;

  @Field(() => Float, { description: 'count / count of the previous step (first step: 1, or 0 when nobody did it).' })
  conversionFromPrevious!: number;

  @Field(() => Float, { description: 'count / count of the first step (first step: 1, or 0 when nobody did it).' })
  conversionFromFirst!: number;

  @Field(() => Int, { description: 'Units that reached the previous step and not this one (0 for the first).' })
  droppedFromPrevious!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Median seconds from the previous step, over the units that reached this step, on each unit's measured chain: the chain with the earliest first event among those that reach the unit's furthest step, every step at the earliest time it can be. Even counts: the mean of the two middle values. Null for the first step or when no unit reached it.",
  })
  medianSecondsFromPrevious!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average of the same durations.' })
  averageSecondsFromPrevious!: number | null;
}

@ObjectType('FunnelBreakdown', { description: 'The funnel of the units under one breakdown value.' })
export class FunnelBreakdownType {
  @Field(() => BreakdownValueType, {
    description: "The breakdown value (VALUE, OTHER or NONE; for COHORT, VALUE 'in cohort' or 'rest').",
  })
  breakdown!: BreakdownValueType;

  @Field(() => [FunnelStepType], { description: "The steps of this breakdown value's funnel, in order." })
  steps!: FunnelStepType[];
}

@ObjectType('Funnel', {
  description: "A funnel's figures: each step's count and conversion, overall and per breakdown value.",
})
export class FunnelType {
  @Field(() => DateRangeType, { description: 'The days whose events count (inclusive, project-local).' })
  range!: DateRangeType;

  @Field(() => CountedByEnum, { description: 'GROUPS or PEOPLE, as asked (default GROUPS).' })
  countedBy!: CountedBy;

  @Field(() => String, { nullable: true, description: 'The group type used (the default one when none was named).' })
  groupType!: string | null;

  @Field(() => Int, { description: 'The conversion window in seconds.' })
  windowSeconds!: number;

  @Field(() => [FunnelStepType], { description: 'Every step over all units.' })
  steps!: FunnelStepType[];

  @Field(() => [FunnelBreakdownType], {
    description: 'Per breakdown value (top values, then OTHER, then NONE); empty without a breakdown.',
  })
  breakdowns!: FunnelBreakdownType[];
}

@ObjectType('FunnelChainEvent', { description: 'One event of the measured chain: which step, when, and who did it.' })
export class FunnelChainEventType {
  @Field(() => Int, { description: 'The step (1-based) this event matched in the chain.' })
  step!: number;

  @Field(() => DateTimeScalar, { description: 'When the event happened.' })
  time!: Date;

  @Field(() => ID, { description: "The event's id." })
  eventId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Internal id of the person who did it (User.id); null for organisation-level events.',
  })
  personId!: string | null;

  @Field(() => String, { nullable: true, description: 'The person who did it; null for organisation-level events.' })
  userId!: string | null;

  @Field(() => String, {
    description:
      "Device id of the person who did it, when known (an anonymous person's only id); null for an organisation-level event.",
    nullable: true,
  })
  deviceId!: string | null;
}

@ObjectType('FunnelMicroscopeMember', { description: 'A group or person behind a funnel bar, with its chain.' })
export class FunnelMicroscopeMemberType extends MicroscopeIdentityType {
  @Field(() => Int, { description: 'The furthest step reached.' })
  furthestStep!: number;

  @Field(() => [FunnelChainEventType], {
    description:
      'The measured chain (see FunnelStep.medianSecondsFromPrevious): which member did which step, and when.',
  })
  chain!: FunnelChainEventType[];
}

@ObjectType('FunnelMicroscopeEdge')
export class FunnelMicroscopeEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => FunnelMicroscopeMemberType)
  node!: FunnelMicroscopeMemberType;
}

@ObjectType('FunnelMicroscopeConnection')
export class FunnelMicroscopeConnectionType {
  @Field(() => [FunnelMicroscopeEdgeType])
  edges!: FunnelMicroscopeEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'How many units are behind the bar (every page).' })
  totalCount!: number;
}
