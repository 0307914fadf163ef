import { Field, InputType, Int } from 'type-graphql';
import type { TrendLabel } from '@leadmaps/shared';
import type { GroupSortField, SortDirection } from '../queries/group-ranking.query';
import { LocalDayScalar } from './analytics-scalars';
import { GroupSortFieldEnum, SortDirectionEnum, TrendLabelEnum } from './group-analytics.enums';

@InputType('DateRangeInput', { description: 'Inclusive project-local days. Omitted: the last 30 days ending today.' })
export class DateRangeInput {
  @Field(() => LocalDayScalar, { description: 'First day (YYYY-MM-DD), in the project time zone.' })
  from!: string;

  @Field(() => LocalDayScalar, { description: 'Last day (YYYY-MM-DD, included), in the project time zone.' })
  to!: string;
}

@InputType('GroupSortInput', { description: 'A sort field and direction.' })
export class GroupSortInput {
  @Field(() => GroupSortFieldEnum, { defaultValue: 'KEY_ACTIONS', description: 'The column to sort by.' })
  field!: GroupSortField;

  @Field(() => SortDirectionEnum, {
    defaultValue: 'DESC',
    description: 'Ascending or descending; ties are broken by value.',
  })
  direction!: SortDirection;
}

@InputType('GroupFilterInput', {
  description: 'Which groups the Groups page lists: trend, at-risk, property conditions, cohort, search.',
})
export class GroupFilterInput {
  @Field(() => [TrendLabelEnum], { nullable: true, description: 'Keep groups with one of these trend labels.' })
  trend?: TrendLabel[] | null;

  @Field(() => Boolean, { nullable: true, description: 'True: only groups at risk; false: only the others.' })
  atRisk?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Case-insensitive substring of the name or the value; or `name = value`: groups whose property ever held that value (case-insensitive, quotes around names or values with spaces), active in the last six months.',
  })
  search?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Only members of this cohort (as of its last computation); it must hold groups of the listed type.',
  })
  cohortId?: number | null;
}
