// GraphQL inputs of funnels. They only carry the definition: funnel-query.ts checks it.
import { Field, InputType, Int } from 'type-graphql';
import type { CountedBy } from '../analysis-query';
import type { FunnelOutcome, FunnelWindowUnit } from '../funnel-query';
import { DateRangeInput } from '../../analytics/graphql/group-analytics.inputs';
import { CountedByEnum } from './analysis.enums';
import { BreakdownInput, BreakdownValueInput, EventSelectionInput, PropertyFilterInput } from './analysis.inputs';
import { FunnelOutcomeEnum, FunnelWindowUnitEnum } from './funnel.enums';

@InputType('FunnelWindowInput', { description: 'The conversion window: from 1 minute to 90 days.' })
export class FunnelWindowInput {
  @Field(() => Int, { description: 'How many units of time (at least 1; at most 90 days in all).' })
  amount!: number;

  @Field(() => FunnelWindowUnitEnum, { description: 'MINUTE, HOUR or DAY.' })
  unit!: FunnelWindowUnit;
}

@InputType('FunnelInput', {
  description:
    'A funnel. A unit (group or person) reaches step k when k distinct attributed events e1..ek, all inside the range, match steps 1..k with t1 ≤ t2 ≤ … ≤ tk and tk − t1 ≤ the window. Equal timestamps are allowed between steps, but one event never serves two steps. The best chain counts, not the first entry. Counted by GROUPS the events may come from any members of the group (and organisation-level events count); counted by PEOPLE they all come from the same person (organisation-level events never count).',
})
export class FunnelInput {
  @Field(() => [EventSelectionInput], { description: 'Two to ten ordered steps.' })
  steps!: EventSelectionInput[];

  @Field(() => FunnelWindowInput, { nullable: true, description: 'Default 14 DAY.' })
  window?: FunnelWindowInput | null;

  @Field(() => DateRangeInput, { description: 'Inclusive project-local days; every step event lies inside.' })
  range!: DateRangeInput;

  @Field(() => CountedByEnum, { nullable: true, description: 'GROUPS (default) or PEOPLE; EVENTS is refused.' })
  countedBy?: CountedBy | null;

  @Field(() => String, {
    nullable: true,
    description: "Group type counted or filtered on. Default: the project's first group type with groups.",
  })
  groupType?: string | null;

  @Field(() => [PropertyFilterInput], {
    nullable: true,
    description:
      'Conditions on current group property values. Counted by PEOPLE: only events attributed to a group that passes them.',
  })
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
      "GROUP_PROPERTY or COHORT, counted by GROUPS only: each group under its current value (top values by groups that did step 1, then OTHER, then NONE), or COHORT ('in cohort' and 'rest'; key: the cohort id).",
  })
  breakdown?: BreakdownInput | null;
}

@InputType('FunnelPointInput', { description: 'One bar of a funnel: a step, reached or dropped off after.' })
export class FunnelPointInput {
  @Field(() => FunnelInput, { description: 'The funnel the bar belongs to, exactly as it was asked.' })
  query!: FunnelInput;

  @Field(() => Int, { description: '1 = the first step.' })
  step!: number;

  @Field(() => FunnelOutcomeEnum, { nullable: true, description: 'Default REACHED.' })
  outcome?: FunnelOutcome | null;

  @Field(() => BreakdownValueInput, { nullable: true, description: 'Required when the funnel has a breakdown.' })
  breakdown?: BreakdownValueInput | null;
}
