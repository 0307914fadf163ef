// "Going quiet": which accounts deserve a call before renewal, and why, in words and numbers.
// An account only counts as at risk when it was genuinely active before and has fallen: an
// account that was always small has nothing to lose, and a new account has nothing to compare.
import { formatPercentChange } from './format';
import { describeTrendMetric, isFalling, type TrendMetric, type TrendResult } from './trend';

/** People count as inactive when they did nothing in this many days up to the end of the range. */
export const inactiveWindowDays = 14;
/** Share of people on record who must be inactive for the people reason to apply. */
export const inactivePeopleShare = 0.5;
/** Fewer people than this on record say little about an account's health. */
export const minimumPeopleForPeopleReason = 2;

/**
 * The least activity (in the trend metric) the previous range must have held for a fall to
 * matter: on average one per day, and never less than 10, so a drop from 3 to 0 is not flagged.
 */
export function minimumPreviousActivity(rangeDays: number): number {
  return Math.max(10, rangeDays);
}

export interface RiskInput {
  trend: TrendResult;
  metric: TrendMetric;
  rangeDays: number;
  /** People attributed to the account on or before the last day of the range. */
  peopleOnRecord: number;
  /** Of those, people active in the last `inactiveWindowDays` days ending with the range. */
  peopleActiveRecently: number;
  /** Whether the account had any activity at all in that window. */
  activeRecently: boolean;
}

export interface RiskAssessment {
  atRisk: boolean;
  reasons: string[];
}

/**
 * Necessary (not sufficient) condition for being at risk. Lets the server narrow a whole
 * account list down before it computes people for the few that remain.
 */
export function isRiskCandidate(trend: TrendResult, rangeDays: number): boolean {
  return isFalling(trend.label) && trend.previous >= minimumPreviousActivity(rangeDays);
}

export function assessRisk(input: RiskInput): RiskAssessment {
  if (!isRiskCandidate(input.trend, input.rangeDays)) return { atRisk: false, reasons: [] };
  const inactivePeople = Math.max(0, input.peopleOnRecord - input.peopleActiveRecently);
  const peopleWentQuiet =
    input.peopleOnRecord >= minimumPeopleForPeopleReason &&
    inactivePeople / input.peopleOnRecord >= inactivePeopleShare;
  const fellSharply = input.trend.label === 'FALLING_SHARPLY';
  const wentSilent = !input.activeRecently;
  if (!fellSharply && !wentSilent && !peopleWentQuiet) return { atRisk: false, reasons: [] };

  const reasons = [describeTrendReason(input.trend, input.metric, input.rangeDays)];
  if (wentSilent) reasons.push(`no activity in the last ${inactiveWindowDays} days`);
  if (peopleWentQuiet)
    reasons.push(`${inactivePeople} of ${input.peopleOnRecord} people inactive for ${inactiveWindowDays}+ days`);
  return { atRisk: true, reasons };
}

/** "key actions −87% vs previous 30 days" (a real minus sign, as people read it). */
export function describeTrendReason(trend: TrendResult, metric: TrendMetric, rangeDays: number): string {
  const what = describeTrendMetric(metric);
  const change = formatPercentChange(trend.percentChange);
  const period = rangeDays === 1 ? 'previous day' : `previous ${rangeDays} days`;
  return `${what} ${change} vs ${period} (${trend.current} vs ${trend.previous})`;
}
