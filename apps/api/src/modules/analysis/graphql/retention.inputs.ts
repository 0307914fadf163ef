// GraphQL inputs of retention. They only carry the definition: retention-query.ts checks it.
import { Field, InputType, Int } from 'type-graphql';
import type { CountedBy, Interval } from '../analysis-query';
import type { RetentionCellStatus } from '../retention-query';
import { DateRangeInput } from '../../analytics/graphql/group-analytics.inputs';
import { LocalDayScalar } from '../../analytics/graphql/analytics-scalars';
import { AnalysisIntervalEnum, CountedByEnum } from './analysis.enums';
import { BreakdownInput, BreakdownValueInput, EventSelectionInput, PropertyFilterInput } from './analysis.inputs';
import { RetentionCellStatusEnum } from './retention.enums';

@InputType('RetentionInput', {
  description:
    "A retention table. A unit (group or person) is born in the period of its first start event inside the range; it is retained in period p + k when it has a matching return event in that period (k = 0 is the birth period: any return event in it counts, before or after the start event). Periods are whole project-local days, weeks (Monday) or months; return events count after the range too, up to yesterday, so a cell whose period has not ended is null (not complete). Events count for the groups they are attributed to (event-level groups, else the person's user-level group when the event arrived); organisation-level events count for groups, never for people.",
})
export class RetentionInput {
  @Field(() => EventSelectionInput, { description: 'The event that makes a unit born.' })
  startEvent!: EventSelectionInput;

  @Field(() => EventSelectionInput, {
    nullable: true,
    description: 'The event that counts as a return. Omitted: any event. May equal startEvent.',
  })
  returnEvent?: EventSelectionInput | null;

  @Field(() => CountedByEnum, { nullable: true, description: 'GROUPS (default) or PEOPLE; EVENTS is refused.' })
  countedBy?: CountedBy | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Group type counted, filtered on or broken down by. Default: the project's first group type with groups.",
  })
  groupType?: string | null;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Conditions on current group property values.' })
  groupFilters?: PropertyFilterInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Only the groups of this cohort (as of its last computation); it must hold groups of the chart's group type. Counted by PEOPLE: only events attributed to one of its groups.",
  })
  cohortId?: number | null;

  @Field(() => BreakdownInput, {
    nullable: true,
    description:
      "GROUP_PROPERTY: one table per current value of the group property (top values, OTHER, NONE). COHORT (key: the cohort id): the tables 'in cohort' and 'rest'. EVENT_PROPERTY is refused.",
  })
  breakdown?: BreakdownInput | null;

  @Field(() => DateRangeInput, { description: 'Inclusive project-local days in which units are born.' })
  range!: DateRangeInput;

  @Field(() => AnalysisIntervalEnum, { nullable: true, description: 'Default WEEK.' })
  interval?: Interval | null;

  @Field(() => Int, { nullable: true, description: 'Periods followed after the birth period: 1 to 52, default 8.' })
  periods?: number | null;
}

@InputType('RetentionCellInput', { description: 'One cell of a retention table: its cohort, offset and table.' })
export class RetentionCellInput {
  @Field(() => RetentionInput, { description: 'The retention table the cell belongs to, exactly as it was asked.' })
  query!: RetentionInput;

  @Field(() => LocalDayScalar, { description: "The birth period's first day, as the table returned it." })
  cohort!: string;

  @Field(() => Int, { description: 'Periods after the birth period (0 to query.periods).' })
  offset!: number;

  @Field(() => BreakdownValueInput, {
    nullable: true,
    description: 'The breakdown table the cell is in; omitted: the table of all units.',
  })
  breakdown?: BreakdownValueInput | null;

  @Field(() => RetentionCellStatusEnum, {
    description: 'RETAINED: born in the cohort with a return event in the period. LOST: born there without one.',
  })
  status!: RetentionCellStatus;
}
