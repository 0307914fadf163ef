// What a dynamic group property computes, copied from a saved chart when it is created, and the
// project-local period a value describes. Pure rules, no database: the service applies them.
//
// Accepted: a segmentation chart with exactly one series, counted by PEOPLE with UNIQUES (the
// active people of each group, the core case) or TOTALS (their events), or counted by EVENTS with
// TOTALS (every attributed event, organisation-level ones included). Everything else has no one
// clear per-group figure and is refused with the reason.
import { addDays, weekStart, type DayRange, type LocalDay } from '@leadmaps/shared';
import { z } from 'zod';
import { DomainError } from '../../lib/domain-error';
import {
  parseDefinition,
  segmentationQuerySchema,
  type CountedBy,
  type EventSelection,
  type Measure,
} from '../analysis/analysis-query';

/** The measure a dynamic property keeps, copied from the chart (later edits of the chart do not reach it). */
export interface DynamicPropertyDefinition {
  selection: EventSelection;
  countedBy: Extract<CountedBy, 'PEOPLE' | 'EVENTS'>;
  measure: Extract<Measure, 'UNIQUES' | 'TOTALS'>;
}

export type DynamicPropertyWindow =
  | { kind: 'rolling'; days: number }
  | { kind: 'week'; days: null }
  | { kind: 'month'; days: null };

export const maximumRollingDays = 365;

function refuse(reason: string): never {
  throw new DomainError('INVALID_INPUT', `This chart cannot become a dynamic property: ${reason}`, { reason });
}

/**
 * Checks a saved chart and copies the part a dynamic property keeps. `groupType` is the type the
 * property is written to: a chart that names another type is refused.
 */
export function copyChartDefinition(
  chart: { kind: string; definition: unknown },
  groupType: string,
): DynamicPropertyDefinition {
  if (chart.kind !== 'segmentation') {
    const why =
      chart.kind === 'composition'
        ? 'a composition is a distribution of property values, not one figure per group'
        : `a ${chart.kind} chart has no single figure per group`;
    refuse(`${why}. Use a segmentation chart with one series counted by PEOPLE.`);
  }
  const query = parseDefinition(segmentationQuerySchema, chart.definition, 'saved segmentation chart');
  if (query.series.length !== 1)
    refuse(`it has ${query.series.length} series; a property holds one figure, so save a chart with exactly one.`);
  if (query.breakdown !== null)
    refuse('it is broken down by a property; a property holds one figure per group, so remove the breakdown.');
  if (query.groupFilters.length > 0)
    refuse(
      'it filters on group properties; a dynamic property is kept for every group of the type, so remove the group filters.',
    );
  if (query.countedBy === 'GROUPS')
    refuse(
      'it counts groups, which gives each group 1 or 0; count by PEOPLE (active people per group) or by EVENTS (events per group).',
    );
  if (query.measure === 'AVERAGE' || query.measure === 'NEW')
    refuse(
      `the measure ${query.measure} is not supported (only UNIQUES and TOTALS of people, or TOTALS of events, are per-group counts).`,
    );
  if (query.countedBy === 'EVENTS' && query.measure !== 'TOTALS')
    refuse('counted by EVENTS only TOTALS is a per-group count.');
  if (query.groupType !== null && query.groupType !== groupType)
    refuse(`it counts through group type "${query.groupType}", not "${groupType}".`);
  return {
    selection: query.series[0]!,
    countedBy: query.countedBy as DynamicPropertyDefinition['countedBy'],
    measure: query.measure as DynamicPropertyDefinition['measure'],
  };
}

export const windowInputSchema = z
  .object({
    rollingDays: z.number().int().nullish(),
    calendar: z.enum(['WEEK', 'MONTH']).nullish(),
  })
  .nullish();

/**
 * The window a property is computed over. Saved charts cover a fixed range of days, and a figure
 * over a fixed range never changes: without a rolling or calendar window, the chart is refused.
 */
export function parseWindow(
  input: z.input<typeof windowInputSchema>,
  chartRange: { from: string; to: string } | null,
): DynamicPropertyWindow {
  const rollingDays = input?.rollingDays ?? null;
  const calendar = input?.calendar ?? null;
  if (rollingDays !== null && calendar !== null)
    throw new DomainError('INVALID_INPUT', 'Give one window: "rollingDays" or "calendar", not both.');
  if (rollingDays !== null) {
    if (rollingDays < 1 || rollingDays > maximumRollingDays)
      throw new DomainError('INVALID_INPUT', `"rollingDays" must be 1 to ${maximumRollingDays}, got ${rollingDays}.`);
    return { kind: 'rolling', days: rollingDays };
  }
  if (calendar === 'WEEK') return { kind: 'week', days: null };
  if (calendar === 'MONTH') return { kind: 'month', days: null };
  const range = chartRange ? ` (${chartRange.from} to ${chartRange.to})` : '';
  return refuse(
    `its range is fixed${range}, so its figure would never change. Give a window: { rollingDays: N } for the last N days, or { calendar: WEEK | MONTH } for the last complete week or month.`,
  );
}

function firstOfPreviousMonth(day: LocalDay): LocalDay {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
}

/**
 * The complete project-local days a value computed on `today` describes: never today itself (a
 * day still filling up). Rolling: the N days ending yesterday. Week: the last complete Monday to
 * Sunday. Month: the last complete calendar month.
 */
export function periodFor(window: DynamicPropertyWindow, today: LocalDay): DayRange {
  if (window.kind === 'rolling') return { from: addDays(today, -window.days), to: addDays(today, -1) };
  if (window.kind === 'week') {
    const monday = weekStart(today);
    return { from: addDays(monday, -7), to: addDays(monday, -1) };
  }
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  return { from: firstOfPreviousMonth(today), to: addDays(firstOfMonth, -1) };
}
