'use client';
// A segmentation answer as a chart (line or bar, one line per series × breakdown value) and the
// same figures as a table. A point, or its table cell, opens Microscope on that point.
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { BreakdownValueInput, SegmentationChartQuery } from '@/generated/graphql';
import { formatDay, formatDecimal } from '@/lib/format';

type Segmentation = SegmentationChartQuery['segmentation'];
type Series = Segmentation['series'][number];

export interface SelectedPoint {
  seriesIndex: number;
  bucket: string;
  breakdown: BreakdownValueInput | null;
  /** What the panel calls the point. */
  label: string;
}

const palette = [
  '#1d4ed8',
  '#0f766e',
  '#b45309',
  '#9333ea',
  '#be123c',
  '#4d7c0f',
  '#0369a1',
  '#a16207',
  '#475569',
  '#db2777',
];

export function seriesLabel(series: Series): string {
  const event = series.eventType ?? 'Any event';
  return series.breakdown ? `${event} · ${series.breakdown.label}` : event;
}

function bucketLabel(bucket: string, interval: Segmentation['interval']): string {
  if (interval === 'WEEK') return `Week of ${formatDay(bucket)}`;
  if (interval === 'MONTH') return formatDay(bucket, { month: 'short', year: 'numeric' });
  return formatDay(bucket, { dateStyle: 'medium' });
}

export function SegmentationResult({
  result,
  onSelectPoint,
}: {
  result: Segmentation;
  onSelectPoint(point: SelectedPoint): void;
}) {
  const [style, setStyle] = useState<'line' | 'bar'>('line');
  const rows = result.buckets.map((bucket, bucketIndex) => {
    const row: Record<string, number | string> = { bucket };
    result.series.forEach((series, index) => {
      row[`s${index}`] = series.points[bucketIndex]?.value ?? 0;
    });
    return row;
  });
  const select = (series: Series, bucket: string) =>
    onSelectPoint({
      seriesIndex: series.seriesIndex,
      bucket,
      breakdown: series.breakdown ? { kind: series.breakdown.kind, value: series.breakdown.value } : null,
      label: `${seriesLabel(series)}, ${bucketLabel(bucket, result.interval)}`,
    });
  const selectByIndex = (seriesPosition: number, bucketIndex: number | undefined) => {
    const series = result.series[seriesPosition];
    const bucket = bucketIndex === undefined ? undefined : result.buckets[bucketIndex];
    if (series && bucket) select(series, bucket);
  };
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
      <XAxis dataKey="bucket" tickFormatter={(day: string) => formatDay(day)} tick={{ fontSize: 12 }} minTickGap={16} />
      <YAxis tick={{ fontSize: 12 }} width={48} tickFormatter={(value: number) => formatDecimal(value)} />
      <Tooltip
        labelFormatter={(bucket) => bucketLabel(String(bucket), result.interval)}
        formatter={(value) => formatDecimal(Number(value))}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );

  return (
    <div className="segmentation-result">
      {/* biome-ignore lint/a11y/useSemanticElements: a <fieldset> adds a border and padding; toggle buttons need only the grouping. */}
      <div className="segmented" role="group" aria-label="Chart style">
        {(['line', 'bar'] as const).map((option) => (
          <button key={option} type="button" aria-pressed={style === option} onClick={() => setStyle(option)}>
            {option === 'line' ? 'Line' : 'Bar'}
          </button>
        ))}
      </div>
      <figure
        className="chart"
        aria-label={`Chart of ${result.series.length} series over ${result.buckets.length} buckets`}
      >
        <ResponsiveContainer width="100%" height={300}>
          {style === 'line' ? (
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
              {axes}
              {result.series.map((series, index) => (
                <Line
                  key={`s${series.seriesIndex}-${series.breakdown?.label ?? ''}`}
                  dataKey={`s${index}`}
                  name={seriesLabel(series)}
                  stroke={palette[index % palette.length]}
                  strokeWidth={2}
                  // Every point is a dot that opens Microscope. The hover dot is off: it is drawn over
                  // the point and swapped on every mouse move, which would swallow the click.
                  dot={(dot: { cx?: number; cy?: number; index?: number }) => (
                    <PointDot
                      key={`${series.seriesIndex}-${series.breakdown?.label ?? ''}-${dot.index}`}
                      cx={dot.cx}
                      cy={dot.cy}
                      color={palette[index % palette.length]!}
                      seriesPosition={index}
                      bucketIndex={dot.index}
                      onSelect={() => selectByIndex(index, dot.index)}
                    />
                  )}
                  activeDot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          ) : (
            <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
              {axes}
              {result.series.map((series, index) => (
                <Bar
                  key={`s${series.seriesIndex}-${series.breakdown?.label ?? ''}`}
                  dataKey={`s${index}`}
                  name={seriesLabel(series)}
                  fill={palette[index % palette.length]}
                  cursor="pointer"
                  onClick={(_data: unknown, bucketIndex: number) => selectByIndex(index, bucketIndex)}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          )}
        </ResponsiveContainer>
        <figcaption className="hint">Click a point, or a figure in the table, to see the groups behind it.</figcaption>
      </figure>
      <div className="table-scroll">
        <table className="data-table analysis-table">
          <caption className="visually-hidden">The chart's figures: one row per series, one column per bucket</caption>
          <thead>
            <tr>
              <th scope="col">Series</th>
              <th scope="col">Total</th>
              {result.buckets.map((bucket) => (
                <th scope="col" key={bucket}>
                  {formatDay(bucket)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.series.map((series, index) => (
              <tr
                key={`s${series.seriesIndex}-${series.breakdown?.label ?? ''}`}
                data-series-index={series.seriesIndex}
                data-breakdown={series.breakdown?.label ?? ''}
              >
                <th scope="row">
                  <span className="legend-swatch" style={{ background: palette[index % palette.length] }} />
                  {seriesLabel(series)}
                </th>
                <td data-total={series.total}>{formatDecimal(series.total)}</td>
                {series.points.map((point) => (
                  <td key={point.bucket} data-bucket={point.bucket} data-value={point.value}>
                    <button
                      type="button"
                      className="cell-button"
                      onClick={() => select(series, point.bucket)}
                      aria-label={`${formatDecimal(point.value)}: open Microscope for ${seriesLabel(series)}, ${bucketLabel(point.bucket, result.interval)}`}
                    >
                      {formatDecimal(point.value)}
                    </button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

interface PointDotProps {
  cx: number | undefined;
  cy: number | undefined;
  color: string;
  seriesPosition: number;
  bucketIndex: number | undefined;
  onSelect(): void;
}

function PointDot({ cx, cy, color, seriesPosition, bucketIndex, onSelect }: PointDotProps) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut only; the table below has a real button for every point, which is the keyboard's way in.
    <circle
      cx={cx}
      cy={cy}
      r={3}
      fill={color}
      className="chart-point"
      data-series={seriesPosition}
      data-bucket-index={bucketIndex}
      cursor="pointer"
      onClick={onSelect}
    />
  );
}
