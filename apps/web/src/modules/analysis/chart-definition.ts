// One chart definition, three shapes: the API's input (what the URL and saved charts hold, so a
// saved chart's definition opens as it is), the form the user edits (flat, with empty strings for
// "not chosen"), and the URL. The server checks every definition; here we only keep the shapes
// apart and fall back to the default chart when a URL is not a definition at all.
import { addDays, isLocalDay } from '@leadmaps/shared';
import { funnelDefinitionToForm, funnelFormToDefinition } from './funnel-definition';
import type {
  AnalysisInterval,
  BreakdownSource,
  CompositionInput,
  CountedBy,
  FunnelInput,
  FunnelWindowUnit,
  Measure,
  PropertyFilterInput,
  PropertyOperator,
  RetentionInput,
  SegmentationInput,
} from '@/generated/graphql';
import { retentionFormToInput, retentionInputFromJson, retentionInputToForm } from './retention-definition';

export type ChartKind = 'segmentation' | 'composition' | 'funnel' | 'retention';

export type ChartDefinition =
  | { kind: 'segmentation'; input: SegmentationInput }
  | { kind: 'composition'; input: CompositionInput }
  | { kind: 'funnel'; input: FunnelInput }
  | { kind: 'retention'; input: RetentionInput };

export const maximumSeries = 10;
export const operators: { value: PropertyOperator; label: string; needsValue: boolean }[] = [
  { value: 'EQUALS', label: 'is', needsValue: true },
  { value: 'NOT_EQUALS', label: 'is not', needsValue: true },
  { value: 'CONTAINS', label: 'contains', needsValue: true },
  { value: 'GREATER_THAN', label: 'greater than', needsValue: true },
  { value: 'LESS_THAN', label: 'less than', needsValue: true },
  { value: 'IS_SET', label: 'is set', needsValue: false },
  { value: 'IS_NOT_SET', label: 'is not set', needsValue: false },
];
export const countedByOptions: { value: CountedBy; label: string }[] = [
  { value: 'GROUPS', label: 'Groups' },
  { value: 'PEOPLE', label: 'People' },
  { value: 'EVENTS', label: 'Events' },
];
export const measureOptions: { value: Measure; label: string }[] = [
  { value: 'UNIQUES', label: 'Uniques' },
  { value: 'TOTALS', label: 'Totals' },
  { value: 'AVERAGE', label: 'Average per unit' },
  { value: 'NEW', label: 'New' },
];
export const intervalOptions: { value: AnalysisInterval; label: string }[] = [
  { value: 'DAY', label: 'Day' },
  { value: 'WEEK', label: 'Week' },
  { value: 'MONTH', label: 'Month' },
];

export interface FilterForm {
  key: string;
  operator: PropertyOperator;
  value: string;
}

export interface SeriesForm {
  /** Empty: any event. */
  eventType: string;
  filters: FilterForm[];
}

export interface ChartForm {
  kind: ChartKind;
  /** Empty: the project's default group type. */
  groupType: string;
  series: SeriesForm[];
  countedBy: CountedBy;
  measure: Measure;
  groupFilters: FilterForm[];
  /** Only the groups of this cohort (its id as text); empty: no cohort filter. */
  cohortId: string;
  /** Empty: no breakdown. */
  breakdownSource: BreakdownSource | '';
  breakdownKey: string;
  /** Composition: the group property counted. */
  property: string;
  /** Composition: every group instead of those active in the range. */
  allGroups: boolean;
  from: string;
  to: string;
  interval: AnalysisInterval;
  /** Funnel: the conversion window (the series are the steps). */
  windowAmount: number;
  windowUnit: FunnelWindowUnit;
  /** Retention: the return event (empty: any event) and its conditions; the start event is series[0]. */
  returnEventType: string;
  returnFilters: FilterForm[];
  /** Retention: periods followed after the birth period. */
  periods: number;
}

/** Today in the project's time zone, the day ranges are counted in. */
export function projectToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Daily active groups of the default group type over the last 30 days. */
export function defaultDefinition(today: string): ChartDefinition {
  return {
    kind: 'segmentation',
    input: { series: [{}], range: { from: addDays(today, -29), to: today }, interval: 'DAY' },
  };
}

export function toFilterInputs(filters: FilterForm[]): PropertyFilterInput[] {
  return filters
    .filter((filter) => filter.key.trim() !== '')
    .map((filter) => {
      const needsValue = operators.find((operator) => operator.value === filter.operator)?.needsValue ?? true;
      return needsValue
        ? { key: filter.key.trim(), operator: filter.operator, value: filter.value }
        : { key: filter.key.trim(), operator: filter.operator };
    });
}

export function toFilterForms(filters: PropertyFilterInput[] | null | undefined): FilterForm[] {
  return (filters ?? []).map((filter) => ({ key: filter.key, operator: filter.operator, value: filter.value ?? '' }));
}

