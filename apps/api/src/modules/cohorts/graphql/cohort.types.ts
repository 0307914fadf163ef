import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JsonScalar } from '../../analytics/graphql/analytics-scalars';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';

export enum CohortKind {
  BEHAVIORAL = 'BEHAVIORAL',
  STATIC = 'STATIC',
}
registerEnumType(CohortKind, {
  name: 'CohortKind',
  description: 'BEHAVIORAL: computed from a definition (kept current). STATIC: a list (imported or saved).',
});

@ObjectType('CohortMember', { description: 'A group of a cohort.' })
export class CohortMemberType {
  @Field(() => String, { description: 'The group value (the account id).' })
  value!: string;

  @Field(() => String, { description: "The group type's name property, else the value." })
  name!: string;

  @Field(() => DateTimeScalar, { description: 'When the group last entered the cohort.' })
  enteredAt!: Date;

  @Field(() => String, { description: "The group's page in the web app." })
  groupPath!: string;
}

@ObjectType('CohortMemberEdge')
export class CohortMemberEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => CohortMemberType)
  node!: CohortMemberType;
}

@ObjectType('CohortMemberConnection', { description: 'Members in group id order.' })
export class CohortMemberConnectionType {
  @Field(() => [CohortMemberEdgeType])
  edges!: CohortMemberEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Members over all pages (the cohort size).' })
  totalCount!: number;
}

@ObjectType('CohortSize', { description: 'The size of a cohort at one computation.' })
export class CohortSizeType {
  @Field(() => DateTimeScalar)
  computedAt!: Date;

  @Field(() => Int)
  size!: number;
}

@ObjectType('CohortMembershipChange', { description: 'A group entered or left the cohort.' })
export class CohortMembershipChangeType {
  @Field(() => String)
  value!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'True: entered; false: left.' })
  entered!: boolean;

  @Field(() => DateTimeScalar)
  changedAt!: Date;

  @Field(() => String)
  groupPath!: string;
}

@ObjectType('CohortMembershipChangeEdge')
export class CohortMembershipChangeEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => CohortMembershipChangeType)
  node!: CohortMembershipChangeType;
}

@ObjectType('CohortMembershipChangeConnection', { description: 'Newest first.' })
export class CohortMembershipChangeConnectionType {
  @Field(() => [CohortMembershipChangeEdgeType])
  edges!: CohortMembershipChangeEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@ObjectType('Cohort', { description: 'A cohort of groups of one group type.' })
export class CohortType {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The group type whose groups it holds.' })
  groupType!: string;

  @Field(() => CohortKind)
  kind!: CohortKind;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'The behavioural definition as checked and stored (null for a static cohort); see CreateCohortInput.',
  })
  definition!: unknown;

  @Field(() => Int, { description: 'Members as of computedAt.' })
  size!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the members were last computed (or imported).',
  })
  computedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The last scheduled recompute's error; null after a success." })
  lastError!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Field(() => String, { description: 'Where the members download as CSV (same authorisation as the API).' })
  csvPath!: string;
}

@ObjectType('CohortPreview', { description: 'What a definition would hold now; nothing is saved.' })
export class CohortPreviewType {
  @Field(() => Int)
  size!: number;

  @Field(() => [CohortMemberType], { description: 'The first members, in group id order.' })
  members!: CohortMemberType[];
}

@ObjectType('ImportedLine')
export class ImportedLineType {
  @Field(() => Int, { description: '1-based line number in the file.' })
  line!: number;

  @Field(() => String)
  text!: string;

  @Field(() => Int, { nullable: true, description: 'Ambiguous lines: how many groups share that name.' })
  matches?: number | null;

  @Field(() => Int, { nullable: true, description: 'Duplicate lines: the line the text first appeared on.' })
  firstLine?: number | null;
}

@ObjectType('CohortImportReport', { description: 'How each line of an imported file was matched.' })
export class CohortImportReportType {
  @Field(() => Int)
  lineCount!: number;

  @Field(() => Int, { description: 'Distinct lines that matched exactly one group.' })
  matchedCount!: number;

  @Field(() => [ImportedLineType], { description: 'Lines that matched no group by name or value.' })
  unmatchedLines!: ImportedLineType[];

  @Field(() => [ImportedLineType], { description: 'Lines whose name several groups share (not imported).' })
  ambiguousLines!: ImportedLineType[];

  @Field(() => [Int], { description: 'Blank lines (skipped).' })
  blankLines!: number[];

  @Field(() => [ImportedLineType], { description: 'Lines that repeat an earlier line (counted once).' })
  duplicateLines!: ImportedLineType[];
}

@ObjectType('ImportCohortResult')
export class ImportCohortResultType {
  @Field(() => CohortType)
  cohort!: CohortType;

  @Field(() => CohortImportReportType)
  report!: CohortImportReportType;
}

@InputType('CreateCohortInput', {
  description:
    'A behavioural cohort. definition: {groupType, combinator: AND|OR, conditions: [condition | {kind: GROUP, combinator, conditions: [condition]}]}; ' +
    'a condition is {kind: PERFORMED_EVENT, performed (false: did not), event: {eventType, filters}, comparison: AT_LEAST|AT_MOST, count, window: {lastDays} | {range: {from, to}}}, ' +
    '{kind: ACTIVE_PEOPLE, comparison, count, lastDays}, {kind: PROPERTY, filter: {key, operator, value}} or {kind: PROPERTY_EVER_HELD, filter}.',
})
export class CreateCohortInput {
  @Field(() => String)
  name!: string;

  @Field(() => JsonScalar)
  definition!: unknown;
}

@InputType('UpdateCohortInput', { description: 'Omitted fields stay; a new definition is recomputed at once.' })
export class UpdateCohortInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => JsonScalar, { nullable: true, description: 'Behavioural cohorts only.' })
  definition?: unknown;
}

@InputType('ImportCohortInput', {
  description:
    'A static cohort from a file: one group per line (name property first, then value); UTF-8, BOM and CRLF accepted, at most 100,000 lines.',
})
export class ImportCohortInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  groupType!: string;

  @Field(() => String, { description: "The file's text." })
  content!: string;
}
