import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { GroupDetail } from '../group-detail.service';
import { DateTimeScalar, JsonScalar, LocalDayScalar } from './analytics-scalars';
import { displayName } from '../../groups/group-property.service';

@ObjectType('PropertyChange', { description: 'One change of one group property, as recorded in the property history.' })
export class PropertyChangeType {
  @Field(() => String, { description: 'The property changed.' })
  key!: string;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'The value after the change; null when the property was removed.',
  })
  value!: unknown;

  @Field(() => String, { description: 'What was done: set, set once, unset, add, append, … (the SDK operation).' })
  operation!: string;

  @Field(() => String, { description: 'Who made the change: ingest, identify, salesforce or dynamic.' })
  source!: string;

  @Field(() => DateTimeScalar, { description: 'When the change happened (the time of the event that carried it).' })
  changedAt!: Date;
}

@ObjectType('GroupPerson', { description: 'A person of a group and their activity in it over the range.' })
export class GroupPersonType {
  @Field(() => String, { nullable: true, description: 'The user id the SDKs sent; null for an anonymous person.' })
  userId!: string | null;

  @Field(() => String, { nullable: true, description: 'Their last device, for an anonymous person.' })
  deviceId!: string | null;

  @Field(() => Int, { description: 'Events in the range attributed to this group.' })
  events!: number;

  @Field(() => Int, { description: 'Days in the range with at least one such event.' })
  activeDays!: number;

  @Field(() => DateTimeScalar, { description: 'Their first event in the group.' })
  firstSeen!: Date;

  @Field(() => DateTimeScalar, { description: 'Their last event in the group.' })
  lastSeen!: Date;
}

@ObjectType('ActivityPoint', { description: "A group's activity in one bucket (day or week) of the range." })
export class ActivityPointType {
  @Field(() => LocalDayScalar, { description: 'The day, or the Monday starting the week.' })
  start!: string;

  @Field(() => Int, { description: 'Events attributed to the group in the bucket.' })
  events!: number;

  @Field(() => Int, { description: 'Events of the project key actions in the bucket.' })
  keyActions!: number;

  @Field(() => Int, { description: 'Distinct people with an event in the group in the bucket.' })
  activePeople!: number;
}

@ObjectType('WeeklyActiveUsers', { description: 'Distinct people active in a group in one week.' })
export class WeeklyActiveUsersType {
  @Field(() => LocalDayScalar, { description: 'Monday of the week, in the project time zone.' })
  weekStart!: string;

  @Field(() => Int, { description: 'Distinct people with an event in the group that week.' })
  users!: number;
}

@ObjectType('RetentionRow', {
  description: 'People first active in a group in one week and the share still active in later weeks.',
})
export class RetentionRowType {
  @Field(() => LocalDayScalar, {
    description: 'Monday of the week in which these people were first active in the group.',
  })
  cohortWeek!: string;

  @Field(() => Int, { description: 'People first active in the group that week.' })
  size!: number;

  @Field(() => [Float], { description: 'retained[n] = share of the cohort active n weeks later.' })
  retained!: number[];
}

@ObjectType('RecentEvent', { description: "One of a group's latest events." })
export class RecentEventType {
  @Field(() => String, { description: 'The event type.' })
  eventType!: string;

  @Field(() => DateTimeScalar, { description: 'When the event happened.' })
  time!: Date;

  @Field(() => String, { nullable: true, description: 'Who did it; null for an organisation-level event.' })
  userId!: string | null;

  @Field(() => JsonScalar, { nullable: true, description: 'The event properties.' })
  properties!: unknown;

  @Field(() => String, { description: '"event" (event-level group) or "user" (the user-level group at ingest).' })
  attribution!: string;
}

// Named GroupDetail until the domain API (issue #17) made it the one Group type: reached by
// `group(groupType, value)`, from a list's rows, from a person's memberships and from an event.
@ObjectType('Group', {
  description: 'A group (an account, a workspace): its identity, figures, people, events and properties.',
})
export class GroupDetailType {
  /** What the field resolvers need; not exposed. */
  readonly detail: GroupDetail;

  constructor(detail: GroupDetail) {
    this.detail = detail;
    this.groupType = detail.groupType.name;
    this.value = detail.group.value;
    this.name = displayName(detail.group.properties, detail.groupType.nameProperty, detail.group.value);
    this.properties = detail.group.properties;
    this.firstSeen = detail.group.firstSeen;
    this.lastSeen = detail.group.lastSeen;
  }

  @Field(() => String, { description: 'The group type, e.g. "account".' })
  groupType: string;

  @Field(() => String, { description: 'The group value sent by the SDKs (the account id).' })
  value: string;

  @Field(() => String, { description: "The group type's name property, else the value." })
  name: string;

  @Field(() => JsonScalar, {
    description: 'Current properties as one JSON object; `propertyList` has them typed, with their source and history.',
  })
  properties: Record<string, unknown>;

  @Field(() => DateTimeScalar, { description: 'Time of the first event attributed to the group.' })
  firstSeen: Date;

  @Field(() => DateTimeScalar, { description: 'Time of the last event attributed to the group.' })
  lastSeen: Date;
}
