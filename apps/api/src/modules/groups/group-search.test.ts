import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain-error';
import { monthsBefore, readGroupSearch } from './group-search';

const now = new Date('2026-08-31T10:00:00.000Z');

describe('readGroupSearch', () => {
  it('is nothing for empty text and a name search for plain text', () => {
    expect(readGroupSearch('  ', 6, now)).toBeNull();
    expect(readGroupSearch(null, 6, now)).toBeNull();
    expect(readGroupSearch('Acme', 6, now)?.query).toEqual({ kind: 'name', text: 'Acme' });
  });

  it('restricts a property condition to groups active since six months before now', () => {
    expect(readGroupSearch('plan = enterprise', 6, now)).toEqual({
      query: { kind: 'property', property: 'plan', value: 'enterprise' },
      activeSince: new Date('2026-02-28T10:00:00.000Z'),
    });
    expect(readGroupSearch('plan = enterprise', null, now)?.activeSince).toBeNull();
  });

  it('answers a malformed condition or window with INVALID_INPUT', () => {
    expect(() => readGroupSearch('plan =', 6, now)).toThrow(DomainError);
    expect(() => readGroupSearch('plan =', 6, now)).toThrow(/name = value/);
    expect(() => readGroupSearch('plan = x', 0, now)).toThrow(/activeWithinMonths/);
  });
});

describe('monthsBefore', () => {
  it('steps back calendar months, clamping to the end of a shorter month', () => {
    expect(monthsBefore(new Date('2026-05-15T00:00:00Z'), 6).toISOString()).toBe('2025-11-15T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
  });
});
