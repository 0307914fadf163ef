import { describe, expect, it } from 'vitest';
import { followUnit, type FunnelEventRow } from './funnel-chain';
import { followGroupsInMemory, stepTypesOf } from './funnel-in-memory';

const minute = 60_000;

/** A small deterministic generator (the tests must not depend on Math.random). */
function generator(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

describe('followGroupsInMemory', () => {
  it('agrees with the SQL rows path on random groups, ties, repeated step types and the range edges', () => {
    const random = generator(7);
    const types = ['Sent', 'Viewed', 'Paid'];
    const funnels = [
      ['Sent', 'Viewed', 'Paid'],
      ['Sent', 'Sent', 'Paid'],
      ['Viewed', 'Sent'],
      ['Sent', 'Viewed', 'Sent', 'Viewed'],
    ];
    const fromMs = 100 * minute;
    const toMs = 400 * minute;
    for (const stepNames of funnels) {
      const steps = stepNames.map((eventType) => ({ eventType, filters: [] }));
      const stepTypes = stepTypesOf(steps);
      const byGroup = new Map<bigint, Map<string, Float64Array>>();
      const expected = new Map<bigint, ReturnType<typeof followUnit>>();
      for (let group = 1n; group <= 300n; group += 1n) {
        const rows: { time: number; type: string }[] = [];
        const count = random(24);
        // Times on a coarse grid so that events of different types often share an instant.
        for (let index = 0; index < count; index += 1)
          rows.push({ time: random(45) * 10 * minute, type: types[random(3)]! });
        const byType = new Map<string, Float64Array>();
        for (const type of types) {
          const times = rows.filter((row) => row.type === type).map((row) => row.time);
          if (times.length) byType.set(type, Float64Array.from(times.sort((left, right) => left - right)));
        }
        byGroup.set(group, byType);
        const inRange: FunnelEventRow[] = rows
          .filter((row) => row.time >= fromMs && row.time < toMs)
          .sort((left, right) => left.time - right.time)
          .map((row, index) => ({
            time: row.time,
            eventId: BigInt(index),
            personId: null,
            mask: stepTypes.find((step) => step.eventType === row.type)?.mask ?? 0,
          }))
          .filter((row) => row.mask !== 0);
        const journey = followUnit(inRange, steps.length, 60 * minute);
        if (journey.furthestStep > 0) expected.set(group, journey);
      }
      const followed = followGroupsInMemory({
        stepCount: steps.length,
        stepTypes,
        byGroup,
        fromMs,
        toMs,
        windowMs: 60 * minute,
        labels: null,
      });
      expect(followed.length).toBe(expected.size);
      expect(followed.length).toBeGreaterThan(50);
      for (const unit of followed) {
        const journey = expected.get(unit.unit)!;
        expect(unit.journey.furthestStep, `${stepNames} group ${unit.unit}`).toBe(journey.furthestStep);
        expect(unit.journey.chain.map((link) => link.time)).toEqual(journey.chain.map((link) => link.time));
      }
      expect(followed.some((unit) => unit.journey.furthestStep === steps.length)).toBe(true);
    }
  });

  it('keeps only the groups the labels hold, with their value', () => {
    const byGroup = new Map([
      [1n, new Map([['Sent', Float64Array.of(5)]])],
      [2n, new Map([['Sent', Float64Array.of(6)]])],
    ]);
    const followed = followGroupsInMemory({
      stepCount: 2,
      stepTypes: stepTypesOf([
        { eventType: 'Sent', filters: [] },
        { eventType: 'Paid', filters: [] },
      ]),
      byGroup,
      fromMs: 0,
      toMs: 10,
      windowMs: 10,
      labels: new Map([[2n, 'pro']]),
    });
    expect(followed).toEqual([{ unit: 2n, rawValue: 'pro', journey: { furthestStep: 1, chain: [{ time: 6 }] } }]);
  });
});
