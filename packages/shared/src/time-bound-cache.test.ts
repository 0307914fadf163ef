import { describe, expect, it } from 'vitest';
import { TimeBoundCache } from './time-bound-cache';

describe('TimeBoundCache', () => {
  it('answers while the entry is younger than its lifetime, from a clock that starts at 0', () => {
    let now = 0;
    const cache = new TimeBoundCache<string>({ lifetimeMilliseconds: 1_000, maximumEntries: 10, clock: () => now });
    cache.set('a', 'value a');
    now = 999;
    expect(cache.get('a')).toBe('value a');
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
    // Gone for good, not only hidden: a later clock going back does not revive it.
    now = 0;
    expect(cache.get('a')).toBeUndefined();
  });

  it('dates an entry from the time it is given', () => {
    let now = 10_000;
    const cache = new TimeBoundCache<number>({ lifetimeMilliseconds: 1_000, maximumEntries: 10, clock: () => now });
    cache.set('a', 1, { storedAt: 9_500 });
    now = 10_499;
    expect(cache.get('a')).toBe(1);
    now = 10_500;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the least recently used entry past its maximum count', () => {
    const cache = new TimeBoundCache<number>({ lifetimeMilliseconds: 60_000, maximumEntries: 3, clock: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('keeps the summed size under its maximum', () => {
    const cache = new TimeBoundCache<string>({
      lifetimeMilliseconds: 60_000,
      maximumEntries: 100,
      maximumSize: 10,
      sizeOf: (value) => value.length,
      clock: () => 0,
    });
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    cache.set('c', 'zzzz');
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c')]).toEqual(['yyyy', 'zzzz']);
  });

  it('forgets one project at a time, and everything on clear', () => {
    const cache = new TimeBoundCache<string>({ lifetimeMilliseconds: 60_000, maximumEntries: 10, clock: () => 0 });
    cache.set('one', 'project 1', { projectId: 1 });
    cache.set('two', 'project 2', { projectId: 2 });
    cache.set('none', 'no project');
    cache.forgetProject(1);
    expect([cache.get('one'), cache.get('two'), cache.get('none')]).toEqual([undefined, 'project 2', 'no project']);
    cache.clear();
    expect([cache.get('two'), cache.get('none')]).toEqual([undefined, undefined]);
  });
});
