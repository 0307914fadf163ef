// Answers a repeated Groups page from memory while the data behind it is unchanged. The key holds
// everything a page depends on: the request, the project's settings, the group type, and the
// data version (see queries/group-type-state.query.ts), so any ingest, new group or property
// change makes the next read compute afresh. Entries also expire after a few seconds: two ingest
// transactions can commit out of id order, and an entry cached between those commits would
// otherwise miss the earlier ids' rows until the next write.
export const pageCacheLifetimeMilliseconds = 5_000;
const maximumEntries = 200;

export class GroupPageCache<Page> {
  private readonly entries = new Map<string, { page: Page; expiresAt: number }>();

  constructor(
    private readonly lifetimeMilliseconds = pageCacheLifetimeMilliseconds,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string): Page | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.page;
  }

  set(key: string, page: Page): void {
    this.entries.delete(key);
    this.entries.set(key, { page, expiresAt: this.clock() + this.lifetimeMilliseconds });
    while (this.entries.size > maximumEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
