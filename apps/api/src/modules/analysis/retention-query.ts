// The retention definition, in the query model every chart shares (analysis-query.ts): the same
// event selections, audience (counted by, group type, group filters, the cohort slot), range and
// group property breakdown. Checked here for shape only; names are resolved by analysis-plan.ts.
import { z } from 'zod';
import {
  audienceFields,
  breakdownSchema,
  breakdownValueSchema,
  eventSelectionSchema,
  intervals,
  rangeSchema,
} from './analysis-query';

export const maximumRetentionPeriods = 52;
export const defaultRetentionPeriods = 8;
export const retentionCountedByKinds = ['GROUPS', 'PEOPLE'] as const;
export const retentionCellStatuses = ['RETAINED', 'LOST'] as const;
export type RetentionCellStatus = (typeof retentionCellStatuses)[number];

const anyEvent = { eventType: null, filters: [] };

export const retentionQuerySchema = z
  .object({
    startEvent: eventSelectionSchema,
    /** Null: any event counts as a return. */
    returnEvent: eventSelectionSchema.nullish().transform((value) => value ?? anyEvent),
    countedBy: z
      .enum(['GROUPS', 'PEOPLE', 'EVENTS'])
      .nullish()
      .transform((value) => value ?? 'GROUPS'),
    ...audienceFields,
    breakdown: breakdownSchema.nullish().transform((value) => value ?? null),
    range: rangeSchema,
    interval: z
      .enum(intervals)
      .nullish()
      .transform((value) => value ?? 'WEEK'),
    periods: z
      .number()
      .int()
      .min(1, 'Retention needs at least 1 period after the birth period.')
      .max(maximumRetentionPeriods, `Retention shows at most ${maximumRetentionPeriods} periods.`)
      .nullish()
      .transform((value) => value ?? defaultRetentionPeriods),
  })
  .superRefine((query, context) => {
    if (query.countedBy === 'EVENTS') {
      context.addIssue({
        code: 'custom',
        path: ['countedBy'],
        message: 'Retention follows groups or people over time: set countedBy to GROUPS or PEOPLE.',
      });
    }
    if (query.breakdown?.source === 'EVENT_PROPERTY') {
      context.addIssue({
        code: 'custom',
        path: ['breakdown', 'source'],
        message: 'Retention breaks down by a group property (current value): use source GROUP_PROPERTY.',
      });
    }
  })
  .transform((query) => ({ ...query, countedBy: query.countedBy as (typeof retentionCountedByKinds)[number] }));

export type RetentionQuery = z.output<typeof retentionQuerySchema>;

/** One cell of a retention table: the units born in `cohort`, `offset` periods later. */
export const retentionCellSchema = z.object({
  query: retentionQuerySchema,
  /** The first day of the birth period, as the table returns it. */
  cohort: z.string(),
  offset: z.number().int().min(0),
  /** Null: the table of all units (with or without a breakdown). */
  breakdown: breakdownValueSchema.nullish().transform((value) => value ?? null),
  status: z.enum(retentionCellStatuses),
});

export type RetentionCell = z.output<typeof retentionCellSchema>;
