import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain-error';
import { parseDefinition } from './analysis-query';
import { retentionCellSchema, retentionQuerySchema } from './retention-query';

const range = { from: '2026-10-01', to: '2026-10-31' };
const parse = (input: unknown) => parseDefinition(retentionQuerySchema, input, 'retention');
const problemOf = (input: unknown) => {
  try {
    parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_INPUT');
    return (error as DomainError).message;
  }
  throw new Error('expected a refusal');
};

describe('the retention definition', () => {
  it('fills the defaults: groups of the default type, any event as return, weekly, 8 periods', () => {
    expect(parse({ startEvent: { eventType: 'Signup' }, range })).toEqual({
      startEvent: { eventType: 'Signup', filters: [] },
      returnEvent: { eventType: null, filters: [] },
      countedBy: 'GROUPS',
      groupType: null,
      groupFilters: [],
      cohortId: null,
      breakdown: null,
      range,
      interval: 'WEEK',
      periods: 8,
    });
  });

  it('refuses with the path and what to do', () => {
    expect(problemOf({ range })).toMatch(/startEvent/);
    expect(problemOf({ startEvent: {}, range, countedBy: 'EVENTS' })).toMatch(/countedBy: .*GROUPS or PEOPLE/);
    expect(problemOf({ startEvent: {}, range, periods: 0 })).toMatch(/periods: .*at least 1/);
    expect(problemOf({ startEvent: {}, range, periods: 53 })).toMatch(/periods: .*at most 52/);
    expect(problemOf({ startEvent: {}, range, periods: 2.5 })).toMatch(/periods/);
    expect(problemOf({ startEvent: {}, range, interval: 'YEAR' })).toMatch(/interval/);
    expect(problemOf({ startEvent: {}, range, breakdown: { source: 'EVENT_PROPERTY', key: 'x' } })).toMatch(
      /breakdown.source: .*GROUP_PROPERTY/,
    );
    expect(problemOf({ startEvent: {}, range: { from: '2026-10-31', to: '2026-10-01' } })).toMatch(/after it ends/);
  });

  it('checks a cell: a whole offset from 0, a status, an optional breakdown value', () => {
    const query = { startEvent: {}, range };
    const cell = (changes: Record<string, unknown>) =>
      retentionCellSchema.safeParse({ query, cohort: '2026-09-28', offset: 0, status: 'LOST', ...changes }).success;
    expect(cell({})).toBe(true);
    expect(cell({ offset: -1 })).toBe(false);
    expect(cell({ status: 'MAYBE' })).toBe(false);
    expect(cell({ breakdown: { kind: 'VALUE' } })).toBe(false);
    expect(cell({ breakdown: { kind: 'NONE' } })).toBe(true);
  });
});
