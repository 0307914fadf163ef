import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateRangeType } from './group-summary.type';

@ObjectType('AccountReport', { description: 'How the accounts of one group type are doing over a range.' })
export class AccountReportType {
  @Field(() => DateRangeType)
  range!: DateRangeType;

  @Field(() => DateRangeType)
  previousRange!: DateRangeType;

  @Field(() => Int, { description: 'Groups of the type ever seen.' })
  accounts!: number;

  @Field(() => Int, { description: 'Groups with at least one event in the range.' })
  active!: number;

  @Field(() => Int)
  new!: number;

  @Field(() => Int)
  rising!: number;

  @Field(() => Int)
  steady!: number;

  @Field(() => Int)
  falling!: number;

  @Field(() => Int)
  fallingSharply!: number;

  @Field(() => Int)
  atRisk!: number;

  @Field(() => Float)
  averageActivePeoplePerActiveAccount!: number;

  @Field(() => Int)
  minUsers!: number;

  @Field(() => Int)
  accountsWithAtLeastMinUsers!: number;

  @Field(() => Int)
  totalEvents!: number;

  @Field(() => Int)
  totalKeyActions!: number;

  @Field(() => Int, {
    description: 'Distinct people active in any group of the type (a person in two accounts counts once).',
  })
  totalActivePeople!: number;
}

@ObjectType('GroupTypeInfo')
export class GroupTypeInfoType {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  displaySingular!: string;

  @Field(() => String)
  displayPlural!: string;

  @Field(() => String)
  nameProperty!: string;

  @Field(() => Int)
  groupCount!: number;
}

@ObjectType('IngestOverview', { description: 'Counts for empty states.' })
export class IngestOverviewType {
  @Field(() => Int)
  people!: number;

  @Field(() => Int)
  peopleWithoutGroup!: number;

  @Field(() => Int)
  groups!: number;

  @Field(() => Int, {
    description: 'Events stored, counted up to 100,000 (enough to tell an empty project from a live one).',
  })
  events!: number;
}
