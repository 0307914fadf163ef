import { describe, expect, it } from 'vitest';
import { parseRangeSelection, rangeSelectionParams, resolveRange, type RangeSelection } from './range-selection';

const parse = (query: string) => parseRangeSelection(new URLSearchParams(query));

describe('the range a person picked', () => {
  it('reads presets and custom ranges from a URL', () => {
    expect(parse('')).toEqual({ range: '30', from: null, to: null });
    expect(parse('range=7')).toEqual({ range: '7', from: null, to: null });
    expect(parse('range=90&from=2026-01-01&to=2026-01-31')).toEqual({ range: '90', from: null, to: null });
    expect(parse('range=custom&from=2026-01-01&to=2026-01-31')).toEqual({ range: 'custom', from: '2026-01-01', to: '2026-01-31' });
    expect(parse('range=custom&from=2024-02-29&to=2024-02-29')).toEqual({ range: 'custom', from: '2024-02-29', to: '2024-02-29' });
  });

  it('falls back to the last 30 days for anything unusable', () => {
    const fallback = { range: '30', from: null, to: null };
    expect(parse('range=14')).toEqual(fallback);
    expect(parse('range=custom&from=2026-02-01&to=2026-02-30')).toEqual(fallback);
    expect(parse('range=custom&from=2025-02-29&to=2025-03-10')).toEqual(fallback);
    expect(parse('range=custom&from=2026-13-01&to=2026-13-02')).toEqual(fallback);
    expect(parse('range=custom&from=2026-02-01')).toEqual(fallback);
    expect(parse('range=custom&from=2026-02-10&to=2026-02-01')).toEqual(fallback);
    expect(parse('range=custom&from=2026-2-1&to=2026-02-10')).toEqual(fallback);
  });

  it('writes URL parameters without the default', () => {
    expect(rangeSelectionParams({ range: '30', from: null, to: null })).toEqual({});
    expect(rangeSelectionParams({ range: '90', from: null, to: null })).toEqual({ range: '90' });
    expect(rangeSelectionParams({ range: 'custom', from: '2026-01-01', to: '2026-01-31' })).toEqual({
      range: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });

  it('reads back what it writes', () => {
    const selections: RangeSelection[] = [
      { range: '7', from: null, to: null },
      { range: '30', from: null, to: null },
      { range: 'custom', from: '2025-12-30', to: '2026-01-02' },
    ];
    for (const selection of selections) expect(parse(new URLSearchParams(rangeSelectionParams(selection)).toString())).toEqual(selection);
  });

  it('turns a preset into the days ending today in the project time zone', () => {
    // 23:30 UTC on 25 November is already the 26th in Tokyo.
    const now = new Date('2026-11-25T23:30:00Z');
    expect(resolveRange({ range: '7', from: null, to: null }, 'UTC', now)).toEqual({ from: '2026-11-19', to: '2026-11-25' });
    expect(resolveRange({ range: '7', from: null, to: null }, 'Asia/Tokyo', now)).toEqual({ from: '2026-11-20', to: '2026-11-26' });
    expect(resolveRange({ range: '30', from: null, to: null }, 'UTC', now)).toEqual({ from: '2026-10-27', to: '2026-11-25' });
    // 90 days back from 25 November: 25 days of November, 31 of October, 30 of September, 4 of August.
    expect(resolveRange({ range: '90', from: null, to: null }, 'UTC', now)).toEqual({ from: '2026-08-28', to: '2026-11-25' });
  });

  it('keeps a custom range as picked, and reads a custom choice without days as the default', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(resolveRange({ range: 'custom', from: '2026-01-05', to: '2026-01-09' }, 'UTC', now)).toEqual({ from: '2026-01-05', to: '2026-01-09' });
    expect(resolveRange({ range: 'custom', from: null, to: null }, 'UTC', now)).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });
});
