import { describe, expect, it } from 'vitest';
import { followUnit, type FunnelEventRow } from './funnel-chain';
import { followGroupsInMemory, stepTypesOf } from './funnel-in-memory';

const minute = 60_000;

/** A small deterministic generator (the tests must not depend on Math.random). */
function generator(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    // The high bits: the low bits of this generator repeat with a short period.
    return Math.floor((state / 2 ** 31) * below);
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

  it('agrees with an enumeration of every chain on random groups, funnels and windows', () => {
    const random = generator(11);
    const types = ['Sent', 'Viewed', 'Paid'];
    for (let trial = 0; trial < 600; trial += 1) {
      const stepCount = 2 + random(3);
      // Step types drawn with repeats (a type at two steps must be two distinct events).
      const stepNames = Array.from({ length: stepCount }, () => types[random(types.length)]!);
      const stepTypes = stepTypesOf(stepNames.map((eventType) => ({ eventType, filters: [] })));
      const windowMs = (1 + random(6)) * minute;
      const fromMs = random(3) * minute;
      const toMs = fromMs + (4 + random(7)) * minute;
      // Few distinct minutes (before, inside and after the range), so events often share an instant.
      const events = Array.from({ length: 1 + random(9) }, () => ({
        time: random(14) * minute,
        type: types[random(types.length)]!,
      }));
      const byType = new Map<string, Float64Array>();
      for (const type of types) {
        const times = events.filter((event) => event.type === type).map((event) => event.time);
        if (times.length) byType.set(type, Float64Array.from(times).sort());
      }
      const expected = enumerateChains(
        events.filter((event) => event.time >= fromMs && event.time < toMs),
        stepNames,
        windowMs,
      );
      const followed = followGroupsInMemory({
        stepCount,
        stepTypes,
        byGroup: new Map([[1n, byType]]),
        fromMs,
        toMs,
        windowMs,
        labels: null,
      });
      const described = JSON.stringify({ events, stepNames, windowMs, fromMs, toMs });
      expect(followed[0]?.journey.furthestStep ?? 0, described).toBe(expected.length);
      expect(followed[0]?.journey.chain.map((link) => link.time) ?? [], described).toEqual(expected);
    }
  });
});

/**
 * The times of the deepest chain of distinct events (step i's event of type stepNames[i], times
 * non-decreasing, last − first ≤ window), the smallest times step by step among the deepest, by
 * trying every chain.
 */
function enumerateChains(
  events: readonly { time: number; type: string }[],
  stepNames: readonly string[],
  windowMs: number,
) {
  let best: number[] = [];
  const used = new Set<number>();
  const times: number[] = [];
  const isBetter = () => {
    if (times.length !== best.length) return times.length > best.length;
    const index = times.findIndex((time, position) => time !== best[position]);
    return index !== -1 && times[index]! < best[index]!;
  };
  const walk = () => {
    if (isBetter()) best = [...times];
    if (times.length === stepNames.length) return;
    events.forEach((event, index) => {
      if (used.has(index) || event.type !== stepNames[times.length]) return;
      if (times.length > 0 && (event.time < times.at(-1)! || event.time - times[0]! > windowMs)) return;
      used.add(index);
      times.push(event.time);
      walk();
      times.pop();
      used.delete(index);
    });
  };
  walk();
  return best;
}
