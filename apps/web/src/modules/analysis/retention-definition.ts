// The retention chart's definition between the form and the API input (chart-definition.ts keeps
// the other kinds): the start event is the form's first series, the return event its own fields.
import { isLocalDay } from '@leadmaps/shared';
import type { EventSelectionInput, RetentionInput } from '@/generated/graphql';
import { type ChartForm, toFilterForms, toFilterInputs, withoutNulls } from './chart-definition';

export const defaultRetentionPeriods = 8;
export const maximumRetentionPeriods = 52;

function selectionOf(eventType: string, filters: ChartForm['groupFilters']): EventSelectionInput {
  const conditions = toFilterInputs(filters);
  return {
    ...(eventType.trim() ? { eventType: eventType.trim() } : {}),
    ...(conditions.length ? { filters: conditions } : {}),
  };
}

export function retentionFormToInput(form: ChartForm): RetentionInput {
  const start = form.series[0] ?? { eventType: '', filters: [] };
  const groupFilters = toFilterInputs(form.groupFilters);
  return {
    startEvent: selectionOf(start.eventType, start.filters),
    returnEvent: selectionOf(form.returnEventType, form.returnFilters),
    ...(form.groupType ? { groupType: form.groupType } : {}),
    // Retention counts groups or people; a form left on "events" from another kind counts groups.
    countedBy: form.countedBy === 'PEOPLE' ? 'PEOPLE' : 'GROUPS',
    ...(groupFilters.length ? { groupFilters } : {}),
    // Retention refuses event-property breakdowns; a form left on one by segmentation breaks down by the group's.
    ...(form.breakdownSource && form.breakdownKey.trim()
      ? {
          breakdown: {
            source: form.breakdownSource === 'COHORT' ? 'COHORT' : 'GROUP_PROPERTY',
            key: form.breakdownKey.trim(),
          },
        }
      : {}),
    range: { from: form.from, to: form.to },
    interval: form.interval,
    periods: form.periods,
  };
}

export function retentionInputToForm(input: RetentionInput, base: ChartForm): ChartForm {
  return {
    ...base,
    kind: 'retention',
    series: [{ eventType: input.startEvent.eventType ?? '', filters: toFilterForms(input.startEvent.filters) }],
    returnEventType: input.returnEvent?.eventType ?? '',
    returnFilters: toFilterForms(input.returnEvent?.filters),
    countedBy: input.countedBy === 'PEOPLE' ? 'PEOPLE' : 'GROUPS',
    breakdownSource: input.breakdown?.source ?? '',
    breakdownKey: input.breakdown?.key ?? '',
    interval: input.interval ?? 'WEEK',
    periods: input.periods ?? defaultRetentionPeriods,
  };
}

/** A retention input from JSON (a URL or a saved chart, nulls dropped); null when it cannot be one. */
export function retentionInputFromJson(candidate: Record<string, unknown>): RetentionInput | null {
  const range = candidate.range as { from?: unknown; to?: unknown } | undefined;
  const start = candidate.startEvent;
  if (typeof start !== 'object' || start === null) return null;
  if (!range || !isLocalDay(String(range.from)) || !isLocalDay(String(range.to))) return null;
  const returnEvent = candidate.returnEvent;
  return {
    ...candidate,
    startEvent: withoutNulls(start as Record<string, unknown>),
    ...(typeof returnEvent === 'object' && returnEvent !== null
      ? { returnEvent: withoutNulls(returnEvent as Record<string, unknown>) }
      : {}),
  } as unknown as RetentionInput;
}
