import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JsonScalar } from '../../analytics/graphql/analytics-scalars';
import { GroupDetailType } from '../../analytics/graphql/group-detail.type';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';
import type { PersonRow } from '../queries/people.query';

@ObjectType('User', { description: 'A person: identified by a user id, or anonymous by a device.' })
export class UserType {
  /** What the field resolvers need; not exposed. */
  readonly person: PersonRow;

  constructor(person: PersonRow) {
    this.person = person;
    this.id = String(person.id);
    this.userId = person.userId;
    this.deviceIds = person.deviceId === null ? [] : [person.deviceId];
    this.properties = person.properties;
    this.firstSeen = person.firstSeen;
    this.lastSeen = person.lastSeen;
  }

  @Field(() => ID, { description: "leadmaps' own id of the person (stable; not the SDK's user id)." })
  id: string;

  @Field(() => String, { nullable: true, description: 'The user id the SDKs sent; null for an anonymous person.' })
  userId: string | null;

  @Field(() => [String], { description: 'Devices on record for the person: the last device seen, when any.' })
  deviceIds: string[];

  @Field(() => JsonScalar, { description: 'User properties (identify calls, user traits).' })
  properties: Record<string, unknown>;

  @Field(() => DateTimeScalar, { description: 'Time of their first event.' })
  firstSeen: Date;

  @Field(() => DateTimeScalar, { description: 'Time of their last event.' })
  lastSeen: Date;
}

export enum MembershipKind {
  USER_LEVEL = 'USER_LEVEL',
  EVENT_LEVEL = 'EVENT_LEVEL',
}

registerEnumType(MembershipKind, {
  name: 'MembershipKind',
  description: 'How a person belongs to a group.',
  valuesConfig: {
    USER_LEVEL: { description: "The person's current user-level group of its type (set by identify / setGroup)." },
    EVENT_LEVEL: {
      description:
        'Through events only: event-level groups, or a user-level group the person held before a later identify moved them.',
    },
  },
});

@ObjectType('Membership', { description: 'A group a person belongs to, and their activity in it.' })
export class MembershipType {
  @Field(() => GroupDetailType, { description: 'The group.' })
  group!: GroupDetailType;

  @Field(() => MembershipKind, {
    description: 'USER_LEVEL: their current user-level group of its type; EVENT_LEVEL: through events only.',
  })
  kind!: MembershipKind;

  @Field(() => DateTimeScalar, {
    description: 'User-level: when the identify set the group. Event-level: their first event in the group.',
  })
  since!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Their last event in the group; null before any.' })
  lastActivity!: Date | null;

  @Field(() => Int, { description: 'Their events attributed to the group, all time.' })
  events!: number;
}

@ObjectType('UserEdge')
export class UserEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => UserType)
  node!: UserType;
}

@ObjectType('UserConnection', { description: 'People, most recently seen first.' })
export class UserConnectionType {
  /** The search the page answered, for totalCount; not exposed. */
  search!: string | null;

  @Field(() => [UserEdgeType])
  edges!: UserEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@ObjectType('GroupMemberEdge', { description: 'A person of a group, with their activity in that group.' })
export class GroupMemberEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => UserType)
  node!: UserType;

  @Field(() => DateTimeScalar, { description: 'Their first event in the group.' })
  firstSeen!: Date;

  @Field(() => DateTimeScalar, { description: 'Their last event in the group.' })
  lastSeen!: Date;

  @Field(() => Int, { description: 'Their events attributed to the group, all time.' })
  events!: number;
}

@ObjectType('GroupMemberConnection', {
  description: 'Everyone ever attributed to a group, most recently active in it first.',
})
export class GroupMemberConnectionType {
  @Field(() => [GroupMemberEdgeType])
  edges!: GroupMemberEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'People on record in the group, over all pages.' })
  totalCount!: number;
}
