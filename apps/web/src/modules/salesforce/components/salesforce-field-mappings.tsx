'use client';
// The field mapping rows of the settings form: Salesforce field → group property, added and
// removed in place, each with its problem (if any) beside it.
import type { FieldMappingRow } from './salesforce-form-state';

export function SalesforceFieldMappings({
  mappings,
  problems,
  onChange,
}: {
  mappings: FieldMappingRow[];
  /** Problems by row, keyed `mapping-<index>` as formProblems gives them; only those to show. */
  problems: Record<string, string>;
  onChange(mappings: FieldMappingRow[]): void;
}) {
  const update = (index: number, change: Partial<FieldMappingRow>) =>
    onChange(mappings.map((row, rowIndex) => (rowIndex === index ? { ...row, ...change } : row)));
  return (
    <>
      {mappings.length === 0 ? <p className="hint">No fields mapped: only the name is copied.</p> : null}
      {mappings.map((mapping, index) => {
        const problem = problems[`mapping-${index}`];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their position is their identity.
          <div className="filter-row" key={index} data-testid="field-mapping">
            <label>
              <span className="form-label">Salesforce field</span>
              <input
                name={`mapping-${index}-field`}
                value={mapping.field}
                aria-invalid={Boolean(problem)}
                aria-describedby={problem ? `mapping-${index}-problem` : undefined}
                onChange={(event) => update(index, { field: event.target.value })}
              />
            </label>
            <label>
              <span className="form-label">Group property (the field name when empty)</span>
              <input
                name={`mapping-${index}-property`}
                value={mapping.property}
                onChange={(event) => update(index, { property: event.target.value })}
              />
            </label>
            <button
              type="button"
              className="button"
              aria-label={`Remove the mapping of ${mapping.field || 'this field'}`}
              onClick={() => onChange(mappings.filter((_, rowIndex) => rowIndex !== index))}
            >
              Remove
            </button>
            {problem ? (
              <span className="form-error" id={`mapping-${index}-problem`}>
                {problem}
              </span>
            ) : null}
          </div>
        );
      })}
      <button type="button" className="button" onClick={() => onChange([...mappings, { field: '', property: '' }])}>
        Add a field
      </button>
    </>
  );
}
