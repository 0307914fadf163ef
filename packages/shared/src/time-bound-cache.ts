// The one cache mechanism of leadmaps (the API's caches and the web's query cache): an entry answers for a fixed lifetime after it was stored,
// then is gone; when the cache is full the least recently used entry goes first. lru-cache keeps
// the recency order and the bounds. The lifetime is checked here, against the clock the cache was
// given (tests pass their own): lru-cache keeps an entry while its age equals the TTL and treats
// a start time of 0 as "no TTL", and every cache here answers only while age < lifetime.
import { LRUCache } from 'lru-cache';

export interface TimeBoundCacheOptions<Value> {
  lifetimeMilliseconds: number;
  /** At least one of the two bounds: a count of entries, or a summed `sizeOf` (whole responses). */
  maximumEntries?: number;
  maximumSize?: number;
  sizeOf?: (value: Value) => number;
  clock?: () => number;
}

interface Entry<Value> {
  value: Value;
  storedAt: number;
  /** The project the entry belongs to, so one project's entries can be forgotten alone. */
  projectId: number | null;
}

export class TimeBoundCache<Value> {
  private readonly entries: LRUCache<string, Entry<Value>>;
  private readonly lifetimeMilliseconds: number;
  private readonly clock: () => number;
  /** What `get` found since the cache was made (read by the server's metrics). */
  readonly lookups = { hits: 0, misses: 0 };

  constructor(options: TimeBoundCacheOptions<Value>) {
    this.lifetimeMilliseconds = options.lifetimeMilliseconds;
    this.clock = options.clock ?? Date.now;
    const sizeOf = options.sizeOf;
    const bounds = {
      ...(options.maximumEntries !== undefined ? { max: options.maximumEntries } : {}),
      ...(options.maximumSize !== undefined && sizeOf
        ? { maxSize: options.maximumSize, sizeCalculation: (entry: Entry<Value>) => Math.max(1, sizeOf(entry.value)) }
        : {}),
    };
    this.entries = new LRUCache<string, Entry<Value>>(bounds as LRUCache.Options<string, Entry<Value>, unknown>);
  }

  /** The value stored under `key` while it is younger than the lifetime. */
  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.lookups.misses++;
      return undefined;
    }
    if (this.clock() - entry.storedAt >= this.lifetimeMilliseconds) {
      this.entries.delete(key);
      this.lookups.misses++;
      return undefined;
    }
    this.lookups.hits++;
    return entry.value;
  }

  /** Like `get`, but leaves the recency order alone (what a React render may do). */
  peek(key: string): Value | undefined {
    const entry = this.entries.peek(key);
    if (!entry || this.clock() - entry.storedAt >= this.lifetimeMilliseconds) return undefined;
    return entry.value;
  }

  /**
   * Stores `value`; its lifetime runs from `storedAt` (default: now), which lets a caller date an
   * entry from when it started computing it.
   */
  set(key: string, value: Value, options: { projectId?: number; storedAt?: number } = {}): void {
    this.entries.set(key, { value, storedAt: options.storedAt ?? this.clock(), projectId: options.projectId ?? null });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops the entries stored for one project (after its settings changed). */
  forgetProject(projectId: number): void {
    const keys: string[] = [];
    for (const [key, entry] of this.entries.entries()) if (entry.projectId === projectId) keys.push(key);
    for (const key of keys) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
