// The analysis module's one mechanism for keeping per-group data in memory between requests: an
// entry maps each group of a scope to a value read from the database (its rollup days, its event
// times of one type), dated by the last fold number read before its rows. After new events only the
// groups that the folds since changed are read again (rollup_change, by fold number), so an answer
// right after fresh data costs a few index probes and those groups' rows. Exact: a project's folds
// commit in the order of their numbers, every attributed event's group is recorded by the fold that
// adds it, and rows read whole may already hold later events (their groups are re-read again later,
// which changes nothing). The folds forget their records of changed groups after two minutes
// (oldest first): an entry whose changes may no longer all be recorded is read whole.
// A whole read under way is shared: a caller whose scope it covers waits for it rather than
// starting another (the server's preload at start and the first requests ask at the same time).
// keepCurrent (every 30 s, analysis-memory.ts) applies the folds' changes to every entry between
// requests, so an entry not asked for minutes is not read whole again for want of those records.
import { TimeBoundCache } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { readChangedGroups } from '../analytics/queries/group-activity-totals.query';
import { buildOldestRecordedFoldSql } from './queries/group-days.query';

/**
 * Rows are kept while charts are asked (memory bounds them): the lifetime runs from the last use,
 * and stale rows are refreshed, not dropped (a whole read costs seconds to a minute at 10M events).
 */
export const foldSyncedLifetimeMilliseconds = 15 * 60_000;
/**
 * Half the two minutes the folds keep their records of changed groups (rollup-folder.ts): an entry
 * brought up to date more recently than this needs no check that its changes are still recorded.
 */
const surelyRecordedMilliseconds = 60_000;
/** Past this many changed groups one full read is about as cheap as reading them one by one. */
export const maximumChangedGroups = 1_000;

/** What a kind of entry reads, for one scope (a project and group type, and what else keys it). */
export interface PerGroupSource<Scope extends { projectId: number; groupTypeId: number }, Value> {
  /** Entries are found by this key; one entry answers every scope of its key that it covers. */
  keyOf(scope: Scope): string;
  /** Whether an entry read for `held` answers `wanted` (same key); always, unless given. */
  covers?(held: Scope, wanted: Scope): boolean;
  /** The scope to read whole when the entry of the key does not cover `wanted` (default: `wanted`). */
  widen?(held: Scope, wanted: Scope): Scope;
  /** The values of every group (null) or of these groups; a group without data is absent. */
  read(client: SqlExecutor, scope: Scope, groupIds: readonly bigint[] | null): Promise<Map<bigint, Value>>;
  /** Bytes an entry's value takes (the cache's memory bound). */
  sizeOf(value: Value): number;
}

export interface PerGroupEntry<Scope, Value> {
  readonly scope: Scope;
  readonly byGroup: ReadonlyMap<bigint, Value>;
}

interface Entry<Scope, Value> {
  scope: Scope;
  byGroup: Map<bigint, Value>;
  /** Estimated bytes, kept as groups are replaced. */
  bytes: number;
  /** The rows include every fold up to this number. */
  foldId: bigint;
  /** When a caller that had just read `foldId` asked (the changes it needs came after). */
  foldIdSeenAt: number;
  /** The refresh under way, so concurrent requests apply changes one at a time. */
  refreshing: Promise<void> | null;
}

export class FoldSyncedCache<Scope extends { projectId: number; groupTypeId: number }, Value> {
  private readonly entries: TimeBoundCache<Entry<Scope, Value>>;
  private readonly clock: () => number;
  /** Whole reads under way, per key. */
  private readonly wholeReads = new Map<string, { scope: Scope; done: Promise<unknown> }>();
  /** Keys of the entries stored, for keepCurrent (the cache may have dropped some since). */
  private readonly keys = new Set<string>();

  constructor(
    private readonly source: PerGroupSource<Scope, Value>,
    options: { maximumBytes: number; lifetimeMilliseconds?: number; clock?: () => number },
  ) {
    this.clock = options.clock ?? Date.now;
    this.entries = new TimeBoundCache({
      lifetimeMilliseconds: options.lifetimeMilliseconds ?? foldSyncedLifetimeMilliseconds,
      maximumSize: options.maximumBytes,
      sizeOf: (entry) => entry.bytes,
      clock: this.clock,
    });
  }

  get lookups() {
    return this.entries.lookups;
  }

  /**
   * The values of `scope`, current as of `lastFoldId` (read by the caller before this call, after
   * catching the rollups up). The result is shared: read it before the next await, never modify it.
   */
  async read(client: SqlExecutor, scope: Scope, lastFoldId: bigint): Promise<PerGroupEntry<Scope, Value>> {
    const calledAt = this.clock();
    const key = this.source.keyOf(scope);
    for (;;) {
      let readScope = scope;
      const entry = this.entries.get(key);
      if (entry && !this.covers(entry.scope, scope)) readScope = this.widen(entry.scope, scope);
      else if (entry) {
        // An entry from a later fold than the caller read is current enough for it.
        if (entry.foldId >= lastFoldId) {
          if (entry.foldId === lastFoldId) entry.foldIdSeenAt = Math.max(entry.foldIdSeenAt, calledAt);
          return this.used(key, entry);
        }
        if (entry.refreshing) {
          await entry.refreshing;
          continue;
        }
        if (await this.refresh(client, key, entry, lastFoldId, calledAt)) return this.used(key, entry);
      }
      const underWay = this.wholeReads.get(key);
      if (underWay && this.covers(underWay.scope, scope)) {
        // Its entry (dated by its caller's fold) is then brought up to this caller's fold.
        await underWay.done.catch(() => undefined);
        if (this.wholeReads.get(key) === underWay) this.wholeReads.delete(key);
        continue;
      }
      if (underWay) readScope = this.widen(underWay.scope, readScope);
      return this.readWhole(client, key, readScope, lastFoldId, calledAt);
    }
  }

