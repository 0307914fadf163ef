// How an account's activity in a range compares with the range of equal length before it.
// The API labels rows with this function and the web app explains the bands with it, so both
// always agree on where "steady" ends.

export const trendLabels = ['RISING', 'STEADY', 'FALLING', 'FALLING_SHARPLY', 'NEW', 'INACTIVE'] as const;
export type TrendLabel = (typeof trendLabels)[number];

export type TrendMetric = 'KEY_ACTIONS' | 'EVENTS';

export interface TrendThresholds {
  /** A change within ± this percentage is steady (default 15). */
  steadyPercent: number;
  /** A change at or below this negative percentage is falling sharply (default −50). */
  sharpPercent: number;
}

export const defaultTrendThresholds: TrendThresholds = { steadyPercent: 15, sharpPercent: -50 };

export interface TrendResult {
  label: TrendLabel;
  current: number;
  previous: number;
  /** Null when there was nothing before to compare with. */
  percentChange: number | null;
}

/**
 * The percentage change from `previous` to `current`. Written as (current − previous) × 100 / previous
 * on purpose: the SQL that filters and sorts by trend uses exactly these operations in double
 * precision, so both sides round identically at a band edge.
 */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return ((current - previous) * 100) / previous;
}

export function classifyTrend(
  current: number,
  previous: number,
  thresholds: TrendThresholds = defaultTrendThresholds,
): TrendResult {
  const change = percentChange(current, previous);
  return { label: labelForChange(current, change, thresholds), current, previous, percentChange: change };
}

function labelForChange(current: number, change: number | null, thresholds: TrendThresholds): TrendLabel {
  if (change === null) return current > 0 ? 'NEW' : 'INACTIVE';
  if (change <= thresholds.sharpPercent) return 'FALLING_SHARPLY';
  if (change < -thresholds.steadyPercent) return 'FALLING';
  if (change > thresholds.steadyPercent) return 'RISING';
  return 'STEADY';
}

/** Key actions when the project has chosen some, otherwise every event. */
export function trendMetricFor(keyActions: readonly string[]): TrendMetric {
  return keyActions.length > 0 ? 'KEY_ACTIONS' : 'EVENTS';
}

/** The metric as a sentence names it: "key actions" or "events". */
export function describeTrendMetric(metric: TrendMetric): string {
  return metric === 'KEY_ACTIONS' ? 'key actions' : 'events';
}

export function isFalling(label: TrendLabel): boolean {
  return label === 'FALLING' || label === 'FALLING_SHARPLY';
}

/** Why thresholds are unusable, or null: steady must be a positive band and sharp must lie below it. */
export function describeInvalidThresholds(thresholds: TrendThresholds): string | null {
  if (!Number.isFinite(thresholds.steadyPercent) || thresholds.steadyPercent <= 0 || thresholds.steadyPercent >= 100) {
    return 'The steady band must be a percentage above 0 and below 100 (for example 15 for ±15%).';
  }
  if (
    !Number.isFinite(thresholds.sharpPercent) ||
    thresholds.sharpPercent < -100 ||
    thresholds.sharpPercent >= -thresholds.steadyPercent
  ) {
    return `"Falling sharply" must be a drop between −100% and the steady band (below −${thresholds.steadyPercent}%), for example −50.`;
  }
  return null;
}
