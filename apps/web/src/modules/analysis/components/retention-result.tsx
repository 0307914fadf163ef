'use client';
// A retention answer: the cohort table as a heat-map (one row per birth period, one column per
// offset; incomplete cells are marked, not zero) and the averaged curve. A cell opens Microscope
// on its retained or lost units. With a breakdown, a selector picks the table shown.
import { useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BreakdownValueInput, RetentionChartQuery } from '@/generated/graphql';
import { formatDay, formatInteger } from '@/lib/format';

type Retention = RetentionChartQuery['retention'];
type Table = Retention['total'];

export interface SelectedCell {
  cohort: string;
  offset: number;
  breakdown: BreakdownValueInput | null;
  /** What the panel calls the cell. */
  label: string;
}

export function periodLabel(period: string, interval: Retention['interval']): string {
  if (interval === 'WEEK') return `Week of ${formatDay(period)}`;
  if (interval === 'MONTH') return formatDay(period, { month: 'short', year: 'numeric' });
  return formatDay(period, { dateStyle: 'medium' });
}

const offsetName = { DAY: 'Day', WEEK: 'Week', MONTH: 'Month' } as const;

export const formatPercentage = (value: number) => `${value.toFixed(1)}%`;

/** Heat of a percentage: a blue whose strength follows the share retained. */
function heat(percentage: number): { background: string; color: string } {
  const strength = Math.max(0.06, Math.min(1, percentage / 100));
  return {
    background: `rgba(29, 78, 216, ${strength.toFixed(2)})`,
    color: strength > 0.5 ? '#ffffff' : '#0f172a',
  };
}

export function RetentionResult({
  result,
  onSelectCell,
}: {
  result: Retention;
  onSelectCell(cell: SelectedCell): void;
}) {
  const tables = [result.total, ...result.breakdowns];
  const [tableIndex, setTableIndex] = useState(0);
  const table: Table = tables[tableIndex] ?? result.total;
  const unit = result.countedBy === 'PEOPLE' ? 'people' : 'groups';
  const offsets = Array.from({ length: result.periods + 1 }, (_, offset) => offset);
  const curve = table.curve.map((point) => ({
    offset: `${offsetName[result.interval]} ${point.offset}`,
    percentage: point.percentage,
  }));
  const tableName = (candidate: Table) => (candidate.breakdown ? candidate.breakdown.label : `All ${unit}`);

  return (
    <div className="retention-result">
      {result.breakdowns.length > 0 ? (
        <label>
          Table
          <select
            value={tableIndex}
            onChange={(event) => setTableIndex(Number(event.target.value))}
            data-testid="retention-table-select"
          >
            {tables.map((candidate, index) => (
              <option
                key={candidate.breakdown ? `${candidate.breakdown.kind}|${candidate.breakdown.value}` : 'all'}
                value={index}
              >
                {tableName(candidate)} ({formatInteger(candidate.born)})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <figure className="chart" aria-label={`Averaged retention curve of ${tableName(table)}`}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={curve} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="offset" />
            <YAxis domain={[0, 100]} unit="%" />
            <Tooltip formatter={(value) => (typeof value === 'number' ? formatPercentage(value) : 'not complete')} />
            <Line
              dataKey="percentage"
              name="Retained"
              stroke="#1d4ed8"
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
        <figcaption className="hint">
          Averaged curve: retained ÷ born over the cohorts whose period has ended, weighted by cohort size.
        </figcaption>
      </figure>
      <div className="table-scroll">
        <table className="data-table retention-table" data-testid="retention-table">
          <caption className="visually-hidden">
            Cohorts of {tableName(table)}: units born per period and the share retained each later period
          </caption>
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col">Born</th>
              {offsets.map((offset) => (
                <th scope="col" key={offset}>
                  {offsetName[result.interval]} {offset}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="retention-average" data-testid="retention-curve-row">
              <th scope="row">Average</th>
              <td>{formatInteger(table.curve[0]?.born ?? 0)}</td>
              {table.curve.map((point) => (
                <td key={point.offset} data-percentage={point.percentage ?? ''}>
                  {point.percentage === null ? '–' : formatPercentage(point.percentage)}
                </td>
              ))}
            </tr>
            {table.cohorts.map((cohort) => (
              <tr key={cohort.period} data-cohort={cohort.period}>
                <th scope="row">{periodLabel(cohort.period, result.interval)}</th>
                <td data-born={cohort.born}>{formatInteger(cohort.born)}</td>
                {cohort.cells.map((cell) => {
                  if (!cell.complete || cell.retained === null) {
                    return (
                      <td
                        key={cell.offset}
                        className="retention-incomplete"
                        title="Not complete yet"
                        data-offset={cell.offset}
                      >
                        <span aria-hidden="true">…</span>
                        <span className="visually-hidden">not complete yet</span>
                      </td>
                    );
                  }
                  const label = `${periodLabel(cohort.period, result.interval)}, ${offsetName[result.interval].toLowerCase()} ${cell.offset}: ${formatInteger(cell.retained)} of ${formatInteger(cohort.born)} retained`;
                  return (
                    <td
                      key={cell.offset}
                      style={cell.percentage === null ? undefined : heat(cell.percentage)}
                      data-offset={cell.offset}
                      data-retained={cell.retained}
                    >
                      <button
                        type="button"
                        className="cell-button"
                        aria-label={`${label}. Open Microscope`}
                        disabled={cohort.born === 0}
                        onClick={() =>
                          onSelectCell({
                            cohort: cohort.period,
                            offset: cell.offset,
                            breakdown: table.breakdown
                              ? { kind: table.breakdown.kind, value: table.breakdown.value }
                              : null,
                            label: `${tableName(table)} · ${label}`,
                          })
                        }
                      >
                        {cell.percentage === null ? '–' : formatPercentage(cell.percentage)}
                        <span className="small"> {formatInteger(cell.retained)}</span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        Born: first start event in the range. Retained in a period: a return event in it (period 0 is the birth period).
        “…”: the period has not ended yet.
      </p>
    </div>
  );
}
