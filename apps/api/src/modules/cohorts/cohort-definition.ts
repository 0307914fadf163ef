// The definition of a behavioural cohort of groups, checked with zod so it reads the same whether
// it arrives through GraphQL or out of the cohort table. Conditions are combined with AND / OR,
// one level of nesting (a top-level list whose entries are conditions or one-level groups).
// Event selections and property operators are the analysis query model's (analysis-query.ts).
import { z } from 'zod';
import { eventSelectionSchema, propertyFilterSchema, rangeSchema } from '../analysis/analysis-query';

export const maximumConditions = 20;
export const maximumLastDays = 3650;
export const cohortComparisons = ['AT_LEAST', 'AT_MOST'] as const;
export type CohortComparison = (typeof cohortComparisons)[number];
export const cohortCombinators = ['AND', 'OR'] as const;

/** Either the last D local days of the project (today included, up to now) or a fixed range of days. */
const windowSchema = z
  .object({
    lastDays: z.number().int().min(1).max(maximumLastDays).nullish(),
    range: rangeSchema.nullish(),
  })
  .superRefine((window, context) => {
    const given = [window.lastDays, window.range].filter((value) => value !== null && value !== undefined);
    if (given.length !== 1) {
      context.addIssue({ code: 'custom', message: 'Give exactly one of "lastDays" or "range" (from, to).' });
    }
  })
  .transform((window) => ({ lastDays: window.lastDays ?? null, range: window.range ?? null }));

export type CohortWindow = z.output<typeof windowSchema>;

const count = z.number().int().min(0, 'A count must be 0 or more.').max(1_000_000_000);

/** Did (or did not) perform the selection at least / at most `count` times in the window. */
const performedCondition = z.object({
  kind: z.literal('PERFORMED_EVENT'),
  /** False: "did not": the negation of the same count comparison. */
  performed: z
    .boolean()
    .nullish()
    .transform((value) => value ?? true),
  event: eventSelectionSchema,
  comparison: z.enum(cohortComparisons),
  count,
  window: windowSchema,
});

/** Distinct people with an attributed event in the last D days, at least / at most `count`. */
const activePeopleCondition = z.object({
  kind: z.literal('ACTIVE_PEOPLE'),
  comparison: z.enum(cohortComparisons),
  count,
  lastDays: z.number().int().min(1).max(maximumLastDays),
});

/** The group property's current value matches the filter. */
const propertyCondition = z.object({
  kind: z.literal('PROPERTY'),
  filter: propertyFilterSchema,
});

const everHeldOperators = ['EQUALS', 'CONTAINS', 'GREATER_THAN', 'LESS_THAN'] as const;

/** The group property held a matching value at some time (its history or its current value). */
const everHeldCondition = z.object({
  kind: z.literal('PROPERTY_EVER_HELD'),
  filter: propertyFilterSchema.refine((filter) => (everHeldOperators as readonly string[]).includes(filter.operator), {
    message: `A PROPERTY_EVER_HELD filter uses ${everHeldOperators.join(', ')}.`,
  }),
});

export const cohortConditionSchema = z.discriminatedUnion('kind', [
  performedCondition,
  activePeopleCondition,
  propertyCondition,
  everHeldCondition,
]);

export type CohortCondition = z.output<typeof cohortConditionSchema>;

const conditionGroupSchema = z.object({
  kind: z.literal('GROUP'),
  combinator: z.enum(cohortCombinators),
  conditions: z
    .array(cohortConditionSchema)
    .min(1, 'A nested group needs at least one condition.')
    .max(maximumConditions),
});

export type CohortConditionGroup = z.output<typeof conditionGroupSchema>;

export const cohortDefinitionSchema = z
  .object({
    /** The group type whose groups the cohort holds (its name). */
    groupType: z.string().trim().min(1, 'Name the group type of the cohort.').max(200),
    combinator: z.enum(cohortCombinators),
    conditions: z
      .array(z.union([cohortConditionSchema, conditionGroupSchema]))
      .min(1, 'A behavioural cohort needs at least one condition.')
      .max(maximumConditions, `A cohort has at most ${maximumConditions} conditions.`),
  })
  .superRefine((definition, context) => {
    const total = definition.conditions.reduce(
      (sum, entry) => sum + (entry.kind === 'GROUP' ? entry.conditions.length : 1),
      0,
    );
    if (total > maximumConditions) {
      context.addIssue({ code: 'custom', message: `A cohort has at most ${maximumConditions} conditions in all.` });
    }
  });

export type CohortDefinition = z.output<typeof cohortDefinitionSchema>;

/** Every condition of a definition, nested ones included. */
export function flattenConditions(definition: CohortDefinition): CohortCondition[] {
  return definition.conditions.flatMap((entry) => (entry.kind === 'GROUP' ? entry.conditions : [entry]));
}
