'use client';
// One event-property filter of a "did / did not perform" condition: property, operator, value.
import { type FilterDraft, propertyOperators } from '../cohort-draft';

export function EventFilterRow({
  name,
  filter,
  onChange,
  onRemove,
}: {
  /** How the controls are labelled, e.g. "Condition 2 filter 1". */
  name: string;
  filter: FilterDraft;
  onChange(changes: Partial<FilterDraft>): void;
  onRemove(): void;
}) {
  const label = (text: string) => `${name}: ${text}`;
  return (
    <li className="cohort-event-filter">
      <input
        aria-label={label('property')}
        placeholder="event property"
        value={filter.key}
        onChange={(event) => onChange({ key: event.target.value })}
      />
      <select
        aria-label={label('operator')}
        value={filter.operator}
        onChange={(event) => onChange({ operator: event.target.value })}
      >
        {propertyOperators.map((operator) => (
          <option key={operator} value={operator}>
            {operator.toLowerCase().replaceAll('_', ' ')}
          </option>
        ))}
      </select>
      {filter.operator === 'IS_SET' || filter.operator === 'IS_NOT_SET' ? null : (
        <input
          aria-label={label('value')}
          placeholder="value"
          value={filter.value}
          onChange={(event) => onChange({ value: event.target.value })}
        />
      )}
      <button type="button" className="link-button" onClick={onRemove} aria-label={label('remove')}>
        Remove filter
      </button>
    </li>
  );
}
