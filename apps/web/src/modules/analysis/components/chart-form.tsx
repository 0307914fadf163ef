'use client';
// The chart's definition as a form. Edits stay in the form until "Show chart" so a half-typed
// property key never runs a query; submitting writes the definition to the URL.
import { type FormEvent, useState } from 'react';
import {
  type ChartForm as ChartFormState,
  countedByOptions,
  intervalOptions,
  maximumSeries,
  measureOptions,
  type SeriesForm,
} from '../chart-definition';
import { FilterRows } from './filter-rows';
import { NameSuggestions, suggestionListIds } from './name-suggestions';

interface ChartFormProps {
  initial: ChartFormState;
  groupTypes: { name: string; displayPlural: string }[];
  onSubmit(form: ChartFormState): void;
}

export function ChartForm({ initial, groupTypes, onSubmit }: ChartFormProps) {
  const [form, setForm] = useState(initial);
  const change = (changes: Partial<ChartFormState>) => setForm((current) => ({ ...current, ...changes }));
  const changeSeries = (index: number, changes: Partial<SeriesForm>) =>
    change({
      series: form.series.map((series, position) => (position === index ? { ...series, ...changes } : series)),
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(form);
  };
  const isSegmentation = form.kind === 'segmentation';

  return (
    <form className="chart-form" onSubmit={submit} aria-label="Chart definition">
      <NameSuggestions />
      <fieldset className="segmented">
        <legend className="visually-hidden">Chart kind</legend>
        {(['segmentation', 'composition'] as const).map((kind) => (
          <label key={kind} className="segmented-option">
            <input
              type="radio"
              name="chart-kind"
              value={kind}
              checked={form.kind === kind}
              onChange={() => change({ kind })}
            />
            {kind === 'segmentation' ? 'Event segmentation' : 'Composition'}
          </label>
        ))}
      </fieldset>

      <div className="form-grid">
        <label>
          Group type
          <select value={form.groupType} onChange={(event) => change({ groupType: event.target.value })}>
            <option value="">Default</option>
            {groupTypes.map((groupType) => (
              <option key={groupType.name} value={groupType.name}>
                {groupType.displayPlural} ({groupType.name})
              </option>
            ))}
          </select>
        </label>
        {isSegmentation ? (
          <>
            <label>
              Counted by
              <select
                value={form.countedBy}
                onChange={(event) => change({ countedBy: event.target.value as ChartFormState['countedBy'] })}
              >
                {countedByOptions.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Measure
              <select
                value={form.measure}
                onChange={(event) => change({ measure: event.target.value as ChartFormState['measure'] })}
              >
                {measureOptions.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <label>
            Group property
            <input
              required
              placeholder="e.g. plan"
              list={suggestionListIds.groupPropertyKeys}
              autoComplete="off"
              value={form.property}
              onChange={(event) => change({ property: event.target.value })}
            />
          </label>
        )}
      </div>

      {isSegmentation ? (
        <section aria-label="Series" className="series-list">
          {form.series.map((series, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a series is its position in the chart (seriesIndex).
            <div className="series-editor" key={index}>
              <label>
                Series {index + 1}: event type
                <input
                  placeholder="Any event"
                  list={suggestionListIds.eventTypes}
                  autoComplete="off"
                  value={series.eventType}
                  onChange={(event) => changeSeries(index, { eventType: event.target.value })}
                />
              </label>
              <FilterRows
                legend={`Event property conditions of series ${index + 1}`}
                idPrefix={`series-${index}-filter`}
                filters={series.filters}
                onChange={(filters) => changeSeries(index, { filters })}
                addLabel="+ Event property condition"
                keySuggestions={suggestionListIds.eventPropertyKeys}
              />
              {form.series.length > 1 ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => change({ series: form.series.filter((_, position) => position !== index) })}
                >
                  Remove series {index + 1}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            className="button"
            disabled={form.series.length >= maximumSeries}
            onClick={() => change({ series: [...form.series, { eventType: '', filters: [] }] })}
          >
            Add series{form.series.length >= maximumSeries ? ` (at most ${maximumSeries})` : ''}
          </button>
        </section>
      ) : null}

      <div className="form-grid">
        <div>
          <span className="form-label">Group filters (current property values)</span>
          <FilterRows
            legend="Group property conditions"
            idPrefix="group-filter"
            filters={form.groupFilters}
            onChange={(groupFilters) => change({ groupFilters })}
            addLabel="+ Group property condition"
            keySuggestions={suggestionListIds.groupPropertyKeys}
          />
        </div>
        {isSegmentation ? (
          <>
            <label>
              Breakdown
              <select
                value={form.breakdownSource}
                onChange={(event) =>
                  change({ breakdownSource: event.target.value as ChartFormState['breakdownSource'] })
                }
              >
                <option value="">None</option>
                <option value="GROUP_PROPERTY">Group property</option>
                <option value="EVENT_PROPERTY">Event property</option>
              </select>
            </label>
            {form.breakdownSource ? (
              <label>
                Breakdown property
                <input
                  required
                  placeholder="e.g. plan"
                  list={
                    form.breakdownSource === 'GROUP_PROPERTY'
                      ? suggestionListIds.groupPropertyKeys
                      : suggestionListIds.eventPropertyKeys
                  }
                  autoComplete="off"
                  value={form.breakdownKey}
                  onChange={(event) => change({ breakdownKey: event.target.value })}
                />
              </label>
            ) : null}
          </>
        ) : null}
      </div>

      <div className="form-grid">
        {isSegmentation ? null : (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.allGroups}
              onChange={(event) => change({ allGroups: event.target.checked })}
            />
            All groups (not only those active in the range)
          </label>
        )}
        {isSegmentation || !form.allGroups ? (
          <>
            <label>
              From
              <input
                type="date"
                required
                value={form.from}
                onChange={(event) => change({ from: event.target.value })}
              />
            </label>
            <label>
              To
              <input type="date" required value={form.to} onChange={(event) => change({ to: event.target.value })} />
            </label>
          </>
        ) : null}
        {isSegmentation ? (
          <label>
            Interval
            <select
              value={form.interval}
              onChange={(event) => change({ interval: event.target.value as ChartFormState['interval'] })}
            >
              {intervalOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>

      <button type="submit" className="button button-primary">
        Show chart
      </button>
    </form>
  );
}
