// The days one analytics request looks at, resolved once so every query of the request agrees.
import {
  addDays,
  defaultRange,
  describeInvalidRange,
  inactiveWindowDays,
  previousRange,
  rangeLength,
  trendMetricFor,
  type DayRange,
  type TrendMetric,
  type TrendThresholds,
} from '@leadmaps/shared';
import { DomainError } from '../../lib/domain-error';
import type { ProjectRecord } from '../projects/project.repository';

export interface AnalyticsWindow {
  projectId: number;
  timeZone: string;
  range: DayRange;
  previousRange: DayRange;
  days: number;
  /** First day of the "inactive for 14+ days" window that ends with the range. */
  recentFrom: string;
  /** Earliest day any figure of the request needs: the previous range or the recent window. */
  scanFrom: string;
  metric: TrendMetric;
  thresholds: TrendThresholds;
}

export function resolveAnalyticsWindow(
  project: ProjectRecord,
  requested: DayRange | null | undefined,
  now: Date = new Date(),
): AnalyticsWindow {
  const range = requested ?? defaultRange(project.timeZone, now);
  const problem = describeInvalidRange(range);
  if (problem) throw new DomainError('INVALID_INPUT', problem);
  const previous = previousRange(range);
  const recentFrom = addDays(range.to, -(inactiveWindowDays - 1));
  return {
    projectId: project.id,
    timeZone: project.timeZone,
    range,
    previousRange: previous,
    days: rangeLength(range),
    recentFrom,
    // biome-ignore lint/complexity/useMathMinMax: local days are YYYY-MM-DD strings, which Math.min would turn into NaN.
    scanFrom: recentFrom < previous.from ? recentFrom : previous.from,
    metric: trendMetricFor(project.keyActions),
    thresholds: { steadyPercent: project.trendSteadyPercent, sharpPercent: project.trendSharpPercent },
  };
}
