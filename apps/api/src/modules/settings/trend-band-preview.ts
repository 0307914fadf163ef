// How many groups of a type each trend band would hold under proposed thresholds, over the
// default range the Groups page opens with: the admin sees the effect before saving.
import { classifyTrend, describeInvalidThresholds, trendLabels, type TrendLabel } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import { resolveAnalyticsWindow } from '../analytics/analytics-window';
import { rankGroups } from '../analytics/queries/group-ranking.query';
import type { GroupTypeRow } from '../analytics/queries/group-types.query';
import type { ProjectRecord } from '../projects/project.repository';

export interface TrendBandCount {
  label: TrendLabel;
  groups: number;
}

export async function previewTrendBands(
  client: SqlExecutor,
  project: ProjectRecord,
  groupType: GroupTypeRow,
  thresholds: { steadyPercent: number; sharpPercent: number },
  now: Date = new Date(),
): Promise<TrendBandCount[]> {
  const problem = describeInvalidThresholds(thresholds);
  if (problem) throw new DomainError('INVALID_INPUT', problem);
  const window = resolveAnalyticsWindow(project, null, now);
  // Every group's current and previous metric, labelled here with the proposed bands by the same
  // function that labels the Groups page (the stored thresholds only matter to SQL filters).
  const rows = await rankGroups(client, {
    window,
    groupTypeId: groupType.id,
    nameProperty: groupType.nameProperty,
    sort: { field: 'TREND_PERCENT', direction: 'DESC' },
    page: null,
  });
  const counts = new Map<TrendLabel, number>(trendLabels.map((label) => [label, 0]));
  for (const row of rows) {
    const { label } = classifyTrend(row.currentMetric, row.previousMetric, thresholds);
    counts.set(label, counts.get(label)! + 1);
  }
  return trendLabels.map((label) => ({ label, groups: counts.get(label)! }));
}
