// The funnel's part of chart-definition.ts: its form (the series editor holds the steps) to the
// API's FunnelInput and back. Funnels count groups or people only, and break down by a group
// property or a cohort (in it or not); the server says why when a definition asks for more.
import type { FunnelInput, FunnelWindowUnit, PropertyFilterInput } from '@/generated/graphql';
import type { ChartDefinition, ChartForm, FilterForm } from './chart-definition';

export const minimumFunnelSteps = 2;
export const maximumFunnelSteps = 10;
export const windowUnitOptions: { value: FunnelWindowUnit; label: string }[] = [
  { value: 'MINUTE', label: 'Minutes' },
  { value: 'HOUR', label: 'Hours' },
  { value: 'DAY', label: 'Days' },
];

export function funnelFormToDefinition(
  form: ChartForm,
  toFilterInputs: (filters: FilterForm[]) => PropertyFilterInput[],
): ChartDefinition {
  const groupFilters = toFilterInputs(form.groupFilters);
  return {
    kind: 'funnel',
    input: {
      steps: form.series.map((step) => {
        const filters = toFilterInputs(step.filters);
        return {
          ...(step.eventType.trim() ? { eventType: step.eventType.trim() } : {}),
          ...(filters.length ? { filters } : {}),
        };
      }),
      window: { amount: form.windowAmount, unit: form.windowUnit },
      range: { from: form.from, to: form.to },
      countedBy: form.countedBy === 'PEOPLE' ? 'PEOPLE' : 'GROUPS',
      ...(form.groupType ? { groupType: form.groupType } : {}),
      ...(groupFilters.length ? { groupFilters } : {}),
      ...(form.breakdownKey.trim() && form.breakdownSource
        ? {
            breakdown: {
              source: form.breakdownSource === 'COHORT' ? ('COHORT' as const) : ('GROUP_PROPERTY' as const),
              key: form.breakdownKey.trim(),
            },
          }
        : {}),
    },
  };
}

export function funnelDefinitionToForm(
  input: FunnelInput,
  base: ChartForm,
  toFilterForms: (filters: PropertyFilterInput[] | null | undefined) => FilterForm[],
): ChartForm {
  return {
    ...base,
    series: input.steps.map((step) => ({ eventType: step.eventType ?? '', filters: toFilterForms(step.filters) })),
    countedBy: input.countedBy === 'PEOPLE' ? 'PEOPLE' : 'GROUPS',
    breakdownSource: input.breakdown?.source ?? '',
    breakdownKey: input.breakdown?.key ?? '',
    windowAmount: input.window?.amount ?? 14,
    windowUnit: input.window?.unit ?? 'DAY',
  };
}

/** A duration in seconds as a person reads it: "45 s", "12 min", "3.5 h", "2.1 d". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(seconds < 600 ? 1 : 0)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
