// Numbers as both sides print them: the API in risk reasons, the web app in tables and cards.

const groupedInteger = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export interface PercentChangeFormat {
  /** What to print when there was nothing before to compare with (the change is null). */
  whenNothingToCompare?: string;
}

/**
 * "+12%", "−87%" (a real minus sign, as people read it), "+1,234%", or "0%" for any change that
 * rounds to nothing. A missing or non-finite change prints `whenNothingToCompare` ("new" unless
 * told otherwise: risk reasons say "new", the web app shows a dash).
 */
export function formatPercentChange(change: number | null | undefined, format: PercentChangeFormat = {}): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return format.whenNothingToCompare ?? 'new';
  const rounded = Math.round(change);
  // Math.round(-0.4) is -0, which must print as 0% and not as a negative.
  if (rounded === 0) return '0%';
  const magnitude = groupedInteger.format(Math.abs(rounded));
  return rounded < 0 ? `\u2212${magnitude}%` : `+${magnitude}%`;
}
