import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JsonScalar, LocalDayScalar } from '../../analytics/graphql/analytics-scalars';
import { GroupDetailType } from '../../analytics/graphql/group-detail.type';
import { DateRangeType, PageInfoType } from '../../analytics/graphql/group-summary.type';
import type { EventRow } from '../queries/events-page.query';

@ObjectType('Event', { description: 'One stored event (identify calls are not events).' })
export class EventType {
  /** What the field resolvers need; not exposed. */
  readonly row: EventRow;

  constructor(row: EventRow) {
    this.row = row;
    this.id = String(row.id);
    this.eventType = row.eventType;
    this.time = row.time;
    this.sessionId = row.sessionId === null ? null : String(row.sessionId);
    this.insertId = row.insertId;
    this.properties = row.properties;
  }

  @Field(() => ID, { description: "leadmaps' own id of the event." })
  id: string;

  @Field(() => String, { description: 'The event type, e.g. "Report Created".' })
  eventType: string;

  @Field(() => DateTimeScalar, { description: 'When the event happened (the time the SDK sent).' })
  time: Date;

  @Field(() => String, { nullable: true, description: 'The session id the SDK sent.' })
  sessionId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The insert id (Amplitude) or message id (Segment) it was deduplicated by.',
  })
  insertId: string | null;

  @Field(() => JsonScalar, { description: 'Event properties.' })
  properties: Record<string, unknown>;
}

export enum GroupAttribution {
  EVENT_LEVEL = 'EVENT_LEVEL',
  USER_LEVEL = 'USER_LEVEL',
}

registerEnumType(GroupAttribution, {
  name: 'GroupAttribution',
  description: 'Why an event counts for a group.',
  valuesConfig: {
    EVENT_LEVEL: { description: 'The group was sent with the event (event-level group).' },
    USER_LEVEL: { description: "The person's user-level group of that type when the event arrived." },
  },
});

@ObjectType('EventGroup', { description: 'A group an event counts for.' })
export class EventGroupType {
  @Field(() => GroupDetailType, { description: 'The group.' })
  group!: GroupDetailType;

  @Field(() => GroupAttribution, { description: 'How the event came to count for it.' })
  attribution!: GroupAttribution;
}

@ObjectType('EventEdge')
export class EventEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => EventType)
  node!: EventType;
}

@ObjectType('EventConnection', {
  description: 'Events, newest first (by time, then id). No totalCount: counting raw events is not cheap.',
})
export class EventConnectionType {
  @Field(() => [EventEdgeType])
  edges!: EventEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@InputType('EventFilterInput', {
  description: "Which of a group's or person's events to list: event types and a time range.",
})
export class EventFilterInput {
  @Field(() => [String], { nullable: true, description: 'Only these event types (at most 100).' })
  eventTypes?: string[] | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'From this instant (inclusive).' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Up to this instant (exclusive).' })
  to?: Date | null;
}

@InputType('EventSearchInput', { description: 'EventFilterInput, narrowed to a group, a person or both.' })
export class EventSearchInput extends EventFilterInput {
  @Field(() => String, { nullable: true, description: 'With groupValue: only events attributed to that group.' })
  groupType?: string | null;

  @Field(() => String, { nullable: true, description: 'With groupType: the group value (the account id).' })
  groupValue?: string | null;

  @Field(() => String, { nullable: true, description: 'Only the events of the person with this user id.' })
  userId?: string | null;
}

@ObjectType('UserActivityDay', { description: "A person's events on one project-local day." })
export class UserActivityDayType {
  @Field(() => LocalDayScalar, { description: 'A day in the project time zone.' })
  day!: string;

  @Field(() => Int, { description: 'Their events that day.' })
  events!: number;
}

@ObjectType('UserActivity', { description: 'What a person did over a range of project-local days, from their events.' })
export class UserActivityType {
  @Field(() => DateRangeType, { description: 'The range, in project-local days.' })
  range!: DateRangeType;

  @Field(() => Int, { description: 'Their events in the range.' })
  events!: number;

  @Field(() => Int, { description: 'Days with at least one event.' })
  activeDays!: number;

  @Field(() => Int, { description: 'Distinct sessions.' })
  sessions!: number;

  @Field(() => Int, { description: 'Distinct event types.' })
  eventTypes!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Their last event in the range.' })
  lastEventAt!: Date | null;

  /** The person, for `daily`; not exposed. */
  personId!: bigint;
}