  /**
   * Brings every entry up to its project's last fold (`lastFoldIdOf`, read here), between requests:
   * the folds keep their records of changed groups two minutes, and an entry older than its
   * records is read whole by the next request that asks. Does not count as a use (idle entries
   * still go after their lifetime).
   */
  async keepCurrent(client: SqlExecutor, lastFoldIdOf: (projectId: number) => Promise<bigint | null>): Promise<void> {
    for (const key of [...this.keys]) {
      const entry = this.entries.get(key);
      if (!entry) {
        this.keys.delete(key);
        continue;
      }
      if (entry.refreshing) continue;
      // Before reading the fold number: the time a caller that had just read it asked, at the latest.
      const calledAt = this.clock();
      const lastFoldId = await lastFoldIdOf(entry.scope.projectId);
      if (lastFoldId === null || entry.foldId >= lastFoldId || entry.refreshing) continue;
      await this.refresh(client, key, entry, lastFoldId, calledAt);
    }
  }

  /** Applies the folds' changes up to `lastFoldId`, one refresh at a time; false (entry dropped) when it cannot. */
  private async refresh(
    client: SqlExecutor,
    key: string,
    entry: Entry<Scope, Value>,
    lastFoldId: bigint,
    calledAt: number,
  ): Promise<boolean> {
    const refresh = this.applyChanges(client, entry, lastFoldId, calledAt);
    entry.refreshing = refresh.then(
      () => undefined,
      () => undefined,
    );
    const applied = await refresh.finally(() => {
      entry.refreshing = null;
    });
    if (!applied && this.entries.get(key) === entry) this.entries.delete(key);
    return applied;
  }

  private covers(held: Scope, wanted: Scope): boolean {
    return this.source.covers ? this.source.covers(held, wanted) : true;
  }

  private widen(held: Scope, wanted: Scope): Scope {
    return this.source.widen ? this.source.widen(held, wanted) : wanted;
  }

  /** Its lifetime starts again: entries are dropped when idle, never while charts use them. */
  private used(key: string, entry: Entry<Scope, Value>): Entry<Scope, Value> {
    this.entries.set(key, entry, { projectId: entry.scope.projectId });
    return entry;
  }

  private async readWhole(
    client: SqlExecutor,
    key: string,
    scope: Scope,
    lastFoldId: bigint,
    calledAt: number,
  ): Promise<Entry<Scope, Value>> {
    const read = async () => {
      const readAt = this.clock();
      const byGroup = await this.source.read(client, scope, null);
      let bytes = 0;
      for (const value of byGroup.values()) bytes += this.source.sizeOf(value) + 80;
      const entry: Entry<Scope, Value> = {
        scope,
        byGroup,
        bytes,
        foldId: lastFoldId,
        foldIdSeenAt: calledAt,
        refreshing: null,
      };
      this.entries.set(key, entry, { projectId: scope.projectId, storedAt: readAt });
      this.keys.add(key);
      return entry;
    };
    const done = read();
    const underWay = { scope, done };
    this.wholeReads.set(key, underWay);
    try {
      return await done;
    } finally {
      if (this.wholeReads.get(key) === underWay) this.wholeReads.delete(key);
    }
  }

  /** Re-reads the groups the folds after the entry's changed; false when too many or not all recorded. */
  private async applyChanges(client: SqlExecutor, entry: Entry<Scope, Value>, lastFoldId: bigint, calledAt: number) {
    const { projectId, groupTypeId } = entry.scope;
    const changed = await readChangedGroups(client, projectId, groupTypeId, entry.foldId, lastFoldId);
    if (changed.length > maximumChangedGroups) return false;
    if (this.clock() - entry.foldIdSeenAt >= surelyRecordedMilliseconds) {
      // Checked after reading the changes: if the folds after the entry's are all still recorded
      // now, they were when the changes were read (records go oldest first; those folds had
      // committed). A fold that changed no group leaves no record, so this may read whole needlessly.
      const [{ oldestFoldId }] = await client.query<{ oldestFoldId: bigint | null }>(
        buildOldestRecordedFoldSql(projectId),
      );
      if (oldestFoldId === null || oldestFoldId > entry.foldId + 1n) return false;
    }
    const fresh = changed.length ? await this.source.read(client, entry.scope, changed) : new Map<bigint, Value>();
    // In place and synchronously: readers never see an entry half updated.
    for (const groupId of changed) {
      const old = entry.byGroup.get(groupId);
      if (old !== undefined) entry.bytes -= this.source.sizeOf(old) + 80;
      const value = fresh.get(groupId);
      if (value === undefined) {
        entry.byGroup.delete(groupId);
        continue;
      }
      entry.byGroup.set(groupId, value);
      entry.bytes += this.source.sizeOf(value) + 80;
    }
    entry.foldId = lastFoldId;
    entry.foldIdSeenAt = calledAt;
    return true;
  }

  forgetProject(projectId: number): void {
    this.entries.forgetProject(projectId);
    // A read under way for the project may hold what it forgets: later callers read anew.
    for (const [key, underWay] of this.wholeReads)
      if (underWay.scope.projectId === projectId) this.wholeReads.delete(key);
  }
}
