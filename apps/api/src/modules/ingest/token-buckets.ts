import { LRUCache } from 'lru-cache';

// A token bucket per name: `perSecond` tokens flow in, at most `burst` wait. A request takes one
// or is refused, and learns how long until the next token. Smoother than fixed windows (which let
// twice the limit through around a window's edge) and needs nothing but the time of the last take.

export interface TokenBucketLimits {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  private readonly buckets: LRUCache<string, Bucket>;

  constructor(
    private readonly limits: TokenBucketLimits,
    /** Buckets kept at most; the least recently used is dropped (it starts full when it returns). */
    maximumBuckets: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.buckets = new LRUCache({ max: maximumBuckets });
  }

  /** Takes a token from `name`'s bucket: 0 when taken, else the seconds until one is there. */
  take(name: string): number {
    const bucket = this.refilled(name);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(name, bucket);
      return 0;
    }
    this.buckets.set(name, bucket);
    return (1 - bucket.tokens) / this.limits.perSecond;
  }

  /** Whether `name`'s bucket has a token, without taking it. */
  hasToken(name: string): boolean {
    return this.refilled(name).tokens >= 1;
  }

  private refilled(name: string): Bucket {
    const now = this.clock();
    const bucket = this.buckets.get(name);
    if (!bucket) return { tokens: this.limits.burst, updatedAt: now };
    const earned = (Math.max(0, now - bucket.updatedAt) / 1000) * this.limits.perSecond;
    return { tokens: Math.min(this.limits.burst, bucket.tokens + earned), updatedAt: now };
  }
}
