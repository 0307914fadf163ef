import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain-error';
import { copyChartDefinition, parseWindow, periodFor } from './dynamic-property-definition';

const range = { from: '2026-10-01', to: '2026-10-07' };
const segmentation = (definition: Record<string, unknown>) => ({
  kind: 'segmentation',
  definition: { series: [{}], countedBy: 'PEOPLE', range, ...definition },
});

function reasonOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_INPUT');
    return (error as DomainError).message;
  }
  throw new Error('expected a refusal');
}

describe('the period a dynamic property value describes', () => {
  it('rolling: the N complete days ending yesterday', () => {
    expect(periodFor({ kind: 'rolling', days: 7 }, '2026-11-01')).toEqual({ from: '2026-10-25', to: '2026-10-31' });
    expect(periodFor({ kind: 'rolling', days: 1 }, '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('week: the last complete Monday to Sunday, the same all week long', () => {
    for (const today of ['2026-11-02', '2026-11-05', '2026-11-08'])
      expect(periodFor({ kind: 'week', days: null }, today)).toEqual({ from: '2026-10-26', to: '2026-11-01' });
    expect(periodFor({ kind: 'week', days: null }, '2026-11-09')).toEqual({ from: '2026-11-02', to: '2026-11-08' });
  });

  it('month: the last complete calendar month, across a year end and a leap February', () => {
    expect(periodFor({ kind: 'month', days: null }, '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodFor({ kind: 'month', days: null }, '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodFor({ kind: 'month', days: null }, '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
});

describe('the window', () => {
  it('takes exactly one of rollingDays and calendar, and refuses the chart’s fixed range', () => {
    expect(parseWindow({ rollingDays: 30 }, range)).toEqual({ kind: 'rolling', days: 30 });
    expect(parseWindow({ calendar: 'MONTH' }, range)).toEqual({ kind: 'month', days: null });
    expect(reasonOf(() => parseWindow(null, range))).toMatch(/range is fixed \(2026-10-01 to 2026-10-07\)/);
    expect(reasonOf(() => parseWindow({ rollingDays: 3, calendar: 'WEEK' }, range))).toMatch(/not both/);
    expect(reasonOf(() => parseWindow({ rollingDays: 366 }, range))).toMatch(/1 to 365/);
  });
});

describe('copying a chart', () => {
  it('keeps the series, who is counted and the measure', () => {
    expect(
      copyChartDefinition(
        segmentation({ series: [{ eventType: 'Signed In', filters: [{ key: 'plan', operator: 'IS_SET' }] }] }),
        'company',
      ),
    ).toEqual({
      selection: { eventType: 'Signed In', filters: [{ key: 'plan', operator: 'IS_SET', value: null }] },
      countedBy: 'PEOPLE',
      measure: 'UNIQUES',
    });
    expect(copyChartDefinition(segmentation({ countedBy: 'EVENTS', measure: 'TOTALS' }), 'company').countedBy).toBe(
      'EVENTS',
    );
  });

  it('refuses what has no one per-group figure, saying why', () => {
    expect(reasonOf(() => copyChartDefinition({ kind: 'composition', definition: {} }, 'company'))).toMatch(
      /distribution/,
    );
    expect(reasonOf(() => copyChartDefinition({ kind: 'funnel', definition: {} }, 'company'))).toMatch(/funnel/);
    expect(reasonOf(() => copyChartDefinition(segmentation({ series: [{}, {}] }), 'company'))).toMatch(/2 series/);
    expect(reasonOf(() => copyChartDefinition(segmentation({ countedBy: 'GROUPS' }), 'company'))).toMatch(/1 or 0/);
    expect(reasonOf(() => copyChartDefinition(segmentation({ measure: 'AVERAGE' }), 'company'))).toMatch(/AVERAGE/);
    expect(reasonOf(() => copyChartDefinition(segmentation({ groupType: 'team' }), 'company'))).toMatch(/"team"/);
  });
});
