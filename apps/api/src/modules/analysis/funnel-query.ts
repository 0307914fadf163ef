// The funnel definition, in the shared query model (analysis-query.ts): ordered steps that are event
// selections, a conversion window, a range and the audience every chart has. Shape only: names
// are resolved by analysis-plan.ts like every other chart's.
import { z } from 'zod';
import {
  audienceFields,
  breakdownSchema,
  breakdownValueSchema,
  eventSelectionSchema,
  rangeSchema,
} from './analysis-query';

export const minimumFunnelSteps = 2;
export const maximumFunnelSteps = 10;
export const funnelWindowUnits = ['MINUTE', 'HOUR', 'DAY'] as const;
export type FunnelWindowUnit = (typeof funnelWindowUnits)[number];
export const funnelCountedByKinds = ['GROUPS', 'PEOPLE'] as const;
export const funnelOutcomes = ['REACHED', 'DROPPED_OFF'] as const;
export type FunnelOutcome = (typeof funnelOutcomes)[number];

const secondsPerUnit: Record<FunnelWindowUnit, number> = { MINUTE: 60, HOUR: 3600, DAY: 86_400 };
export const minimumWindowSeconds = 60;
export const maximumWindowSeconds = 90 * 86_400;
export const defaultFunnelWindow = { amount: 14, unit: 'DAY' as const };

export function windowSeconds(window: { amount: number; unit: FunnelWindowUnit }): number {
  return window.amount * secondsPerUnit[window.unit];
}

const windowSchema = z
  .object({
    amount: z.number().int('The window amount must be a whole number.'),
    unit: z.enum(funnelWindowUnits),
  })
  .superRefine((window, context) => {
    const seconds = windowSeconds(window);
    if (seconds < minimumWindowSeconds || seconds > maximumWindowSeconds) {
      context.addIssue({
        code: 'custom',
        message: `The conversion window must be from 1 minute to 90 days; ${window.amount} ${window.unit} is not.`,
      });
    }
  });

export const funnelQuerySchema = z
  .object({
    steps: z
      .array(eventSelectionSchema)
      .min(minimumFunnelSteps, `A funnel has at least ${minimumFunnelSteps} steps.`)
      .max(maximumFunnelSteps, `A funnel has at most ${maximumFunnelSteps} steps.`),
    window: windowSchema.nullish().transform((value) => value ?? defaultFunnelWindow),
    range: rangeSchema,
    countedBy: z
      .enum(['GROUPS', 'PEOPLE', 'EVENTS'])
      .nullish()
      .transform((value) => value ?? 'GROUPS'),
    ...audienceFields,
    breakdown: breakdownSchema.nullish().transform((value) => value ?? null),
  })
  .superRefine((query, context) => {
    if (query.countedBy === 'EVENTS') {
      context.addIssue({
        code: 'custom',
        path: ['countedBy'],
        message: 'A funnel follows groups or people through its steps: set countedBy to GROUPS or PEOPLE.',
      });
    }
    if (query.breakdown?.source === 'EVENT_PROPERTY') {
      context.addIssue({
        code: 'custom',
        path: ['breakdown'],
        message: 'A funnel breaks down by a group property (GROUP_PROPERTY): its steps are different events.',
      });
    }
    if (query.breakdown !== null && query.countedBy === 'PEOPLE') {
      context.addIssue({
        code: 'custom',
        path: ['breakdown'],
        message:
          'A funnel counted by PEOPLE cannot break down by a group property (a person can belong to several groups); count by GROUPS or remove the breakdown.',
      });
    }
  })
  .transform((query) => ({ ...query, countedBy: query.countedBy as 'GROUPS' | 'PEOPLE' }));

export type FunnelQuery = z.output<typeof funnelQuerySchema>;

/** One bar of a funnel: the units that reached a step, or reached it and not the next one. */
export const funnelPointSchema = z.object({
  query: funnelQuerySchema,
  /** 1 = the first step. */
  step: z.number().int().min(1),
  outcome: z
    .enum(funnelOutcomes)
    .nullish()
    .transform((value) => value ?? 'REACHED'),
  breakdown: breakdownValueSchema.nullish().transform((value) => value ?? null),
});

export type FunnelPoint = z.output<typeof funnelPointSchema>;
