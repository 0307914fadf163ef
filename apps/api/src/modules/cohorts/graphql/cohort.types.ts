import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JsonScalar } from '../../analytics/graphql/analytics-scalars';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';

export enum CohortKind {
  BEHAVIORAL = 'BEHAVIORAL',
  STATIC = 'STATIC',
}
registerEnumType(CohortKind, {
  valuesConfig: {
    STATIC: {
      description: 'A fixed list of groups: imported from a file or saved from a Microscope list; never recomputed.',
    },
    BEHAVIORAL: { description: 'Defined by conditions; recomputed on the schedule and on demand.' },
  },
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
  @Field(() => DateTimeScalar, { description: 'When the cohort was computed (or imported).' })
  computedAt!: Date;

  @Field(() => Int, { description: 'Groups in the cohort at that computation.' })
  size!: number;
}

@ObjectType('CohortSizeEdge')
export class CohortSizeEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => CohortSizeType)
  node!: CohortSizeType;
}

@ObjectType('CohortSizeConnection', { description: 'Sizes at each computation, newest first.' })
export class CohortSizeConnectionType {
  @Field(() => [CohortSizeEdgeType])
  edges!: CohortSizeEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@ObjectType('CohortMembershipChange', { description: 'A group entered or left the cohort.' })
export class CohortMembershipChangeType {
  @Field(() => String, { description: 'The group value sent by the SDKs.' })
  value!: string;

  @Field(() => String, { description: "The group's name property, else its value." })
  name!: string;

  @Field(() => Boolean, { description: 'True: entered; false: left.' })
  entered!: boolean;

  @Field(() => DateTimeScalar, { description: 'The computation (or import) at which the group entered or left.' })
  changedAt!: Date;

  @Field(() => String, { description: "Path of the group's page in the web app, e.g. /groups/company/acme." })
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
  @Field(() => Int, { description: "The cohort's id in the project (use it as cohortId in charts and group filters)." })
  id!: number;

  @Field(() => String, { description: 'The name shown in lists (1 to 200 characters).' })
  name!: string;

  @Field(() => String, { description: 'The group type whose groups it holds.' })
  groupType!: string;

  @Field(() => CohortKind, {
    description: 'BEHAVIORAL (from a definition, recomputed) or STATIC (an imported or saved list).',
  })
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

  @Field(() => DateTimeScalar, { description: 'When the cohort was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, {
    description: 'When the name or definition last changed (not a recompute: see computedAt).',
  })
  updatedAt!: Date;

  @Field(() => String, { description: 'Where the members download as CSV (same authorisation as the API).' })
  csvPath!: string;
}

@ObjectType('CohortPreview', { description: 'What a definition would hold now; nothing is saved.' })
export class CohortPreviewType {
  @Field(() => Int, { description: 'How many groups the definition holds now.' })
  size!: number;

  @Field(() => [CohortMemberType], { description: 'The first members, in group id order.' })
  members!: CohortMemberType[];
}

@ObjectType('ImportedLine', { description: 'One line of an imported file that did not simply match one group.' })
export class ImportedLineType {
  @Field(() => Int, { description: '1-based line number in the file.' })
  line!: number;

  @Field(() => String, { description: "The line's text, trimmed." })
  text!: string;

  @Field(() => Int, { nullable: true, description: 'Ambiguous lines: how many groups share that name.' })
  matches?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Duplicate lines: the line the text, or the group it matched, first appeared on.',
  })
  firstLine?: number | null;
}

@ObjectType('CohortImportReport', { description: 'How each line of an imported file was matched.' })
export class CohortImportReportType {
  @Field(() => Int, { description: 'Lines in the file, blank and duplicate lines included.' })
  lineCount!: number;

  @Field(() => Int, { description: 'Lines that matched exactly one group not matched before: the cohort size.' })
  matchedCount!: number;

  @Field(() => [ImportedLineType], { description: 'Lines that matched no group by name or value.' })
  unmatchedLines!: ImportedLineType[];

  @Field(() => [ImportedLineType], { description: 'Lines whose name several groups share (not imported).' })
  ambiguousLines!: ImportedLineType[];

  @Field(() => [Int], { description: 'Blank lines (skipped).' })
  blankLines!: number[];

  @Field(() => [ImportedLineType], {
    description: 'Lines that repeat an earlier line, or match the same group as an earlier line (counted once).',
  })
  duplicateLines!: ImportedLineType[];
}

@ObjectType('ImportCohortResult', { description: 'The cohort created from a file and how each line matched.' })
export class ImportCohortResultType {
  @Field(() => CohortType, { description: 'The static cohort created (the matched groups).' })
  cohort!: CohortType;

  @Field(() => CohortImportReportType, {
    description: 'How the lines matched: counts, and the unmatched, ambiguous, blank and duplicate lines.',
  })
  report!: CohortImportReportType;
}

@InputType('CreateCohortInput', {
  description:
    'A behavioural cohort. definition: {groupType, combinator: AND|OR, conditions: [condition | {kind: GROUP, combinator, conditions: [condition]}]}; ' +
    'a condition is {kind: PERFORMED_EVENT, performed (false: did not), event: {eventType, filters}, comparison: AT_LEAST|AT_MOST, count, window: {lastDays} | {range: {from, to}}}, ' +
    '{kind: ACTIVE_PEOPLE, comparison, count, lastDays}, {kind: PROPERTY, filter: {key, operator, value}} or {kind: PROPERTY_EVER_HELD, filter}.',
})
export class CreateCohortInput {
  @Field(() => String, { description: "The cohort's name (1 to 200 characters)." })
  name!: string;

  @Field(() => JsonScalar, {
    description:
      'The behavioural definition: { groupType, combinator: AND | OR, conditions: [...] } (see the README, Cohorts).',
  })
  definition!: unknown;
}

@InputType('UpdateCohortInput', { description: 'Omitted fields stay; a new definition is recomputed at once.' })
export class UpdateCohortInput {
  @Field(() => String, { description: 'A new name (1 to 200 characters); omitted: unchanged.', nullable: true })
  name?: string | null;

  @Field(() => JsonScalar, { nullable: true, description: 'Behavioural cohorts only.' })
  definition?: unknown;
}

@InputType('ImportCohortInput', {
  description:
    'A static cohort from a file: one group per line (name property first, then value); UTF-8, BOM and CRLF accepted, at most 100,000 lines.',
})
export class ImportCohortInput {
  @Field(() => String, { description: "The new cohort's name (1 to 200 characters)." })
  name!: string;

  @Field(() => String, { description: 'The group type of the groups listed (its name, e.g. "company").' })
  groupType!: string;

  @Field(() => String, { description: "The file's text." })
  content!: string;
}
