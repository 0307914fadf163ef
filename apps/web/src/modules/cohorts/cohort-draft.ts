// The behavioural editor's rows and the definition they make (the API's CreateCohortInput.definition).
// One level: conditions combined with AND or OR; nested groups are kept when a definition is
// edited through the API, the editor writes flat lists.
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
}

export interface CohortDraft {
  name: string;
  groupType: string;
  combinator: 'AND' | 'OR';
  conditions: ConditionDraft[];
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
        event: { eventType: draft.eventType.trim() || null, filters: [] },
        comparison: draft.comparison,
        count,
        window: draft.window === 'RANGE' ? { range: { from: draft.from, to: draft.to } } : { lastDays },
      };
    case 'ACTIVE_PEOPLE':
      return { kind: 'ACTIVE_PEOPLE', comparison: draft.comparison, count, lastDays };
    case 'PROPERTY':
    case 'PROPERTY_EVER_HELD': {
      const takesValue = draft.operator !== 'IS_SET' && draft.operator !== 'IS_NOT_SET';
      return {
        kind: draft.kind,
        filter: { key: draft.key.trim(), operator: draft.operator, ...(takesValue ? { value: draft.value } : {}) },
      };
    }
  }
}

/** The definition to send; the server checks it and answers with what is wrong. */
export function definitionOf(draft: CohortDraft): unknown {
  return { groupType: draft.groupType, combinator: draft.combinator, conditions: draft.conditions.map(conditionOf) };
}
