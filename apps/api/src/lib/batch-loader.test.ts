import { describe, expect, it } from 'vitest';
import { BatchLoader, KeyedBatchLoaders } from './batch-loader';

describe('BatchLoader', () => {
  it('reads every key asked for before the event loop turns in one batch, even several awaits apart', async () => {
    const batches: number[][] = [];
    const loader = new BatchLoader<number, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => `value-${key}`);
    });
    const later = async (key: number) => {
      await Promise.resolve();
      await Promise.resolve();
      return loader.load(key);
    };
    const values = await Promise.all([loader.load(1), later(2), loader.load(1), later(3)]);
    expect(values).toEqual(['value-1', 'value-2', 'value-1', 'value-3']);
    expect(batches).toEqual([[1, 2, 3]]);
    // Kept for the request: asked again, nothing is read.
    expect(await loader.load(2)).toBe('value-2');
    expect(batches).toHaveLength(1);
  });

  it('rejects every key of a failed batch and refuses an answer of the wrong length', async () => {
    const failing = new BatchLoader<number, number>(async () => {
      throw new Error('database down');
    });
    await expect(Promise.all([failing.load(1), failing.load(2)])).rejects.toThrow('database down');
    const short = new BatchLoader<number, number>(async () => [1]);
    await expect(Promise.all([short.load(1), short.load(2)])).rejects.toThrow(/different number of keys/);
  });

  it('batches per set of arguments', async () => {
    const batches: string[] = [];
    const loaders = new KeyedBatchLoaders<{ limit: number }, bigint, string>(async ({ limit }, keys) => {
      batches.push(`${limit}:${keys.join(',')}`);
      return keys.map((key) => `${limit}/${key}`);
    });
    const values = await Promise.all([
      loaders.load({ limit: 2 }, 1n),
      loaders.load({ limit: 3 }, 1n),
      loaders.load({ limit: 2 }, 2n),
    ]);
    expect(values).toEqual(['2/1', '3/1', '2/2']);
    expect(batches.sort()).toEqual(['2:1,2', '3:1']);
  });
});
