// The query model every chart shares (segmentation, composition, Microscope, saved charts; funnels
// and retention next): one zod definition, so a definition is checked the same way whether it
// arrives as GraphQL arguments or out of a saved chart. It checks the shape only; names that need
// the database (group types, property keys) are resolved by analysis-plan.ts.
import { describeInvalidRange } from '@leadmaps/shared';
import { z } from 'zod';
import { DomainError } from '../../lib/domain-error';

export const maximumSeries = 10;
export const maximumFiltersPerList = 20;
export const defaultBreakdownLimit = 10;
export const maximumBreakdownLimit = 100;

export const propertyOperators = [
  'EQUALS',
  'NOT_EQUALS',
  'CONTAINS',
  'GREATER_THAN',
  'LESS_THAN',
  'IS_SET',
  'IS_NOT_SET',
] as const;
export type PropertyOperator = (typeof propertyOperators)[number];
export const countedByKinds = ['GROUPS', 'PEOPLE', 'EVENTS'] as const;
export type CountedBy = (typeof countedByKinds)[number];
export const measures = ['UNIQUES', 'TOTALS', 'AVERAGE', 'NEW'] as const;
export type Measure = (typeof measures)[number];
export const intervals = ['DAY', 'WEEK', 'MONTH'] as const;
export type Interval = (typeof intervals)[number];
export const breakdownSources = ['GROUP_PROPERTY', 'EVENT_PROPERTY', 'COHORT'] as const;
export type BreakdownSource = (typeof breakdownSources)[number];
export const breakdownValueKinds = ['VALUE', 'NONE', 'OTHER'] as const;
export type BreakdownValueKind = (typeof breakdownValueKinds)[number];

const operatorsWithoutValue: ReadonlySet<PropertyOperator> = new Set(['IS_SET', 'IS_NOT_SET']);
const numericOperators: ReadonlySet<PropertyOperator> = new Set(['GREATER_THAN', 'LESS_THAN']);

const propertyKey = z.string().trim().min(1, 'A property key must not be empty.').max(200);

export const propertyFilterSchema = z
  .object({
    key: propertyKey,
    operator: z.enum(propertyOperators),
    value: z.string().max(1000).nullish(),
  })
  .superRefine((filter, context) => {
    const hasValue = filter.value !== null && filter.value !== undefined;
    if (operatorsWithoutValue.has(filter.operator) && hasValue) {
      context.addIssue({ code: 'custom', message: `${filter.operator} takes no value; remove "value".` });
    }
    if (!operatorsWithoutValue.has(filter.operator) && !hasValue) {
      context.addIssue({ code: 'custom', message: `${filter.operator} needs a "value".` });
    }
    if (numericOperators.has(filter.operator) && hasValue && !Number.isFinite(Number(filter.value))) {
      context.addIssue({
        code: 'custom',
        message: `${filter.operator} compares numbers; "${filter.value}" is not a number.`,
      });
    }
  })
  .transform((filter) => ({ key: filter.key, operator: filter.operator, value: filter.value ?? null }));

export type PropertyFilter = z.output<typeof propertyFilterSchema>;

export const filterList = z
  .array(propertyFilterSchema)
  .max(maximumFiltersPerList)
  .nullish()
  .transform((list) => list ?? []);

export const eventSelectionSchema = z.object({
  /** Null: any event. */
  eventType: z
    .string()
    .trim()
    .min(1, 'An event type must not be empty; omit it for any event.')
    .max(500)
    .nullish()
    .transform((value) => value ?? null),
  filters: filterList,
});

export type EventSelection = z.output<typeof eventSelectionSchema>;

/** How many values a breakdown or composition shows before "other". */
const breakdownLimit = z
  .number()
  .int()
  .min(1)
  .max(maximumBreakdownLimit)
  .nullish()
  .transform((value) => value ?? defaultBreakdownLimit);

/** The two values of a COHORT breakdown ("cohort vs the rest"). */
export const cohortBreakdownValues = { member: 'in cohort', rest: 'rest' } as const;

