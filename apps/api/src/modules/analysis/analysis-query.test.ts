import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain-error';
import { chartPointSchema, compositionQuerySchema, parseDefinition, segmentationQuerySchema } from './analysis-query';

const range = { from: '2026-10-01', to: '2026-10-31' };
const parse = (input: unknown) => parseDefinition(segmentationQuerySchema, input, 'segmentation');
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

describe('the analysis query model', () => {
  it('fills the defaults: groups of the default type, uniques, daily, no breakdown', () => {
    expect(parse({ series: [{}], range })).toEqual({
      series: [{ eventType: null, filters: [] }],
      countedBy: 'GROUPS',
      measure: 'UNIQUES',
      groupType: null,
      groupFilters: [],
      cohortId: null,
      breakdown: null,
      range,
      interval: 'DAY',
    });
    expect(parse({ series: [{}], range, breakdown: { source: 'GROUP_PROPERTY', key: 'plan' } }).breakdown).toEqual({
      source: 'GROUP_PROPERTY',
      key: 'plan',
      limit: 10,
    });
  });

  it('refuses with the path and what to do', () => {
    expect(problemOf({ series: [], range })).toMatch(/series: Add at least one event selection/);
    expect(problemOf({ series: Array.from({ length: 11 }, () => ({})), range })).toMatch(/at most 10 series/);
    expect(problemOf({ series: [{ filters: [{ key: 'a', operator: 'EQUALS' }] }], range })).toMatch(
      /series\[0\]\.filters\[0\]: EQUALS needs a "value"/,
    );
    expect(problemOf({ series: [{ filters: [{ key: 'a', operator: 'IS_SET', value: 'x' }] }], range })).toMatch(
      /IS_SET takes no value/,
    );
    expect(problemOf({ series: [{ filters: [{ key: 'a', operator: 'LESS_THAN', value: '1,5' }] }], range })).toMatch(
      /LESS_THAN compares numbers; "1,5" is not a number/,
    );
    expect(problemOf({ series: [{ filters: [{ key: ' ', operator: 'IS_SET' }] }], range })).toMatch(
      /must not be empty/,
    );
    expect(problemOf({ series: [{}], range: { from: '2026-02-30', to: '2026-03-01' } })).toMatch(/YYYY-MM-DD/);
    expect(problemOf({ series: [{}], range, countedBy: 'EVENTS', measure: 'AVERAGE' })).toMatch(
      /measure: AVERAGE needs something to count per/,
    );
    expect(problemOf({ series: [{}], range, breakdown: { source: 'EVENT_PROPERTY', key: 'a', limit: 0 } })).toMatch(
      /breakdown\.limit/,
    );
  });

  it('accepts numeric filters written as numbers in text', () => {
    const query = parse({
      series: [{ filters: [{ key: 'amount', operator: 'GREATER_THAN', value: '-1.5e2' }] }],
      range,
    });
    expect(query.series[0]!.filters[0]).toEqual({ key: 'amount', operator: 'GREATER_THAN', value: '-1.5e2' });
  });

  it('checks composition definitions and data points the same way', () => {
    expect(parseDefinition(compositionQuerySchema, { property: 'plan' }, 'composition')).toMatchObject({
      property: 'plan',
      range: null,
      limit: 10,
    });
    expect(() =>
      parseDefinition(
        chartPointSchema,
        { query: { series: [{}], range }, seriesIndex: 0, bucket: '2026-10-01', breakdown: { kind: 'VALUE' } },
        'point',
      ),
    ).toThrow(/a "value" exactly when its kind is VALUE/);
  });
});
