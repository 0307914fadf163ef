import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { GroupDetail } from '../group-detail.service';
import { DateTimeScalar, JsonScalar, LocalDayScalar } from './analytics-scalars';
import { GroupSummaryType } from './group-summary.type';

@ObjectType('PropertyChange')
export class PropertyChangeType {
  @Field(() => String)
  key!: string;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'The value after the change; null when the property was removed.',
  })
  value!: unknown;

  @Field(() => String)
  operation!: string;

  @Field(() => String)
  source!: string;

  @Field(() => DateTimeScalar)
  changedAt!: Date;
}

@ObjectType('GroupPerson')
export class GroupPersonType {
  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  deviceId!: string | null;

  @Field(() => Int, { description: 'Events in the range attributed to this group.' })
  events!: number;

  @Field(() => Int, { description: 'Days in the range with at least one such event.' })
  activeDays!: number;

  @Field(() => DateTimeScalar)
  firstSeen!: Date;

  @Field(() => DateTimeScalar)
  lastSeen!: Date;
}

@ObjectType('ActivityPoint')
export class ActivityPointType {
  @Field(() => LocalDayScalar, { description: 'The day, or the Monday starting the week.' })
  start!: string;

  @Field(() => Int)
  events!: number;

  @Field(() => Int)
  keyActions!: number;

  @Field(() => Int)
  activePeople!: number;
}

@ObjectType('WeeklyActiveUsers')
export class WeeklyActiveUsersType {
  @Field(() => LocalDayScalar)
  weekStart!: string;

  @Field(() => Int)
  users!: number;
}

@ObjectType('RetentionRow')
export class RetentionRowType {
  @Field(() => LocalDayScalar, {
    description: 'Monday of the week in which these people were first active in the group.',
  })
  cohortWeek!: string;

  @Field(() => Int)
  size!: number;

  @Field(() => [Float], { description: 'retained[n] = share of the cohort active n weeks later.' })
  retained!: number[];
}

@ObjectType('RecentEvent')
export class RecentEventType {
  @Field(() => String)
  eventType!: string;

  @Field(() => DateTimeScalar)
  time!: Date;

  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => JsonScalar, { nullable: true })
  properties!: unknown;

  @Field(() => String, { description: '"event" (event-level group) or "user" (the user-level group at ingest).' })
  attribution!: string;
}

@ObjectType('GroupDetail')
export class GroupDetailType {
  /** What the field resolvers need; not exposed. */
  detail!: GroupDetail;

  @Field(() => GroupSummaryType)
  summary!: GroupSummaryType;

  @Field(() => JsonScalar)
  properties!: Record<string, unknown>;
}
