// A per-request batcher (what the `dataloader` package does, which is not a dependency here and
// needs only these few lines): resolvers ask for one key each, and every key asked for before the
// event loop turns is read in ONE statement. Results are kept for the rest of the request, so a
// person reached twice (through two groups) is read once. Create one per request: nothing is
// shared between viewers or outlives the answer.
export class BatchLoader<Key, Value> {
  private readonly cache = new Map<string, Promise<Value>>();
  private queue: { key: Key; resolve(value: Value): void; reject(error: unknown): void }[] = [];

  /**
   * `loadBatch` answers the keys in their order (one value per key). `identify` turns a key into
   * the string it is cached under.
   */
  constructor(
    private readonly loadBatch: (keys: readonly Key[]) => Promise<readonly Value[]>,
    private readonly identify: (key: Key) => string = String,
  ) {}

  load(key: Key): Promise<Value> {
    const identity = this.identify(key);
    let value = this.cache.get(identity);
    if (!value) {
      value = new Promise<Value>((resolve, reject) => {
        // setImmediate runs after every pending promise job: sibling resolvers that are one or
        // more awaits away from asking still join this batch (a microtask would split it).
        if (this.queue.length === 0) setImmediate(() => this.flush());
        this.queue.push({ key, resolve, reject });
      });
      this.cache.set(identity, value);
    }
    return value;
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const values = await this.loadBatch(batch.map((entry) => entry.key));
      if (values.length !== batch.length) throw new Error('a batch loader answered a different number of keys');
      for (const [index, entry] of batch.entries()) entry.resolve(values[index]!);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}

/** One BatchLoader per set of arguments (a page size and cursor), so pages of many parents with the same arguments share a statement. */
export class KeyedBatchLoaders<Arguments, Key, Value> {
  private readonly loaders = new Map<string, BatchLoader<Key, Value>>();

  constructor(
    private readonly loadBatch: (argumentsOfBatch: Arguments, keys: readonly Key[]) => Promise<readonly Value[]>,
    private readonly identify: (key: Key) => string = String,
  ) {}

  load(argumentsOfBatch: Arguments, key: Key): Promise<Value> {
    const signature = JSON.stringify(argumentsOfBatch, (_name, value) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    let loader = this.loaders.get(signature);
    if (!loader) {
      loader = new BatchLoader((keys) => this.loadBatch(argumentsOfBatch, keys), this.identify);
      this.loaders.set(signature, loader);
    }
    return loader.load(key);
  }
}
