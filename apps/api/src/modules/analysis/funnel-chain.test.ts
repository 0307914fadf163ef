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

/** Every chain by enumeration: the deepest, then the smallest times step by step. */
function bruteForce(
  events: FunnelEventRow[],
  stepCount: number,
  windowMs: number,
): { furthest: number; times: number[] } {
  let best: FunnelEventRow[] = [];
  const chain: FunnelEventRow[] = [];
  const isBetter = () => {
    if (chain.length !== best.length) return chain.length > best.length;
    const index = chain.findIndex((event, position) => event.time !== best[position]!.time);
    return index !== -1 && chain[index]!.time < best[index]!.time;
  };
  const walk = () => {
    if (isBetter()) best = [...chain];
    if (chain.length === stepCount) return;
    for (const event of events) {
      if (chain.includes(event) || (event.mask & (1 << chain.length)) === 0) continue;
      if (chain.length > 0 && (event.time < chain.at(-1)!.time || event.time - chain[0]!.time > windowMs)) continue;
      chain.push(event);
      walk();
      chain.pop();
    }
  };
  walk();
  return { furthest: best.length, times: best.map((event) => event.time) };
}

describe('followUnit against enumeration', () => {
  it('agrees on random units with ties and events that match several steps', () => {
    let state = 12345;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let trial = 0; trial < 400; trial += 1) {
      const stepCount = 2 + Math.floor(random() * 3);
      const windowMs = (1 + Math.floor(random() * 6)) * minute;
      const events: FunnelEventRow[] = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, index) => ({
        // Few distinct minutes, so many events share an instant.
        time: Math.floor(random() * 10) * minute,
        eventId: BigInt(index + 1),
        personId: null,
        mask: 1 + Math.floor(random() * ((1 << stepCount) - 1)),
      })).sort((left, right) => left.time - right.time || Number(left.eventId - right.eventId));
      const expected = bruteForce(events, stepCount, windowMs);
      const journey = followUnit(events, stepCount, windowMs);
      expect(
        journey.furthestStep,
        JSON.stringify({ events: events.map((e) => [e.time / minute, e.mask]), stepCount, windowMs }),
      ).toBe(expected.furthest);
      expect(journey.chain.map((link) => link.time)).toEqual(expected.times);
      expect(new Set(journey.chain.map((link) => link.eventId)).size).toBe(journey.chain.length);
      journey.chain.forEach((link) => {
        const event = events.find((candidate) => candidate.eventId === link.eventId)!;
        expect(event.mask & (1 << (link.step - 1))).not.toBe(0);
      });
    }
  });
});
