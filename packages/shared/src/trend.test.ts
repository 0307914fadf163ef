import { describe, expect, it } from 'vitest';
import { classifyTrend, describeInvalidThresholds, describeTrendMetric, percentChange, trendMetricFor } from './trend';

const thresholds = { steadyPercent: 15, sharpPercent: -50 };

describe('trend classification', () => {
  it('labels each band with its edges included in steady and falling sharply', () => {
    expect(classifyTrend(116, 100, thresholds).label).toBe('RISING');
    expect(classifyTrend(115, 100, thresholds).label).toBe('STEADY');
    expect(classifyTrend(85, 100, thresholds).label).toBe('STEADY');
    expect(classifyTrend(84, 100, thresholds).label).toBe('FALLING');
    expect(classifyTrend(51, 100, thresholds).label).toBe('FALLING');
    expect(classifyTrend(50, 100, thresholds).label).toBe('FALLING_SHARPLY');
    expect(classifyTrend(0, 100, thresholds).label).toBe('FALLING_SHARPLY');
  });

  it('calls an account new or inactive when there is nothing before to compare with', () => {
    expect(classifyTrend(5, 0, thresholds)).toEqual({ label: 'NEW', current: 5, previous: 0, percentChange: null });
    expect(classifyTrend(0, 0, thresholds)).toEqual({
      label: 'INACTIVE',
      current: 0,
      previous: 0,
      percentChange: null,
    });
  });

  it('returns the raw numbers and the change behind the label', () => {
    expect(classifyTrend(13, 100, thresholds)).toEqual({
      label: 'FALLING_SHARPLY',
      current: 13,
      previous: 100,
      percentChange: -87,
    });
    expect(percentChange(3, 2)).toBe(50);
  });

  it('honours project thresholds', () => {
    const strict = { steadyPercent: 5, sharpPercent: -20 };
    expect(classifyTrend(90, 100, strict).label).toBe('FALLING');
    expect(classifyTrend(80, 100, strict).label).toBe('FALLING_SHARPLY');
    expect(classifyTrend(106, 100, strict).label).toBe('RISING');
  });

  it('uses key actions only when the project has configured some', () => {
    expect(trendMetricFor([])).toBe('EVENTS');
    expect(trendMetricFor(['Report Created'])).toBe('KEY_ACTIONS');
    expect(describeTrendMetric('KEY_ACTIONS')).toBe('key actions');
    expect(describeTrendMetric('EVENTS')).toBe('events');
  });

  it('rejects thresholds that overlap', () => {
    expect(describeInvalidThresholds({ steadyPercent: 15, sharpPercent: -50 })).toBeNull();
    expect(describeInvalidThresholds({ steadyPercent: 0, sharpPercent: -50 })).not.toBeNull();
    expect(describeInvalidThresholds({ steadyPercent: 30, sharpPercent: -20 })).not.toBeNull();
    expect(describeInvalidThresholds({ steadyPercent: 15, sharpPercent: -120 })).not.toBeNull();
  });
});
