// Who a Microscope row is, shared by every chart's Microscope (segmentation points, funnel bars,
// retention cells): each list adds its own figures to these fields. type-graphql gives a decorated
// class's fields to the object types that extend it; no field returns this class itself, so it is
// not emitted as a type of its own.
import { Field, ID, ObjectType } from 'type-graphql';
import { MicroscopeMemberKindEnum } from './analysis.enums';

@ObjectType()
export abstract class MicroscopeIdentityType {
  @Field(() => MicroscopeMemberKindEnum, {
    description: "GROUP, or PERSON for a chart counted by people (counted by events, the event's person).",
  })
  kind!: 'GROUP' | 'PERSON';

  @Field(() => ID, { description: "Internal id of the group or person (stable; the list's order)." })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Groups: the group type (open the group with group(groupType, value)); null for a person.',
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

  @Field(() => String, {
    description: 'For a person: the user id the SDKs sent; null for a group or an anonymous person.',
    nullable: true,
  })
  userId!: string | null;

  @Field(() => String, {
    description: "For a person: their device id when known (an anonymous person's only id); null for a group.",
    nullable: true,
  })
  deviceId!: string | null;
}
