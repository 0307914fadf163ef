'use client';
// The retention part of the chart form: start and return events, counted by and periods followed
// (the breakdown, by group property or cohort, is the chart form's shared one). The start event is the form's first series (see retention-definition.ts).
import type { ChartForm } from '../chart-definition';
import { maximumRetentionPeriods } from '../retention-definition';
import { FilterRows } from './filter-rows';

export function RetentionFields({ form, change }: { form: ChartForm; change(changes: Partial<ChartForm>): void }) {
  const start = form.series[0] ?? { eventType: '', filters: [] };
  const changeStart = (changes: Partial<typeof start>) => change({ series: [{ ...start, ...changes }] });
  return (
    <section aria-label="Retention definition" className="series-list">
      <div className="form-grid">
        <label>
          Counted by
          <select
            value={form.countedBy === 'PEOPLE' ? 'PEOPLE' : 'GROUPS'}
            onChange={(event) => change({ countedBy: event.target.value as ChartForm['countedBy'] })}
          >
            <option value="GROUPS">Groups</option>
            <option value="PEOPLE">People</option>
          </select>
        </label>
        <label>
          Periods after birth
          <input
            type="number"
            min={1}
            max={maximumRetentionPeriods}
            required
            value={form.periods}
            onChange={(event) => change({ periods: Number(event.target.value) })}
          />
        </label>
      </div>
      <div className="series-editor">
        <label>
          Start event (born at the first one in the range)
          <input
            placeholder="Any event"
            value={start.eventType}
            onChange={(event) => changeStart({ eventType: event.target.value })}
          />
        </label>
        <FilterRows
          legend="Event property conditions of the start event"
          idPrefix="start-filter"
          filters={start.filters}
          onChange={(filters) => changeStart({ filters })}
          addLabel="+ Start event condition"
        />
      </div>
      <div className="series-editor">
        <label>
          Return event
          <input
            placeholder="Any event"
            value={form.returnEventType}
            onChange={(event) => change({ returnEventType: event.target.value })}
          />
        </label>
        <FilterRows
          legend="Event property conditions of the return event"
          idPrefix="return-filter"
          filters={form.returnFilters}
          onChange={(returnFilters) => change({ returnFilters })}
          addLabel="+ Return event condition"
        />
      </div>
    </section>
  );
}
