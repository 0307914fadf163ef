// The figures of a funnel from every unit's journey (funnel-chain.ts): per step, the units that
// reached at least that step, conversion from the previous and the first step, and the time to
// convert from the previous step measured on each unit's measured chain.
import type { JourneyTimes } from './funnel-in-memory';

export interface FunnelStepFigures {
  /** 1 = the first step. */
  step: number;
  count: number;
  /** count / count of the previous step (1 for the first step; 0 when the previous is 0). */
  conversionFromPrevious: number;
  /** count / count of the first step (1 for the first step; 0 when the first is 0). */
  conversionFromFirst: number;
  /** Units that reached the previous step and not this one (0 for the first step). */
  droppedFromPrevious: number;
  /** Seconds from the previous step, over the units that reached this step; null for the first or without any. */
  medianSecondsFromPrevious: number | null;
  averageSecondsFromPrevious: number | null;
}

/** The middle value, or the mean of the two middle values. */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  // A typed copy sorts numerically without a comparator call per comparison.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function funnelFigures(journeys: readonly JourneyTimes[], stepCount: number): FunnelStepFigures[] {
  const counts = new Array<number>(stepCount + 1).fill(0);
  for (const journey of journeys) for (let step = 1; step <= journey.furthestStep; step += 1) counts[step]! += 1;
  // Sized by the counts first: at 10k groups per funnel, growing arrays was most of this function.
  const durations = counts.map((count, step) => new Float64Array(step > 1 ? count : 0));
  const filled = new Array<number>(stepCount + 1).fill(0);
  for (const journey of journeys) {
    for (let step = 2; step <= journey.furthestStep; step += 1) {
      durations[step]![filled[step]!] = (journey.chain[step - 1]!.time - journey.chain[step - 2]!.time) / 1000;
      filled[step]! += 1;
    }
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return Array.from({ length: stepCount }, (_, index) => {
    const step = index + 1;
    const count = counts[step]!;
    const previous = step === 1 ? count : counts[step - 1]!;
    const times = durations[step]!;
    return {
      step,
      count,
      conversionFromPrevious: step === 1 ? (count === 0 ? 0 : 1) : ratio(count, previous),
      conversionFromFirst: step === 1 ? (count === 0 ? 0 : 1) : ratio(count, counts[1]!),
      droppedFromPrevious: previous - count,
      medianSecondsFromPrevious: median(times),
      averageSecondsFromPrevious:
        times.length === 0 ? null : times.reduce((sum, value) => sum + value, 0) / times.length,
    };
  });
}
