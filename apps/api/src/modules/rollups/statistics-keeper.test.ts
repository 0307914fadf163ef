import { describe, expect, it } from 'vitest';
import { StatisticsKeeper } from './statistics-keeper';

function keeperOver(storedEvents: number, analyze: () => Promise<void> = async () => {}) {
  const calls: number[] = [];
  const errors: unknown[] = [];
  let committed = 0;
  const keeper = new StatisticsKeeper(
    async () => {
      calls.push(committed);
      await analyze();
    },
    async () => storedEvents,
    (error) => errors.push(error),
    { minimumEvents: 1_000, growthRatio: 0.5 },
  );
  const commit = async (events: number) => {
    committed += events;
    keeper.recordCommitted(events);
    await keeper.idle();
  };
  return { keeper, calls, errors, commit };
}

describe('StatisticsKeeper', () => {
  it('analyzes a growing database after the minimum, then each time it has grown by half', async () => {
    const { calls, commit } = keeperOver(0);
    for (let batch = 0; batch < 40; batch++) await commit(500);
    // Thresholds: 1,000 (the minimum), 1,000 (the minimum beats half of 1,000), 1,000 (half of
    // 2,000), 1,500, 2,250, 3,500, 5,250, each reached at the first 500-event batch that crosses it.
    expect(calls).toEqual([1_000, 2_000, 3_000, 4_500, 7_000, 10_500, 16_000]);
  });

  it('counts from the events already stored when the process starts', async () => {
    const { calls, commit } = keeperOver(100_000);
    for (let batch = 0; batch < 99; batch++) await commit(500);
    expect(calls).toEqual([]);
    await commit(500);
    expect(calls).toEqual([50_000]);
  });

  it('never runs two at once, and counts what arrived meanwhile', async () => {
    let release!: () => void;
    const { keeper, calls } = keeperOver(0, () => new Promise<void>((resolve) => (release = resolve)));
    keeper.recordCommitted(1_000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(1);
    keeper.recordCommitted(5_000);
    keeper.recordCommitted(5_000);
    expect(calls).toHaveLength(1);
    release();
    await keeper.idle();
    // The 10,000 events written during the first run are past the next threshold (1,000).
    keeper.recordCommitted(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(2);
    release();
    await keeper.idle();
  });

  it('reports a failed ANALYZE and waits for more growth before trying again', async () => {
    let fail = true;
    const { calls, errors, commit } = keeperOver(0, async () => {
      if (fail) throw new Error('database closed');
    });
    await commit(1_000);
    expect(errors).toHaveLength(1);
    await commit(500);
    expect(calls).toHaveLength(1);
    fail = false;
    await commit(500);
    expect(calls).toHaveLength(2);
    expect(errors).toHaveLength(1);
  });
});
