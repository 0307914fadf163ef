import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType('Project', { description: 'The project (tenant) the API key belongs to.' })
export class ProjectType {
  @Field(() => Int, { description: 'The project number.' })
  id!: number;

  @Field(() => String, { description: 'The project name.' })
  name!: string;

  @Field(() => String, { description: 'IANA time zone used for day boundaries in every figure.' })
  timeZone!: string;

  @Field(() => [String], { description: 'Event types counted as key actions.' })
  keyActions!: string[];

  @Field(() => Float, { description: 'A change within ± this percentage is "steady".' })
  trendSteadyPercent!: number;

  @Field(() => Float, { description: 'A change at or below this (negative) percentage is "falling sharply".' })
  trendSharpPercent!: number;

  @Field(() => String, { description: 'The trait of a Segment `group` call that names the group type.' })
  segmentGroupTypeTrait!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The trait of a Segment `group` call that holds the group key; null: `groupId` does.',
  })
  segmentGroupValueTrait!: string | null;

  @Field(() => String, { nullable: true, description: 'Ingest key for SDKs. Only returned to the secret key.' })
  ingestKey!: string | null;
}
