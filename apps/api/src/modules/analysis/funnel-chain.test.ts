import { describe, expect, it } from 'vitest';
import { advanceInTick, followUnit, type FunnelEventRow } from './funnel-chain';
import { funnelFigures, median } from './funnel-figures';

const minute = 60_000;
let nextId = 1n;
/** An event at `minutes` matching the given (1-based) steps. */
const at = (minutes: number, ...steps: number[]): FunnelEventRow => ({
  time: minutes * minute,
  eventId: nextId++,
  personId: null,
  mask: steps.reduce((mask, step) => mask | (1 << (step - 1)), 0),
});

describe('followUnit', () => {
  it('reaches every step in order inside the window', () => {
    const journey = followUnit([at(0, 1), at(5, 2), at(9, 3)], 3, 10 * minute);
    expect(journey.furthestStep).toBe(3);
    expect(journey.chain.map((link) => link.time / minute)).toEqual([0, 5, 9]);
  });

  it('counts the window inclusively and stops past it', () => {
    expect(followUnit([at(0, 1), at(10, 2)], 2, 10 * minute).furthestStep).toBe(2);
    expect(followUnit([at(0, 1), at(11, 2)], 2, 10 * minute).furthestStep).toBe(1);
  });

  it('takes the best chain, not the first entry', () => {
    // The first entry (minute 0) cannot finish in the window; the later one (minute 20) can.
    const journey = followUnit([at(0, 1), at(20, 1), at(25, 2), at(29, 3)], 3, 10 * minute);
    expect(journey.furthestStep).toBe(3);
    expect(journey.chain.map((link) => link.time / minute)).toEqual([20, 25, 29]);
  });

  it('measures the earliest-starting chain that reaches the furthest step', () => {
    const journey = followUnit([at(0, 1), at(3, 1), at(6, 2), at(8, 2)], 3, 10 * minute);
    expect(journey.furthestStep).toBe(2);
    expect(journey.chain.map((link) => link.time / minute)).toEqual([0, 6]);
  });

  it('never goes back in time', () => {
    expect(followUnit([at(0, 2), at(5, 1)], 2, 10 * minute).furthestStep).toBe(1);
  });

  it('allows equal timestamps between steps but never one event for two steps', () => {
    expect(followUnit([at(4, 1, 2)], 2, 10 * minute).furthestStep).toBe(1);
    expect(followUnit([at(4, 1, 2), at(4, 1, 2)], 2, 10 * minute).furthestStep).toBe(2);
    expect(followUnit([at(4, 1), at(4, 2), at(4, 3)], 3, 10 * minute).furthestStep).toBe(3);
  });

  it('matches the steps of one instant to distinct events (an event matching two steps serves the one that needs it)', () => {
    // Step 2 can only be the second event, step 3 only the first: a greedy pick of the first event
    // for step 2 would stop at 2.
    const journey = followUnit([at(0, 1), at(5, 2, 3), at(5, 2)], 3, 10 * minute);
    expect(journey.furthestStep).toBe(3);
    expect(journey.chain.map((link) => link.step)).toEqual([1, 2, 3]);
    expect(new Set(journey.chain.map((link) => link.eventId)).size).toBe(3);
  });

  it('returns no chain without a first step', () => {
    expect(followUnit([at(0, 2), at(1, 3)], 3, 10 * minute)).toEqual({ furthestStep: 0, chain: [] });
  });

  it('keeps the later start when it leaves more of the window', () => {
    // Started at 0 the chain reaches 2 at minute 5; started at 6 it reaches 2 at 7 and 3 at 15.
    const journey = followUnit([at(0, 1), at(5, 2), at(6, 1), at(7, 2), at(15, 3)], 3, 10 * minute);
    expect(journey.furthestStep).toBe(3);
    expect(journey.chain.map((link) => link.time / minute)).toEqual([6, 7, 15]);
  });
});

describe('advanceInTick', () => {
  it('stops at the first step no remaining event can serve', () => {
    const events = [at(0, 1, 2), at(0, 2)];
    expect(advanceInTick(events, 0, 3)).toHaveLength(2);
    expect(advanceInTick(events, 2, 3)).toHaveLength(0);
  });
});

describe('funnelFigures', () => {
  it('counts units at least at each step, conversions and times from the previous step', () => {
    const journeys = [
      followUnit([at(0, 1), at(2, 2), at(3, 3)], 3, 10 * minute),
      followUnit([at(0, 1), at(4, 2)], 3, 10 * minute),
      followUnit([at(0, 1)], 3, 10 * minute),
    ];
    const figures = funnelFigures(journeys, 3);
    expect(figures.map((figure) => figure.count)).toEqual([3, 2, 1]);
    expect(figures[1]!.conversionFromPrevious).toBeCloseTo(2 / 3);
    expect(figures[2]!.conversionFromFirst).toBeCloseTo(1 / 3);
    expect(figures[1]!.droppedFromPrevious).toBe(1);
    expect(figures[1]!.medianSecondsFromPrevious).toBe(180);
    expect(figures[1]!.averageSecondsFromPrevious).toBe(180);
    expect(figures[0]!.medianSecondsFromPrevious).toBeNull();
  });

  it('gives zero conversions when nobody started', () => {
    expect(funnelFigures([], 2).map((figure) => [figure.count, figure.conversionFromFirst])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