export function formToDefinition(form: ChartForm): ChartDefinition {
  const groupType = form.groupType || undefined;
  const groupFilters = toFilterInputs(form.groupFilters);
  const range = { from: form.from, to: form.to };
  const cohort = form.cohortId ? { cohortId: Number(form.cohortId) } : {};
  if (form.kind === 'funnel') {
    const funnel = funnelFormToDefinition(form, toFilterInputs);
    return funnel.kind === 'funnel' ? { kind: 'funnel', input: { ...funnel.input, ...cohort } } : funnel;
  }
  if (form.kind === 'retention') return { kind: 'retention', input: { ...retentionFormToInput(form), ...cohort } };
  if (form.kind === 'composition') {
    return {
      kind: 'composition',
      input: {
        property: form.property.trim(),
        ...(groupType ? { groupType } : {}),
        ...(groupFilters.length ? { groupFilters } : {}),
        ...cohort,
        ...(form.allGroups ? {} : { range }),
      },
    };
  }
  return {
    kind: 'segmentation',
    input: {
      series: form.series.map((series) => {
        const filters = toFilterInputs(series.filters);
        return {
          ...(series.eventType.trim() ? { eventType: series.eventType.trim() } : {}),
          ...(filters.length ? { filters } : {}),
        };
      }),
      ...(groupType ? { groupType } : {}),
      countedBy: form.countedBy,
      measure: form.measure,
      ...(groupFilters.length ? { groupFilters } : {}),
      ...cohort,
      ...(form.breakdownSource && form.breakdownKey.trim()
        ? { breakdown: { source: form.breakdownSource, key: form.breakdownKey.trim() } }
        : {}),
      range,
      interval: form.interval,
    },
  };
}

export function definitionToForm(definition: ChartDefinition, today: string): ChartForm {
  const fallbackRange = { from: addDays(today, -29), to: today };
  const base: ChartForm = {
    kind: definition.kind,
    groupType: definition.input.groupType ?? '',
    series: [{ eventType: '', filters: [] }],
    countedBy: 'GROUPS',
    measure: 'UNIQUES',
    groupFilters: toFilterForms(definition.input.groupFilters),
    cohortId: definition.input.cohortId ? String(definition.input.cohortId) : '',
    breakdownSource: '',
    breakdownKey: '',
    property: '',
    allGroups: false,
    ...(definition.input.range ?? fallbackRange),
    interval: 'DAY',
    windowAmount: 14,
    windowUnit: 'DAY',
    returnEventType: '',
    returnFilters: [],
    periods: 8,
  };
  if (definition.kind === 'funnel') return funnelDefinitionToForm(definition.input, base, toFilterForms);
  if (definition.kind === 'retention') return retentionInputToForm(definition.input, base);
  if (definition.kind === 'composition') {
    return { ...base, property: definition.input.property, allGroups: !definition.input.range };
  }
  const input = definition.input;
  return {
    ...base,
    series: input.series.map((series) => ({
      eventType: series.eventType ?? '',
      filters: toFilterForms(series.filters),
    })),
    countedBy: input.countedBy ?? 'GROUPS',
    measure: input.measure ?? 'UNIQUES',
    breakdownSource: input.breakdown?.source ?? '',
    breakdownKey: input.breakdown?.key ?? '',
    interval: input.interval ?? 'DAY',
  };
}

/** `?kind=…&chart=<the API input as JSON>`: the whole definition, so a link reopens the chart. */
export function serializeDefinition(definition: ChartDefinition): string {
  const params = new URLSearchParams();
  params.set('kind', definition.kind);
  params.set('chart', JSON.stringify(definition.input));
  return params.toString();
}

export function parseDefinition(params: URLSearchParams): ChartDefinition | null {
  const kind = params.get('kind');
  const text = params.get('chart');
  if (!text || (kind !== 'segmentation' && kind !== 'composition' && kind !== 'funnel' && kind !== 'retention')) {
    return null;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return null;
  }
  return definitionFromJson(kind, input);
}

/** A definition from JSON (a URL or a saved chart); null when it cannot be one of `kind`. */
export function definitionFromJson(kind: ChartKind, input: unknown): ChartDefinition | null {
  if (typeof input !== 'object' || input === null) return null;
  const candidate = input as Record<string, unknown>;
  if (kind === 'retention') {
    const retention = retentionInputFromJson(withoutNulls(candidate));
    return retention ? { kind, input: retention } : null;
  }
  if (kind === 'composition') {
    if (typeof candidate.property !== 'string') return null;
    return { kind, input: withoutNulls(candidate) as unknown as CompositionInput };
  }
  const range = candidate.range as { from?: unknown; to?: unknown } | undefined;
  if (kind === 'funnel') {
    if (!Array.isArray(candidate.steps) || !range || !isLocalDay(String(range.from)) || !isLocalDay(String(range.to))) {
      return null;
    }
    return { kind, input: withoutNulls(candidate) as unknown as FunnelInput };
  }
  if (!Array.isArray(candidate.series) || !range || !isLocalDay(String(range.from)) || !isLocalDay(String(range.to))) {
    return null;
  }
  return { kind, input: withoutNulls(candidate) as unknown as SegmentationInput };
}

// Saved definitions write every default out, nulls included (`groupType: null`, `cohortId: null`):
// dropping them keeps URLs short and leaves the server's defaults in charge.
export function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined));
}
