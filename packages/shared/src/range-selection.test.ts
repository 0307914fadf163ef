import { describe, expect, it } from 'vitest';
import { parseRangeSelection, rangeSelectionParams, resolveRange, type RangeSelection } from './range-selection';

const parse = (query: string) => parseRangeSelection(new URLSearchParams(query));
const preset = (range: '7' | '30' | '90'): RangeSelection => ({ range, from: null, to: null });
const custom = (from: string | null, to: string | null): RangeSelection => ({ range: 'custom', from, to });

describe('the range a person picked', () => {
  it('reads presets and custom ranges from a URL', () => {
    expect(parse('')).toEqual(preset('30'));
    expect(parse('range=7')).toEqual(preset('7'));
    expect(parse('range=90&from=2026-01-01&to=2026-01-31')).toEqual(preset('90'));
    expect(parse('range=custom&from=2026-01-01&to=2026-01-31')).toEqual(custom('2026-01-01', '2026-01-31'));
    expect(parse('range=custom&from=2024-02-29&to=2024-02-29')).toEqual(custom('2024-02-29', '2024-02-29'));
  });

  it('falls back to the last 30 days for anything unusable', () => {
    const fallback = preset('30');
    expect(parse('range=14')).toEqual(fallback);
    expect(parse('range=custom&from=2026-02-01&to=2026-02-30')).toEqual(fallback);
    expect(parse('range=custom&from=2025-02-29&to=2025-03-10')).toEqual(fallback);
    expect(parse('range=custom&from=2026-13-01&to=2026-13-02')).toEqual(fallback);
    expect(parse('range=custom&from=2026-02-01')).toEqual(fallback);
    expect(parse('range=custom&from=2026-02-10&to=2026-02-01')).toEqual(fallback);
    expect(parse('range=custom&from=2026-2-1&to=2026-02-10')).toEqual(fallback);
  });

  it('writes URL parameters without the default', () => {
    expect(rangeSelectionParams(preset('30'))).toEqual({});
    expect(rangeSelectionParams(preset('90'))).toEqual({ range: '90' });
    const january = { range: 'custom', from: '2026-01-01', to: '2026-01-31' };
    expect(rangeSelectionParams(custom('2026-01-01', '2026-01-31'))).toEqual(january);
  });

  it('reads back what it writes', () => {
    for (const selection of [preset('7'), preset('30'), custom('2025-12-30', '2026-01-02')]) {
      expect(parse(new URLSearchParams(rangeSelectionParams(selection)).toString())).toEqual(selection);
    }
  });

  it('turns a preset into the days ending today in the project time zone', () => {
    // 23:30 UTC on 25 November is already the 26th in Tokyo.
    const now = new Date('2026-11-25T23:30:00Z');
    expect(resolveRange(preset('7'), 'UTC', now)).toEqual({ from: '2026-11-19', to: '2026-11-25' });
    expect(resolveRange(preset('7'), 'Asia/Tokyo', now)).toEqual({ from: '2026-11-20', to: '2026-11-26' });
    expect(resolveRange(preset('30'), 'UTC', now)).toEqual({ from: '2026-10-27', to: '2026-11-25' });
    // 90 days back from 25 November: 25 days of November, 31 of October, 30 of September, 4 of August.
    expect(resolveRange(preset('90'), 'UTC', now)).toEqual({ from: '2026-08-28', to: '2026-11-25' });
  });

  it('keeps a custom range as picked, and reads a custom choice without days as the default', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const picked = resolveRange(custom('2026-01-05', '2026-01-09'), 'UTC', now);
    expect(picked).toEqual({ from: '2026-01-05', to: '2026-01-09' });
    expect(resolveRange(custom(null, null), 'UTC', now)).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });
});
