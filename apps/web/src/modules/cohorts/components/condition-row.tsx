'use client';
import {
  type ConditionDraft,
  type ConditionKind,
  conditionKinds,
  everHeldOperators,
  newFilter,
  propertyOperators,
} from '../cohort-draft';
import { EventFilterRow } from './event-filter-row';

export function ConditionRow({
  name,
  testId,
  condition,
  onChange,
  onRemove,
}: {
  /** How the row's controls are labelled: "Condition 2", or "Condition 3.1" inside a nested group. */
  name: string;
  testId: string;
  condition: ConditionDraft;
  onChange(changes: Partial<ConditionDraft>): void;
  onRemove(): void;
}) {
  const label = (text: string) => `${name}: ${text}`;
  const isEvent = condition.kind === 'PERFORMED_EVENT' || condition.kind === 'NOT_PERFORMED_EVENT';
  const isProperty = condition.kind === 'PROPERTY' || condition.kind === 'PROPERTY_EVER_HELD';
  const operators = condition.kind === 'PROPERTY_EVER_HELD' ? everHeldOperators : propertyOperators;
  return (
    <li className="cohort-condition" data-testid={testId}>
      <select
        aria-label={label('kind')}
        value={condition.kind}
        onChange={(event) => {
          const kind = event.target.value as ConditionKind;
          const keepsOperator = kind !== 'PROPERTY_EVER_HELD' || everHeldOperators.includes(condition.operator);
          onChange({ kind, ...(keepsOperator ? {} : { operator: 'EQUALS' }) });
        }}
      >
        {Object.entries(conditionKinds).map(([kind, text]) => (
          <option key={kind} value={kind}>
            {text}
          </option>
        ))}
      </select>
      {isEvent ? (
        <input
          aria-label={label('event type')}
          placeholder="Any event"
          value={condition.eventType}
          onChange={(event) => onChange({ eventType: event.target.value })}
        />
      ) : null}
      {isEvent || condition.kind === 'ACTIVE_PEOPLE' ? (
        <>
          <select
            aria-label={label('comparison')}
            value={condition.comparison}
            onChange={(event) => onChange({ comparison: event.target.value as ConditionDraft['comparison'] })}
          >
            <option value="AT_LEAST">at least</option>
            <option value="AT_MOST">at most</option>
          </select>
          <input
            aria-label={label('count')}
            type="number"
            min={0}
            value={condition.count}
            onChange={(event) => onChange({ count: event.target.value })}
          />
          <span>{condition.kind === 'ACTIVE_PEOPLE' ? 'people' : 'times'}</span>
          {isEvent ? (
            <select
              aria-label={label('window')}
              value={condition.window}
              onChange={(event) => onChange({ window: event.target.value as ConditionDraft['window'] })}
            >
              <option value="LAST_DAYS">in the last</option>
              <option value="RANGE">between</option>
            </select>
          ) : (
            <span>in the last</span>
          )}
          {isEvent && condition.window === 'RANGE' ? (
            <>
              <input
                aria-label={label('from')}
                type="date"
                value={condition.from}
                onChange={(event) => onChange({ from: event.target.value })}
              />
              <span>and</span>
              <input
                aria-label={label('to')}
                type="date"
                value={condition.to}
                onChange={(event) => onChange({ to: event.target.value })}
              />
            </>
          ) : (
            <>
              <input
                aria-label={label('days')}
                type="number"
                min={1}
                value={condition.lastDays}
                onChange={(event) => onChange({ lastDays: event.target.value })}
              />
              <span>days</span>
            </>
          )}
        </>
      ) : null}
      {isProperty ? (
        <>
          <input
            aria-label={label('property')}
            placeholder="property"
            value={condition.key}
            onChange={(event) => onChange({ key: event.target.value })}
          />
          <select
            aria-label={label('operator')}
            value={condition.operator}
            onChange={(event) => onChange({ operator: event.target.value })}
          >
            {operators.map((operator) => (
              <option key={operator} value={operator}>
                {operator.toLowerCase().replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          {condition.operator === 'IS_SET' || condition.operator === 'IS_NOT_SET' ? null : (
            <input
              aria-label={label('value')}
              placeholder="value"
              value={condition.value}
              onChange={(event) => onChange({ value: event.target.value })}
            />
          )}
        </>
      ) : null}
      <button type="button" className="link-button" onClick={onRemove} aria-label={label('remove')}>
        Remove
      </button>
      {isEvent ? (
        <div className="cohort-event-filters">
          {condition.filters.length ? <span>where the event's</span> : null}
          <ul>
            {condition.filters.map((filter, position) => (
              <EventFilterRow
                // biome-ignore lint/suspicious/noArrayIndexKey: filters have no identity but their position.
                key={position}
                name={`${name} filter ${position + 1}`}
                filter={filter}
                onChange={(changes) =>
                  onChange({
                    filters: condition.filters.map((current, index) =>
                      index === position ? { ...current, ...changes } : current,
                    ),
                  })
                }
                onRemove={() => onChange({ filters: condition.filters.filter((_, index) => index !== position) })}
              />
            ))}
          </ul>
          <button
            type="button"
            className="link-button"
            aria-label={label('add an event property filter')}
            onClick={() => onChange({ filters: [...condition.filters, newFilter()] })}
          >
            Add an event property filter
          </button>
        </div>
      ) : null}
    </li>
  );
}
