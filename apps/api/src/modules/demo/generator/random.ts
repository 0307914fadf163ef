// Small, fast, deterministic randomness. Every stream is derived from the generator seed and a
// few integers (account, day, session), so any part of the data can be regenerated on its own
// without replaying everything before it: that is what keeps memory bounded at any scale.

/** Hashes a string seed (FNV-1a) to 32 bits. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes integers into a well-spread 32-bit value (murmur3 rounds and finaliser). */
export function hashIntegers(a: number, b = 0, c = 0, d = 0): number {
  let hash = a | 0;
  hash = mixRound(hash, b);
  hash = mixRound(hash, c);
  hash = mixRound(hash, d);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function mixRound(hash: number, value: number): number {
  let k = Math.imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  hash ^= k;
  hash = (hash << 13) | (hash >>> 19);
  return (Math.imul(hash, 5) + 0xe6546b64) | 0;
}

/** A uniform float in [0, 1) from a hash, for one-off decisions that need no stream. */
export function unitFromHash(hash: number): number {
  return (hash >>> 0) / 4294967296;
}

/** mulberry32: a tiny PRNG with good enough statistics for synthetic data and ~1 ns per draw. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  integer(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  between(minimum: number, maximum: number): number {
    return minimum + (maximum - minimum) * this.next();
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard normal (Box-Muller, one value per call: simplicity beats the saved draw). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Poisson draw; a normal approximation above a mean of 30 keeps it O(1). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** Pareto with minimum 1: heavy-tailed sizes (few big, many small). */
  pareto(alpha: number): number {
    return 1 / (1 - this.next()) ** (1 / alpha);
  }
}