export const breakdownSchema = z
  .object({
    source: z.enum(breakdownSources),
    /** A property key; for COHORT, the cohort id. */
    key: propertyKey,
    limit: breakdownLimit,
  })
  .superRefine((breakdown, context) => {
    if (breakdown.source === 'COHORT' && !/^\d{1,9}$/.test(breakdown.key)) {
      context.addIssue({ code: 'custom', path: ['key'], message: 'A COHORT breakdown takes the cohort id as "key".' });
    }
  });

export type Breakdown = z.output<typeof breakdownSchema>;

export const rangeSchema = z.object({ from: z.string(), to: z.string() }).superRefine((range, context) => {
  const problem = describeInvalidRange(range);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/** Who a chart counts and which of them: the part of a definition every chart kind shares. */
export const audienceFields = {
  /** Null: the project's first group type that has groups (what the Groups page opens on). */
  groupType: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullish()
    .transform((value) => value ?? null),
  groupFilters: filterList,
  /** Only the groups of this cohort (of the chart's group type); resolved by analysis-plan.ts. */
  cohortId: z
    .number()
    .int()
    .nullish()
    .transform((value) => value ?? null),
};

export const segmentationQuerySchema = z
  .object({
    series: z
      .array(eventSelectionSchema)
      .min(1, 'Add at least one event selection to "series".')
      .max(maximumSeries, `A chart has at most ${maximumSeries} series.`),
    countedBy: z
      .enum(countedByKinds)
      .nullish()
      .transform((value) => value ?? 'GROUPS'),
    measure: z
      .enum(measures)
      .nullish()
      .transform((value) => value ?? 'UNIQUES'),
    ...audienceFields,
    breakdown: breakdownSchema.nullish().transform((value) => value ?? null),
    range: rangeSchema,
    interval: z
      .enum(intervals)
      .nullish()
      .transform((value) => value ?? 'DAY'),
  })
  .superRefine((query, context) => {
    if (query.countedBy === 'EVENTS' && (query.measure === 'AVERAGE' || query.measure === 'NEW')) {
      context.addIssue({
        code: 'custom',
        path: ['measure'],
        message: `${query.measure} needs something to count per: set countedBy to GROUPS or PEOPLE.`,
      });
    }
  });

export type SegmentationQuery = z.output<typeof segmentationQuerySchema>;

export const compositionQuerySchema = z.object({
  ...audienceFields,
  /** The group property whose values are counted. */
  property: propertyKey,
  /** Null: every group of the type, active or not. */
  range: rangeSchema.nullish().transform((value) => value ?? null),
  limit: breakdownLimit,
});

export type CompositionQuery = z.output<typeof compositionQuerySchema>;

export const breakdownValueSchema = z
  .object({
    kind: z.enum(breakdownValueKinds),
    value: z
      .string()
      .nullish()
      .transform((value) => value ?? null),
  })
  .superRefine((label, context) => {
    if ((label.kind === 'VALUE') !== (label.value !== null)) {
      context.addIssue({ code: 'custom', message: 'A breakdown value has a "value" exactly when its kind is VALUE.' });
    }
  });

export type BreakdownValue = z.output<typeof breakdownValueSchema>;

/** One data point of a segmentation chart: series × bucket × breakdown value. */
export const chartPointSchema = z.object({
  query: segmentationQuerySchema,
  seriesIndex: z.number().int().min(0),
  /** The first day of the bucket, as the chart returns it. */
  bucket: z.string(),
  breakdown: breakdownValueSchema.nullish().transform((value) => value ?? null),
});

export type ChartPoint = z.output<typeof chartPointSchema>;

/** Parses with a schema and turns every problem into one actionable INVALID_INPUT. */
export function parseDefinition<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    return path ? `${path.replace(/^\./, '')}: ${issue.message}` : issue.message;
  });
  throw new DomainError('INVALID_INPUT', `Invalid ${what}: ${problems.join('; ')}`, { problems });
}
