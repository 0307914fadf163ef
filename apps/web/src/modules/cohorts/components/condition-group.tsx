'use client';
// A nested group of the cohort editor: its own AND / OR over conditions (one level: a nested
// group holds conditions only, as the API allows). Its rows are labelled "Condition 3.1", ….
import { type ConditionDraft, type GroupDraft, newCondition } from '../cohort-draft';
import { ConditionRow } from './condition-row';

export function ConditionGroup({
  number,
  group,
  onChangeCondition,
  onChange,
  onRemove,
}: {
  /** Its position in the top-level list, from 1. */
  number: number;
  group: GroupDraft;
  onChangeCondition(index: number, changes: Partial<ConditionDraft>): void;
  onChange(group: GroupDraft): void;
  onRemove(): void;
}) {
  const name = `Group ${number}`;
  return (
    <li className="cohort-condition-group" data-testid={`condition-group-${number - 1}`}>
      <div className="form-row">
        <label>
          {name}: groups matching{' '}
          <select
            aria-label={`${name}: combinator`}
            value={group.combinator}
            onChange={(event) => onChange({ ...group, combinator: event.target.value as GroupDraft['combinator'] })}
          >
            <option value="AND">all of these (AND)</option>
            <option value="OR">any of these (OR)</option>
          </select>
        </label>
        <button type="button" className="link-button" onClick={onRemove} aria-label={`${name}: remove`}>
          Remove group
        </button>
      </div>
      <ol>
        {group.conditions.map((condition, index) => (
          <ConditionRow
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position.
            key={index}
            name={`Condition ${number}.${index + 1}`}
            testId={`condition-${number - 1}-${index}`}
            condition={condition}
            onChange={(changes) => onChangeCondition(index, changes)}
            onRemove={() =>
              group.conditions.length > 1
                ? onChange({ ...group, conditions: group.conditions.filter((_, position) => position !== index) })
                : onRemove()
            }
          />
        ))}
      </ol>
      <button
        type="button"
        className="link-button"
        aria-label={`${name}: add a condition`}
        onClick={() => onChange({ ...group, conditions: [...group.conditions, newCondition()] })}
      >
        Add a condition to this group
      </button>
    </li>
  );
}
