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
import { maximumFunnelSteps, minimumFunnelSteps } from '../funnel-definition';
import { CohortSelect } from '../../cohorts/components/cohort-select';
import { FilterRows } from './filter-rows';
import { FunnelWindowFields } from './funnel-window-fields';
import { RetentionFields } from './retention-fields';

const kindLabels = {
  segmentation: 'Event segmentation',
  composition: 'Composition',
  funnel: 'Funnel',
  retention: 'Retention',
} as const;
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
  const isFunnel = form.kind === 'funnel';
  const isComposition = form.kind === 'composition';
  // Funnels share the series editor (as steps), counted-by and breakdown with segmentation.
  const isSegmentation = form.kind === 'segmentation' || isFunnel;
  const hasBreakdown = isSegmentation || form.kind === 'retention';
  const seriesName = isFunnel ? 'Step' : 'Series';
  const maximumRows = isFunnel ? maximumFunnelSteps : maximumSeries;
  const chooseKind = (kind: ChartFormState['kind']) =>
    change({
      kind,
      ...(kind === 'funnel' && form.series.length < minimumFunnelSteps
        ? { series: [...form.series, { eventType: '', filters: [] }] }
        : {}),
      ...(kind === 'funnel' && form.countedBy === 'EVENTS' ? { countedBy: 'GROUPS' as const } : {}),
      // Funnels and retention break down by a group property or a cohort, never by an event property.
      ...(kind !== 'segmentation' && form.breakdownSource === 'EVENT_PROPERTY'
        ? { breakdownSource: 'GROUP_PROPERTY' as const }
        : {}),
      ...(kind === 'retention' && form.kind !== 'retention' ? { interval: 'WEEK' as const } : {}),
    });

  return (
    <form className="chart-form" onSubmit={submit} aria-label="Chart definition">
      <NameSuggestions />
      <fieldset className="segmented">
        <legend className="visually-hidden">Chart kind</legend>
        {(['segmentation', 'composition', 'funnel', 'retention'] as const).map((kind) => (
          <label key={kind} className="segmented-option">
            <input
              type="radio"
              name="chart-kind"
              value={kind}
              checked={form.kind === kind}
              onChange={() => chooseKind(kind)}
            />
            {kindLabels[kind]}
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
                {countedByOptions
                  .filter((option) => !isFunnel || option.value !== 'EVENTS')
                  .map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
              </select>
            </label>
            {isFunnel ? (
              <FunnelWindowFields
                amount={form.windowAmount}
                unit={form.windowUnit}
                onChange={(windowAmount, windowUnit) => change({ windowAmount, windowUnit })}
              />
            ) : null}
            {isFunnel ? null : (
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
            )}
          </>
        ) : isComposition ? (
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
        ) : null}
      </div>

      {form.kind === 'retention' ? <RetentionFields form={form} change={change} /> : null}

      {isSegmentation ? (
        <section aria-label={isFunnel ? 'Steps' : 'Series'} className="series-list">
          {form.series.map((series, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a series is its position in the chart (seriesIndex).
            <div className="series-editor" key={index}>
              <label>
                {seriesName} {index + 1}: event type
                <input
                  placeholder="Any event"
                  list={suggestionListIds.eventTypes}
                  autoComplete="off"
                  value={series.eventType}
                  onChange={(event) => changeSeries(index, { eventType: event.target.value })}
                />
              </label>
              <FilterRows
                legend={`Event property conditions of ${seriesName.toLowerCase()} ${index + 1}`}
                idPrefix={`series-${index}-filter`}
                filters={series.filters}
                onChange={(filters) => changeSeries(index, { filters })}
                addLabel="+ Event property condition"
                keySuggestions={suggestionListIds.eventPropertyKeys}
              />
              {form.series.length > (isFunnel ? minimumFunnelSteps : 1) ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => change({ series: form.series.filter((_, position) => position !== index) })}
                >
                  Remove {seriesName.toLowerCase()} {index + 1}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            className="button"
            disabled={form.series.length >= maximumRows}
            onClick={() => change({ series: [...form.series, { eventType: '', filters: [] }] })}
          >
            Add {seriesName.toLowerCase()}
            {form.series.length >= maximumRows ? ` (at most ${maximumRows})` : ''}
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
          <CohortSelect
            label="Cohort"
            value={form.cohortId}
            groupType={form.groupType || undefined}
            emptyLabel="No cohort filter"
            onChange={(cohortId) => change({ cohortId })}
          />
        </div>
        {hasBreakdown ? (
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
                {form.kind === 'segmentation' ? <option value="EVENT_PROPERTY">Event property</option> : null}
                <option value="COHORT">Cohort vs the rest</option>
              </select>
            </label>
            {form.breakdownSource === 'COHORT' ? (
              <CohortSelect
                label="Breakdown cohort"
                value={form.breakdownKey}
                groupType={form.groupType || undefined}
                emptyLabel="Choose a cohort"
                onChange={(breakdownKey) => change({ breakdownKey })}
              />
            ) : form.breakdownSource ? (
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
        {!isComposition ? null : (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.allGroups}
              onChange={(event) => change({ allGroups: event.target.checked })}
            />
            All groups (not only those active in the range)
          </label>
        )}
        {!isComposition || !form.allGroups ? (
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
        {form.kind === 'segmentation' || form.kind === 'retention' ? (
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
