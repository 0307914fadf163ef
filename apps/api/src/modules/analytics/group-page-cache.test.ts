import { describe, expect, it } from 'vitest';
import { GroupPageCache } from './group-page-cache';

describe('GroupPageCache', () => {
  it('answers until the entry expires', () => {
    let now = 1_000;
    const cache = new GroupPageCache<string>(5_000, () => now);
    cache.set('a', 'page a');
    now += 4_999;
    expect(cache.get('a')).toBe('page a');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most 200 entries, dropping the least recently used', () => {
    const cache = new GroupPageCache<number>(60_000, () => 0);
    for (let index = 0; index < 200; index++) cache.set(`key ${index}`, index);
    expect(cache.get('key 0')).toBe(0);
    cache.set('key 200', 200);
    expect(cache.get('key 1')).toBeUndefined();
    expect(cache.get('key 0')).toBe(0);
    expect(cache.get('key 200')).toBe(200);
  });

  it('forgets everything on clear', () => {
    const cache = new GroupPageCache<number>();
    cache.set('a', 1);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });
});
