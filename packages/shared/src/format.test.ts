import { describe, expect, it } from 'vitest';
import { formatPercentChange } from './format';

describe('percent changes', () => {
  it('rounds to whole percents with a sign, using a real minus sign for falls', () => {
    expect(formatPercentChange(12.2)).toBe('+12%');
    expect(formatPercentChange(12.5)).toBe('+13%');
    expect(formatPercentChange(-86.6)).toBe('\u221287%');
    expect(formatPercentChange(-100)).toBe('\u2212100%');
  });

  it('prints any change that rounds to nothing as 0%, never as a negative zero', () => {
    expect(formatPercentChange(0)).toBe('0%');
    expect(formatPercentChange(0.2)).toBe('0%');
    expect(formatPercentChange(-0.4)).toBe('0%');
  });

  it('groups the thousands of large changes', () => {
    expect(formatPercentChange(1234)).toBe('+1,234%');
    expect(formatPercentChange(-999.6)).toBe('\u22121,000%');
  });

  it('says "new" when there is nothing to compare with, unless told what to show', () => {
    expect(formatPercentChange(null)).toBe('new');
    expect(formatPercentChange(undefined)).toBe('new');
    expect(formatPercentChange(Number.NaN)).toBe('new');
    expect(formatPercentChange(null, { whenNothingToCompare: '\u2014' })).toBe('\u2014');
    expect(formatPercentChange(Number.POSITIVE_INFINITY, { whenNothingToCompare: '\u2014' })).toBe('\u2014');
    expect(formatPercentChange(-3, { whenNothingToCompare: '\u2014' })).toBe('\u22123%');
  });
});
