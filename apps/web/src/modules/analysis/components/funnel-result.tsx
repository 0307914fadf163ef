'use client';
// A funnel answer: a bar per step (those who reached it, stacked on those who dropped off since the
// previous step) and the same figures in a table with the time to convert. A bar, or its figure in
// the table, opens Microscope: a step's bar on the units that reached it, the drop-off part on the
// units that reached the previous step and not this one.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BreakdownValueInput, FunnelChartQuery, FunnelOutcome } from '@/generated/graphql';
import { formatInteger } from '@/lib/format';
import { formatDuration } from '../funnel-definition';

type Funnel = FunnelChartQuery['funnel'];
type Step = Funnel['steps'][number];

export interface SelectedFunnelBar {
  step: number;
  outcome: FunnelOutcome;
  breakdown: BreakdownValueInput | null;
  countedBy: Funnel['countedBy'];
  /** What the panel calls the bar. */
  label: string;
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
export const stepName = (step: Step) => `${step.step}. ${step.eventType ?? 'Any event'}`;

export function FunnelResult({
  result,
  onSelect,
  caption,
}: {
  result: Funnel;
  onSelect(bar: SelectedFunnelBar): void;
  caption: string;
}) {
  const unitWord = result.countedBy === 'PEOPLE' ? 'people' : `${result.groupType ?? ''} groups`.trim();
  const reached = (step: Step, breakdown: SelectedFunnelBar['breakdown'] = null, prefix = '') =>
    onSelect({
      step: step.step,
      outcome: 'REACHED',
      breakdown,
      countedBy: result.countedBy,
      label: `${prefix}${unitWord} that reached step ${stepName(step)}`,
    });
  const dropped = (step: Step) => {
    const previous = result.steps[step.step - 2];
    if (!previous) return;
    onSelect({
      step: previous.step,
      outcome: 'DROPPED_OFF',
      breakdown: null,
      countedBy: result.countedBy,
      label: `${unitWord} that reached step ${stepName(previous)} and not step ${step.step}`,
    });
  };
  const rows = result.steps.map((step) => ({
    name: stepName(step),
    reached: step.count,
    dropped: step.droppedFromPrevious,
  }));

  return (
    <div className="funnel-result" data-counted-by={result.countedBy}>
      <figure className="chart" aria-label={caption}>
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
            <YAxis tick={{ fontSize: 12 }} width={48} allowDecimals={false} />
            <Tooltip formatter={(value) => formatInteger(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="reached"
              name="Reached"
              stackId="funnel"
              fill="#1d4ed8"
              cursor="pointer"
              onClick={(_data: unknown, index: number) => {
                const step = result.steps[index];
                if (step) reached(step);
              }}
              isAnimationActive={false}
            />
            <Bar
              dataKey="dropped"
              name="Dropped off"
              stackId="funnel"
              fill="#fca5a5"
              cursor="pointer"
              onClick={(_data: unknown, index: number) => {
                const step = result.steps[index];
                if (step) dropped(step);
              }}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
        <figcaption className="hint">
          {caption}. Click a bar, or a figure in the table, to see who is behind it.
        </figcaption>
      </figure>
      <div className="table-scroll">
        <table className="data-table analysis-table funnel-table">
          <caption className="visually-hidden">{caption}: one row per step</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Reached</th>
              <th scope="col">From previous</th>
              <th scope="col">From first</th>
              <th scope="col">Dropped off</th>
              <th scope="col">Median time</th>
              <th scope="col">Average time</th>
            </tr>
          </thead>
          <tbody>
            {result.steps.map((step) => (
              <tr key={step.step} data-step={step.step}>
                <th scope="row">{stepName(step)}</th>
                <td data-count={step.count}>
                  <button
                    type="button"
                    className="cell-button"
                    onClick={() => reached(step)}
                    aria-label={`${formatInteger(step.count)}: open Microscope on the ${unitWord} that reached step ${stepName(step)}`}
                  >
                    {formatInteger(step.count)}
                  </button>
                </td>
                <td data-conversion={step.conversionFromPrevious}>{percent(step.conversionFromPrevious)}</td>
                <td data-conversion-first={step.conversionFromFirst}>{percent(step.conversionFromFirst)}</td>
                <td data-dropped={step.droppedFromPrevious}>
                  {step.step > 1 ? (
                    <button
                      type="button"
                      className="cell-button"
                      onClick={() => dropped(step)}
                      aria-label={`${formatInteger(step.droppedFromPrevious)}: open Microscope on the ${unitWord} that dropped off before step ${step.step}`}
                    >
                      {formatInteger(step.droppedFromPrevious)}
                    </button>
                  ) : (
                    '–'
                  )}
                </td>
                <td data-median-seconds={step.medianSecondsFromPrevious ?? ''}>
                  {formatDuration(step.medianSecondsFromPrevious)}
                </td>
                <td data-average-seconds={step.averageSecondsFromPrevious ?? ''}>
                  {formatDuration(step.averageSecondsFromPrevious)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.breakdowns.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table analysis-table funnel-breakdown-table">
            <caption>By breakdown value: reached (conversion from the first step)</caption>
            <thead>
              <tr>
                <th scope="col">Value</th>
                {result.steps.map((step) => (
                  <th scope="col" key={step.step}>
                    {stepName(step)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.breakdowns.map((entry) => (
                <tr key={`${entry.breakdown.kind}-${entry.breakdown.label}`} data-breakdown={entry.breakdown.label}>
                  <th scope="row">{entry.breakdown.label}</th>
                  {entry.steps.map((step) => (
                    <td key={step.step} data-step={step.step} data-count={step.count}>
                      <button
                        type="button"
                        className="cell-button"
                        onClick={() =>
                          reached(
                            step,
                            { kind: entry.breakdown.kind, value: entry.breakdown.value },
                            `${entry.breakdown.label}: `,
                          )
                        }
                      >
                        {formatInteger(step.count)}
                      </button>{' '}
                      <span className="muted small">({percent(step.conversionFromFirst)})</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
