import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JsonScalar, LocalDayScalar } from '../../analytics/graphql/analytics-scalars';

export const DynamicPropertyWindowKindEnum = { ROLLING: 'ROLLING', WEEK: 'WEEK', MONTH: 'MONTH' } as const;
export type DynamicPropertyWindowKind = keyof typeof DynamicPropertyWindowKindEnum;
registerEnumType(DynamicPropertyWindowKindEnum, {
  valuesConfig: {
    WEEK: { description: 'The last complete Monday-to-Sunday week; recomputed once a week.' },
    ROLLING: { description: 'The last `days` complete project-local days, ending yesterday; recomputed daily.' },
    MONTH: { description: 'The last complete calendar month; recomputed once a month.' },
  },
  name: 'DynamicPropertyWindowKind',
  description:
    'ROLLING: the last `days` complete project-local days, ending yesterday (recomputed daily). WEEK: the last complete Monday–Sunday week (recomputed once a week). MONTH: the last complete calendar month (recomputed once a month).',
});

export const DynamicPropertyCalendarEnum = { WEEK: 'WEEK', MONTH: 'MONTH' } as const;
registerEnumType(DynamicPropertyCalendarEnum, {
  valuesConfig: {
    WEEK: { description: 'The last complete Monday-to-Sunday week.' },
    MONTH: { description: 'The last complete calendar month.' },
  },
  name: 'DynamicPropertyCalendar',
  description: 'A calendar window: the last complete week (Monday to Sunday) or calendar month.',
});

@InputType('DynamicPropertyWindowInput', {
  description:
    'Exactly one of rollingDays or calendar. Omitted, the chart’s own range would be used, and a saved chart’s range is fixed: refused.',
})
export class DynamicPropertyWindowInput {
  @Field(() => Int, { nullable: true, description: 'The last N complete days (1–365), ending yesterday.' })
  rollingDays?: number | null;

  @Field(() => DynamicPropertyCalendarEnum, {
    description: 'A calendar window (the last complete week or month), recomputed once per interval.',
    nullable: true,
  })
  calendar?: keyof typeof DynamicPropertyCalendarEnum | null;
}

@ObjectType('DynamicPropertyWindow', { description: "The period a dynamic property's values count over." })
export class DynamicPropertyWindowType {
  @Field(() => DynamicPropertyWindowKindEnum, {
    description: 'ROLLING (the last `days` complete days), WEEK or MONTH (the last complete calendar week or month).',
  })
  kind!: DynamicPropertyWindowKind;

  @Field(() => Int, { nullable: true, description: 'Days of a ROLLING window; null otherwise.' })
  days!: number | null;
}

@ObjectType('DynamicPropertyPeriod', { description: 'Inclusive project-local days.' })
export class DynamicPropertyPeriodType {
  @Field(() => LocalDayScalar, { description: 'First day of the period (project-local, inclusive).' })
  from!: string;

  @Field(() => LocalDayScalar, { description: 'Last day of the period (project-local, inclusive).' })
  to!: string;
}

@ObjectType('DynamicProperty', {
  description:
    'A group property leadmaps keeps up to date for every group of a type, from a copy of a saved segmentation chart. Values are written with source "dynamic" and recorded in the property history when they change.',
})
export class DynamicPropertyType {
  @Field(() => Int, { description: "The dynamic property's id in the project." })
  id!: number;

  @Field(() => String, { description: 'The group property written (source "dynamic").' })
  propertyKey!: string;

  @Field(() => String, { description: 'The group type whose groups get the property.' })
  groupType!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The chart it was created from; editing it later changes nothing here.',
  })
  savedChartId!: number | null;

  @Field(() => String, { description: 'The chart’s name when the property was created.' })
  chartName!: string;

  @Field(() => JsonScalar, {
    description: 'The copied measure: { selection: { eventType, filters }, countedBy, measure }.',
  })
  definition!: unknown;

  @Field(() => DynamicPropertyWindowType, { description: 'The period each value counts over.' })
  window!: DynamicPropertyWindowType;

  @Field(() => DateTimeScalar, { description: 'When the dynamic property was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last successful computation; null before the first.' })
  computedAt!: Date | null;

  @Field(() => DynamicPropertyPeriodType, {
    nullable: true,
    description: 'The project-local period the current values describe; null before the first success.',
  })
  period!: DynamicPropertyPeriodType | null;

  @Field(() => Int, { nullable: true, description: 'Groups whose value changed at the last success.' })
  groupsChanged!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last computation attempt, successful or not.' })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed; null after a success.' })
  lastError!: string | null;
}
