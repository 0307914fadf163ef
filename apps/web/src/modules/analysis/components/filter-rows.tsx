'use client';
// Property conditions (key, operator, value), used for event properties of a series and for
// current group properties.
import { type FilterForm, operators } from '../chart-definition';

interface FilterRowsProps {
  legend: string;
  idPrefix: string;
  filters: FilterForm[];
  onChange(filters: FilterForm[]): void;
  addLabel: string;
  /** Id of a datalist of known property keys to suggest. */
  keySuggestions?: string;
}

export function FilterRows({ legend, idPrefix, filters, onChange, addLabel, keySuggestions }: FilterRowsProps) {
  const replace = (index: number, changes: Partial<FilterForm>) =>
    onChange(filters.map((filter, position) => (position === index ? { ...filter, ...changes } : filter)));
  return (
    <fieldset className="filter-rows">
      <legend className="visually-hidden">{legend}</legend>
      {filters.map((filter, index) => {
        const id = `${idPrefix}-${index}`;
        const needsValue = operators.find((operator) => operator.value === filter.operator)?.needsValue ?? true;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position while edited.
          <div className="filter-row" key={index}>
            <label htmlFor={`${id}-key`} className="visually-hidden">
              Property
            </label>
            <input
              id={`${id}-key`}
              placeholder="property"
              list={keySuggestions}
              autoComplete="off"
              value={filter.key}
              onChange={(event) => replace(index, { key: event.target.value })}
            />
            <label htmlFor={`${id}-operator`} className="visually-hidden">
              Condition
            </label>
            <select
              id={`${id}-operator`}
              value={filter.operator}
              onChange={(event) => replace(index, { operator: event.target.value as FilterForm['operator'] })}
            >
              {operators.map((operator) => (
                <option key={operator.value} value={operator.value}>
                  {operator.label}
                </option>
              ))}
            </select>
            {needsValue ? (
              <>
                <label htmlFor={`${id}-value`} className="visually-hidden">
                  Value
                </label>
                <input
                  id={`${id}-value`}
                  placeholder="value"
                  value={filter.value}
                  onChange={(event) => replace(index, { value: event.target.value })}
                />
              </>
            ) : null}
            <button
              type="button"
              className="link-button"
              onClick={() => onChange(filters.filter((_, position) => position !== index))}
            >
              Remove<span className="visually-hidden"> condition {index + 1}</span>
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="link-button"
        onClick={() => onChange([...filters, { key: '', operator: 'EQUALS', value: '' }])}
      >
        {addLabel}
      </button>
    </fieldset>
  );
}
