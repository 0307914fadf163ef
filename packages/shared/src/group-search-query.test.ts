import { describe, expect, it } from 'vitest';
import { GroupSearchSyntaxError, groupSearchSyntaxHelp, parseGroupSearchQuery } from './group-search-query';

describe('parseGroupSearchQuery', () => {
  it('keeps text without = as a name search', () => {
    expect(parseGroupSearchQuery('  Acme Corp ')).toEqual({ kind: 'name', text: 'Acme Corp' });
    expect(parseGroupSearchQuery('')).toEqual({ kind: 'name', text: '' });
    expect(parseGroupSearchQuery('"Acme"')).toEqual({ kind: 'name', text: '"Acme"' });
  });

  it('reads name = value with or without spaces around =', () => {
    const expected = { kind: 'property', property: 'plan', value: 'enterprise' };
    expect(parseGroupSearchQuery('plan = enterprise')).toEqual(expected);
    expect(parseGroupSearchQuery('plan=enterprise')).toEqual(expected);
    expect(parseGroupSearchQuery('  plan =enterprise  ')).toEqual(expected);
    expect(parseGroupSearchQuery('plan\t=\nenterprise')).toEqual(expected);
  });

  it('reads quoted multi-word names and values, in double or single quotes', () => {
    expect(parseGroupSearchQuery('"account manager" = "Ada Lovelace"')).toEqual({
      kind: 'property',
      property: 'account manager',
      value: 'Ada Lovelace',
    });
    expect(parseGroupSearchQuery("'account manager'='Ada Lovelace'")).toEqual({
      kind: 'property',
      property: 'account manager',
      value: 'Ada Lovelace',
    });
    expect(parseGroupSearchQuery('motto = "say \\"hi\\" = ok"')).toEqual({
      kind: 'property',
      property: 'motto',
      value: 'say "hi" = ok',
    });
    expect(parseGroupSearchQuery('"it\'s" = "a b"')).toEqual({ kind: 'property', property: "it's", value: 'a b' });
    expect(parseGroupSearchQuery('seats = 10')).toEqual({ kind: 'property', property: 'seats', value: '10' });
    expect(parseGroupSearchQuery('note = ""')).toEqual({ kind: 'property', property: 'note', value: '' });
  });

  it.each([
    ['= enterprise', 'A property name must come before ='],
    ['plan =', 'A value must follow "plan ="'],
    ['plan = ', 'A value must follow "plan ="'],
    ['account manager = Ada', 'quote a property name that has spaces'],
    ['plan = enterprise plus', 'quote a value that has spaces'],
    ['plan == enterprise', 'Use a single = between the name and the value'],
    ['plan = a = b', 'Only one condition is allowed'],
    ['"plan = enterprise', 'never closed'],
    ['plan = "enterprise', 'never closed'],
    ['"" = x', 'The property name is empty'],
  ])('refuses %j, showing the syntax', (input, problem) => {
    let error: unknown;
    try {
      parseGroupSearchQuery(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GroupSearchSyntaxError);
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).toContain(groupSearchSyntaxHelp);
  });
});
