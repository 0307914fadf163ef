// The date range a person picked in the web app, as it travels in a URL (`range`, `from`, `to`),
// and the days it stands for. The Groups list and the company detail page read and write the same
// parameters, so a range survives going from one to the other and back.
import { defaultRange, isLocalDay, type DayRange, type LocalDay } from './date-range';

/** Ranges that end today, by their length in days. */
export const rangePresets = ['7', '30', '90'] as const;
export type RangePreset = (typeof rangePresets)[number];
export type RangeChoice = RangePreset | 'custom';

/** What a URL without `range` means; it is left out of URLs for that reason. */
export const defaultRangePreset: RangePreset = '30';

export interface RangeSelection {
  range: RangeChoice;
  /** Set (with `to`) exactly when `range` is "custom". */
  from: LocalDay | null;
  to: LocalDay | null;
}

export const defaultRangeSelection: RangeSelection = { range: defaultRangePreset, from: null, to: null };

function isRangePreset(value: string | null): value is RangePreset {
  return (rangePresets as readonly (string | null)[]).includes(value);
}

/**
 * Reads a selection from URL parameters. Anything unusable (an unknown preset, a custom range with
 * a missing or impossible day, or one that ends before it starts) falls back to the default.
 */
export function parseRangeSelection(params: { get(name: string): string | null }): RangeSelection {
  const range = params.get('range');
  const from = params.get('from');
  const to = params.get('to');
  if (range === 'custom' && isLocalDay(from) && isLocalDay(to) && from <= to) return { range, from, to };
  return { range: isRangePreset(range) ? range : defaultRangePreset, from: null, to: null };
}

/** The URL parameters of a selection, without the default so plain URLs stay plain. */
export function rangeSelectionParams(selection: RangeSelection): Record<string, string> {
  if (selection.range === 'custom') {
    const { from, to } = selection;
    return from && to ? { range: 'custom', from, to } : { range: 'custom' };
  }
  return selection.range === defaultRangePreset ? {} : { range: selection.range };
}

/** The days a selection covers: a custom range as given, a preset as the days ending today in the project time zone. */
export function resolveRange(selection: RangeSelection, timeZone: string, now: Date = new Date()): DayRange {
  if (selection.range === 'custom' && selection.from && selection.to) return { from: selection.from, to: selection.to };
  return defaultRange(timeZone, now, Number(selection.range === 'custom' ? defaultRangePreset : selection.range));
}
