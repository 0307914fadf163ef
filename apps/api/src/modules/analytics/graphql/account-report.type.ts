import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateRangeType } from './group-summary.type';

@ObjectType('AccountReport', { description: 'How the accounts of one group type are doing over a range.' })
export class AccountReportType {
  @Field(() => DateRangeType, { description: 'The range the figures cover.' })
  range!: DateRangeType;

  @Field(() => DateRangeType, { description: 'The range the trends compare with.' })
  previousRange!: DateRangeType;

  @Field(() => Int, { description: 'Groups of the type ever seen.' })
  accounts!: number;

  @Field(() => Int, { description: 'Groups with at least one event in the range.' })
  active!: number;

  @Field(() => Int, { description: 'Groups whose trend is NEW: active in the range, not in the previous one.' })
  new!: number;

  @Field(() => Int, { description: 'Groups whose trend is RISING.' })
  rising!: number;

  @Field(() => Int, { description: 'Groups whose trend is STEADY.' })
  steady!: number;

  @Field(() => Int, { description: 'Groups whose trend is FALLING.' })
  falling!: number;

  @Field(() => Int, { description: 'Groups whose trend is FALLING_SHARPLY.' })
  fallingSharply!: number;

  @Field(() => Int, { description: 'Groups at risk (as the atRisk of a GroupSummary).' })
  atRisk!: number;

  @Field(() => Float, { description: 'Active people per group with an event in the range, on average.' })
  averageActivePeoplePerActiveAccount!: number;

  @Field(() => Int, { description: 'The minUsers asked for.' })
  minUsers!: number;

  @Field(() => Int, { description: 'Groups with at least minUsers active people in the range.' })
  accountsWithAtLeastMinUsers!: number;

  @Field(() => Int, {
    description: 'Events attributed to the groups of the type in the range (an event in two groups counts twice).',
  })
  totalEvents!: number;

  @Field(() => Int, { description: 'Key-action events attributed to the groups of the type in the range.' })
  totalKeyActions!: number;

  @Field(() => Int, {
    description: 'Distinct people active in any group of the type (a person in two accounts counts once).',
  })
  totalActivePeople!: number;
}

@ObjectType('GroupTypeInfo', {
  description: 'A group type of the project (one of up to five), with its display names.',
})
export class GroupTypeInfoType {
  @Field(() => Int, { description: "The group type's number in the project (0 to 4)." })
  id!: number;

  @Field(() => String, { description: 'The name the SDKs send, e.g. "company".' })
  name!: string;

  @Field(() => String, { description: 'What to call one group in the web app, e.g. "Company".' })
  displaySingular!: string;

  @Field(() => String, { description: 'What to call several, e.g. "Companies".' })
  displayPlural!: string;

  @Field(() => String, { description: "The group property that holds a group's name." })
  nameProperty!: string;

  @Field(() => Int, { description: 'Groups of the type ever seen.' })
  groupCount!: number;
}

@ObjectType('IngestOverview', { description: 'Counts for empty states.' })
export class IngestOverviewType {
  @Field(() => Int, { description: 'People on record in the project.' })
  people!: number;

  @Field(() => Int, { description: 'People never attributed to any group.' })
  peopleWithoutGroup!: number;

  @Field(() => Int, { description: 'Groups on record, all types.' })
  groups!: number;

  @Field(() => Int, {
    description: 'Events stored, counted up to 100,000 (enough to tell an empty project from a live one).',
  })
  events!: number;
}
