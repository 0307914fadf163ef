import { describeTrendMetric, formatPercentChange } from '@leadmaps/shared';
import type { GroupRowFragment, TrendLabel } from '@/generated/graphql';
import { formatDay, formatInteger } from '@/lib/format';

export const trendPresentation: Record<TrendLabel, { label: string; symbol: string; tone: string }> = {
  RISING: { label: 'Rising', symbol: '↑', tone: 'good' },
  STEADY: { label: 'Steady', symbol: '→', tone: 'neutral' },
  FALLING: { label: 'Falling', symbol: '↘', tone: 'warn' },
  FALLING_SHARPLY: { label: 'Falling sharply', symbol: '↓', tone: 'bad' },
  NEW: { label: 'New', symbol: '✦', tone: 'info' },
  INACTIVE: { label: 'Inactive', symbol: '–', tone: 'muted' },
};

export function TrendPill({ label }: { label: TrendLabel }) {
  const presentation = trendPresentation[label];
  return (
    <span className={`pill pill-${presentation.tone}`} data-trend={label}>
      <span aria-hidden="true">{presentation.symbol}</span> {presentation.label}
    </span>
  );
}

type SparklinePoint = GroupRowFragment['sparkline'][number];

/** A tiny line of the trend's metric per day; the numbers themselves sit in the label for screen readers. */
export function Sparkline({
  points,
  metric,
  width = 80,
  height = 24,
}: {
  points: SparklinePoint[];
  metric: GroupRowFragment['trend']['metric'];
  width?: number;
  height?: number;
}) {
  if (!points.length) return null;
  const values = points.map((point) => (metric === 'KEY_ACTIONS' ? point.keyActions : point.events));
  const peak = Math.max(...values);
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const y = (value: number) => (peak === 0 ? height - 1 : height - 1 - (value / peak) * (height - 3));
  const path = values
    .map((value, index) => `${index === 0 ? 'M' : 'L'}${(index * step).toFixed(1)},${y(value).toFixed(1)}`)
    .join(' ');
  const total = values.reduce((sum, value) => sum + value, 0);
  const description = `${formatInteger(total)} ${describeTrendMetric(metric)} from ${formatDay(points[0]!.day)} to ${formatDay(points[points.length - 1]!.day)}, at most ${formatInteger(peak)} a day`;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={description}
    >
      <title>{description}</title>
      <path d={`${path} L${width},${height} L0,${height} Z`} className="sparkline-area" />
      <path d={path} className="sparkline-line" />
    </svg>
  );
}

/** The web app shows a dash where the API's risk reasons say "new". */
export const noComparison = { whenNothingToCompare: '—' };

export function TrendCell({ group }: { group: Pick<GroupRowFragment, 'trend' | 'sparkline'> }) {
  const { trend } = group;
  return (
    <div className="trend-cell">
      <TrendPill label={trend.label} />
      <span className={`trend-percent tone-${trendPresentation[trend.label].tone}`}>
        {formatPercentChange(trend.percentChange, noComparison)}
      </span>
      <Sparkline points={group.sparkline} metric={trend.metric} />
    </div>
  );
}
