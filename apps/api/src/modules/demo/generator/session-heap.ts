// A binary min-heap of open sessions keyed by the time of each session's next event: merging
// sessions through it yields events in global time order while holding only the sessions that
// are open at that moment.
export interface TimedCursor {
  time: number;
}

export class CursorHeap<T extends TimedCursor> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peekTime(): number {
    return this.items.length ? this.items[0]!.time : Number.POSITIVE_INFINITY;
  }

  push(item: T): void {
    const items = this.items;
    let index = items.length;
    items.push(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (items[parent]!.time <= item.time) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = item;
  }

  /** Removes and returns the earliest cursor. */
  pop(): T | undefined {
    const items = this.items;
    if (!items.length) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length) this.siftDown(last);
    return top;
  }

  /** Replaces the earliest cursor after its time moved forward (cheaper than pop + push). */
  replaceTop(item: T): void {
    this.siftDown(item);
  }

  private siftDown(item: T): void {
    const items = this.items;
    const length = items.length;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      if (child + 1 < length && items[child + 1]!.time < items[child]!.time) child++;
      if (items[child]!.time >= item.time) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = item;
  }
}
