// The behavioural editor's rows and the definition they make (the API's CreateCohortInput.definition).
// Conditions combined with AND or OR, and nested groups of conditions with their own AND / OR,
// one level deep as the API allows. "Did / did not perform" conditions carry event-property
// filters (all must hold for an event to count).
export const conditionKinds = {
  PERFORMED_EVENT: 'Performed event',
  NOT_PERFORMED_EVENT: 'Did not perform event',
  ACTIVE_PEOPLE: 'Active people',
  PROPERTY: 'Property (current value)',
  PROPERTY_EVER_HELD: 'Property ever held',
} as const;
export type ConditionKind = keyof typeof conditionKinds;

export const propertyOperators = [
  'EQUALS',
  'NOT_EQUALS',
  'CONTAINS',
  'GREATER_THAN',
  'LESS_THAN',
  'IS_SET',
  'IS_NOT_SET',
];
export const everHeldOperators = ['EQUALS', 'CONTAINS', 'GREATER_THAN', 'LESS_THAN'];

export interface FilterDraft {
  key: string;
  operator: string;
  value: string;
}

export interface ConditionDraft {
  kind: ConditionKind;
  eventType: string;
  comparison: 'AT_LEAST' | 'AT_MOST';
  count: string;
  lastDays: string;
  /** Event conditions: the last N days, or a fixed range of days. */
  window: 'LAST_DAYS' | 'RANGE';
  from: string;
  to: string;
  key: string;
  operator: string;
  value: string;
  /** Event conditions: the event-property filters. */
  filters: FilterDraft[];
}

export interface GroupDraft {
  kind: 'GROUP';
  combinator: 'AND' | 'OR';
  conditions: ConditionDraft[];
}

export type EntryDraft = ConditionDraft | GroupDraft;

export interface CohortDraft {
  name: string;
  groupType: string;
  combinator: 'AND' | 'OR';
  conditions: EntryDraft[];
}

export const isGroup = (entry: EntryDraft): entry is GroupDraft => entry.kind === 'GROUP';

export const newFilter = (): FilterDraft => ({ key: '', operator: 'EQUALS', value: '' });

/** A nested group starts with one condition, combined the other way from the top level (the usual reason to nest). */
export const newGroup = (outer: 'AND' | 'OR'): GroupDraft => ({
  kind: 'GROUP',
  combinator: outer === 'AND' ? 'OR' : 'AND',
  conditions: [newCondition()],
});

const takesValue = (operator: string) => operator !== 'IS_SET' && operator !== 'IS_NOT_SET';

function filterOf(draft: FilterDraft): unknown {
  return {
    key: draft.key.trim(),
    operator: draft.operator,
    ...(takesValue(draft.operator) ? { value: draft.value } : {}),
  };
}

export const newCondition = (): ConditionDraft => ({
  kind: 'PERFORMED_EVENT',
  eventType: '',
  comparison: 'AT_LEAST',
  count: '1',
  lastDays: '30',
  window: 'LAST_DAYS',
  from: '',
  to: '',
  key: '',
  operator: 'EQUALS',
  value: '',
  filters: [],
});

function conditionOf(draft: ConditionDraft): unknown {
  const count = Number(draft.count);
  const lastDays = Number(draft.lastDays);
  switch (draft.kind) {
    case 'PERFORMED_EVENT':
    case 'NOT_PERFORMED_EVENT':
      return {
        kind: 'PERFORMED_EVENT',
        performed: draft.kind === 'PERFORMED_EVENT',
        event: { eventType: draft.eventType.trim() || null, filters: draft.filters.map(filterOf) },
        comparison: draft.comparison,
        count,
        window: draft.window === 'RANGE' ? { range: { from: draft.from, to: draft.to } } : { lastDays },
      };
    case 'ACTIVE_PEOPLE':
      return { kind: 'ACTIVE_PEOPLE', comparison: draft.comparison, count, lastDays };
    case 'PROPERTY':
    case 'PROPERTY_EVER_HELD':
      return { kind: draft.kind, filter: filterOf(draft) };
  }
}

/** The definition to send; the server checks it and answers with what is wrong. */
export function definitionOf(draft: CohortDraft): unknown {
  return {
    groupType: draft.groupType,
    combinator: draft.combinator,
    conditions: draft.conditions.map((entry) =>
      isGroup(entry)
        ? { kind: 'GROUP', combinator: entry.combinator, conditions: entry.conditions.map(conditionOf) }
        : conditionOf(entry),
    ),
  };
}
