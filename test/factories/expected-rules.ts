// The trend and risk rules, written out by hand from their documentation (apps/api/src/modules/
// analytics/README.md "Figures, in words", the comments of packages/shared/src/trend.ts and
// risk.ts, README "Configuration"), so that the tests never take an expected value from the code
// they check.

export interface TrendSettings {
  /** Steady within ± this percentage; the README's default is 15. */
  steady?: number;
  /** Falling sharply at or below this percentage; the README's default is −50. */
  sharp?: number;
}

export interface ExpectedTrend {
  label: 'RISING' | 'STEADY' | 'FALLING' | 'FALLING_SHARPLY' | 'NEW' | 'INACTIVE';
  percentChange: number | null;
}

/** "(current − previous) × 100 / previous"; NEW = nothing before, something now; INACTIVE = nothing in either. */
export function expectedTrend(current: number, previous: number, settings: TrendSettings = {}): ExpectedTrend {
  const steady = settings.steady ?? 15;
  const sharp = settings.sharp ?? -50;
  if (previous === 0) return { label: current > 0 ? 'NEW' : 'INACTIVE', percentChange: null };
  const change = ((current - previous) * 100) / previous;
  if (change <= sharp) return { label: 'FALLING_SHARPLY', percentChange: change };
  if (change < -steady) return { label: 'FALLING', percentChange: change };
  if (change > steady) return { label: 'RISING', percentChange: change };
  return { label: 'STEADY', percentChange: change };
}

export interface RiskFacts {
  trend: ExpectedTrend;
  current: number;
  previous: number;
  usesKeyActions: boolean;
  rangeDays: number;
  peopleOnRecordAtEnd: number;
  peopleActiveInLast14Days: number;
  anyActivityInLast14Days: boolean;
}

/** How a person reads a change: rounded, a real minus sign (U+2212), a plus for growth. */
function spokenChange(change: number): string {
  const whole = Math.round(change);
  if (whole === 0) return '0%';
  return whole > 0 ? `+${whole}%` : `\u2212${-whole}%`;
}

/**
 * At risk: falling (or falling sharply) from a meaningful level, previous ≥ max(10, days of the
 * range), and at least one of: fell sharply, nothing in the last 14 days, or half or more of its
 * (at least 2) people on record inactive for 14+ days. Reasons: the trend, then silence, then people.
 */
export function expectedRisk(facts: RiskFacts): { atRisk: boolean; reasons: string[] } {
  const falling = facts.trend.label === 'FALLING' || facts.trend.label === 'FALLING_SHARPLY';
  if (!falling || facts.previous < Math.max(10, facts.rangeDays)) return { atRisk: false, reasons: [] };
  const inactive = Math.max(0, facts.peopleOnRecordAtEnd - facts.peopleActiveInLast14Days);
  const peopleQuiet = facts.peopleOnRecordAtEnd >= 2 && inactive * 2 >= facts.peopleOnRecordAtEnd;
  const silent = !facts.anyActivityInLast14Days;
  const sharp = facts.trend.label === 'FALLING_SHARPLY';
  if (!sharp && !silent && !peopleQuiet) return { atRisk: false, reasons: [] };
  const what = facts.usesKeyActions ? 'key actions' : 'events';
  const period = facts.rangeDays === 1 ? 'previous day' : `previous ${facts.rangeDays} days`;
  const reasons = [
    `${what} ${spokenChange(facts.trend.percentChange!)} vs ${period} (${facts.current} vs ${facts.previous})`,
  ];
  if (silent) reasons.push('no activity in the last 14 days');
  if (peopleQuiet) reasons.push(`${inactive} of ${facts.peopleOnRecordAtEnd} people inactive for 14+ days`);
  return { atRisk: true, reasons };
}
