// Keeps each group type's whole rollup history in memory (group-history.ts) and brings it up to
// date fold by fold, so the Groups list answers any range and any sort without scanning rollups.
// The same protocol as group-days-cache.ts: an entry is dated by the fold number read before its
// rows; after new folds only the groups they changed (rollup_change) are read again, and of those
// only the days whose event count moved get their people read again (a fold only ever adds
// events, and every event with a person on a (group, day) adds to that day's count; a rebuild
// changes every group and reloads). Exact whatever the time: no figure depends on a lifetime.
// The folds forget their records of changed groups after two minutes, so every loaded entry is
// also brought up to date every 30 s, and one whose records may be gone is loaded whole.
import { TimeBoundCache } from '@leadmaps/shared';
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import type { CacheLookups } from '../../lib/metrics';
import { GroupHistory, emptyRecord, type DayFigures } from './group-history';
import {
  buildHistoryDaysSql,
  buildHistoryGroupsSql,
  buildHistoryLastSeenSql,
  buildHistoryPairPeopleSql,
  buildHistoryPeopleSql,
  buildHistoryStateSql,
  type HistoryDayRow,
  type HistoryGroupRow,
  type HistoryPeopleRow,
} from './queries/group-history.query';

export interface GroupHistoryScope {
  projectId: number;
  groupTypeId: number;
  /** What the rollups' days and key actions were computed with: another value is another entry. */
  timeZone: string;
  keyActions: readonly string[];
}

/** Idle entries go after this; a used one is kept (its figures never depend on it). */
const idleLifetimeMilliseconds = 60 * 60_000;
const maximumBytes = 1024 * 1024 * 1024;
/** Past this many changed groups one whole load costs about as much as reading them. */
export const maximumChangedGroups = 2_000;
/** Half the two minutes the folds keep their records of changed groups (rollup-folder.ts). */
const surelyRecordedMilliseconds = 60_000;
const keepCurrentMilliseconds = 30_000;
const groupsPerPeopleRead = 500;

interface Entry {
  scope: GroupHistoryScope;
  history: GroupHistory;
  /** The history includes every fold up to this number (0: none yet). */
  foldId: bigint;
  /** When a caller that had just read `foldId` asked. */
  foldIdSeenAt: number;
  groupCount: number;
  /** The load or update under way: callers wait for it and apply changes one at a time. */
  updating: Promise<void> | null;
}

interface StateRow {
  groupCount: number;
  changedGroupIds: (bigint | string | number)[];
  oldestRecordedFoldId: bigint | null;
}

function keyOf(scope: GroupHistoryScope): string {
  return JSON.stringify([scope.projectId, scope.groupTypeId, scope.timeZone, scope.keyActions]);
}

function parsePeople(history: GroupHistory, text: string): Int32Array {
  const ids = text.split(',');
  const people = new Int32Array(ids.length);
  for (let index = 0; index < ids.length; index++) people[index] = history.indexOfPerson(Number(ids[index]));
  return people;
}

const emptyPeople = new Int32Array(0);

export class GroupHistoryCache {
  private readonly entries: TimeBoundCache<Entry>;
  /** Keys of the entries, so the periodic update can find them (the cache may have dropped some). */
  private readonly keys = new Set<string>();
  private keepCurrentTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: SqlExecutor,
    private readonly clock: () => number = Date.now,
  ) {
    this.entries = new TimeBoundCache({
      lifetimeMilliseconds: idleLifetimeMilliseconds,
      maximumSize: maximumBytes,
      sizeOf: (entry) => entry.history.byteSize(),
      clock,
    });
  }

  get lookups(): Readonly<CacheLookups> {
    return this.entries.lookups;
  }

  /**
   * The history of `scope`, current as of `lastFoldId` (read by the caller after catching the
   * rollups up). Shared: read it synchronously, never modify it.
   */
  async read(scope: GroupHistoryScope, lastFoldId: bigint | null): Promise<GroupHistory> {
    const calledAt = this.clock();
    const foldId = lastFoldId ?? 0n;
    const key = keyOf(scope);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        scope,
        history: new GroupHistory(),
        foldId: -1n,
        foldIdSeenAt: calledAt,
        groupCount: 0,
        updating: null,
      };
      this.keys.add(key);
      this.startKeepingCurrent();
    }
    // Used: its idle time starts again (and its size is counted afresh).
    this.entries.set(key, entry, { projectId: scope.projectId });
    await this.bringUpToDate(entry, foldId, calledAt);
    return entry.history;
  }

  private async bringUpToDate(entry: Entry, foldId: bigint, calledAt: number): Promise<void> {
    for (;;) {
      if (entry.updating) {
        await entry.updating;
        continue;
      }
      // An entry from a later fold than the caller read is current enough for it; the group
      // count is checked even so (groups are created by ingest, not by folds).
      const update = this.update(entry, foldId, calledAt);
      entry.updating = update.then(
        () => undefined,
        () => undefined,
      );
      try {
        await update;
      } finally {
        entry.updating = null;
      }
      return;
    }
  }

  private async update(entry: Entry, foldId: bigint, calledAt: number): Promise<void> {
    const { projectId, groupTypeId } = entry.scope;
    if (entry.foldId < 0n) {
      await this.loadWhole(entry, foldId, calledAt);
      return;
    }
    const after = entry.foldId;
    const upTo = foldId > after ? foldId : after;
    const [state] = await this.database.query<StateRow>(buildHistoryStateSql(projectId, groupTypeId, after, upTo));
    const changed = state!.changedGroupIds.map((id) => BigInt(id));
    const recordsMayBeGone =
      upTo > after &&
      this.clock() - entry.foldIdSeenAt >= surelyRecordedMilliseconds &&
      (state!.oldestRecordedFoldId === null || state!.oldestRecordedFoldId > after + 1n);
    if (recordsMayBeGone || changed.length > maximumChangedGroups) {
      await this.loadWhole(entry, foldId, calledAt);
      return;
    }
    const history = entry.history;
    if (state!.groupCount !== entry.groupCount || changed.some((id) => !history.slotsById.has(id))) {
      await this.loadGroups(entry);
    }
    if (changed.length) await this.updateGroups(entry, changed);
    if (upTo > entry.foldId) entry.foldId = upTo;
    if (upTo === foldId) entry.foldIdSeenAt = Math.max(entry.foldIdSeenAt, calledAt);
  }

  /** Every group of the type in tie-break order; known groups keep their records. */
  private async loadGroups(entry: Entry): Promise<void> {
    const { projectId, groupTypeId } = entry.scope;
    const rows = await this.database.query<HistoryGroupRow>(buildHistoryGroupsSql(projectId, groupTypeId));
    const history = entry.history;
    const slots = rows.map((row, order) => ({
      order,
      lastSeen: row.lastSeen.getTime(),
      record: history.slotsById.get(row.groupId)?.record ?? emptyRecord(row.groupId),
    }));
    history.slots = slots;
    history.slotsById.clear();
    for (const slot of slots) history.slotsById.set(slot.record.groupId, slot);
    entry.groupCount = rows.length;
  }

  private async loadWhole(entry: Entry, foldId: bigint, calledAt: number): Promise<void> {
    const { projectId, groupTypeId } = entry.scope;
    const [groups, days] = await Promise.all([
      this.database.query<HistoryGroupRow>(buildHistoryGroupsSql(projectId, groupTypeId)),
      this.database.query<HistoryDayRow>(buildHistoryDaysSql(projectId, groupTypeId, null)),
    ]);
    const history = new GroupHistory();
    const figuresByGroup = new Map<bigint, Map<number, DayFigures>>();
    for (const row of days) {
      let figures = figuresByGroup.get(row.groupId);
      if (!figures) {
        figures = new Map();
        figuresByGroup.set(row.groupId, figures);
      }
      figures.set(row.epochDay, { ...row, people: emptyPeople });
    }
    // People by slices of groups: each slice a range of the primary key, far inside the statement
    // timeout even on a loaded machine at 10M events, and parsed before the next is read.
    const groupIds = groups.map((row) => row.groupId);
    for (let start = 0; start < groupIds.length; start += groupsPerPeopleRead) {
      const slice = groupIds.slice(start, start + groupsPerPeopleRead);
      const people = await this.database.query<HistoryPeopleRow>(buildHistoryPeopleSql(projectId, slice));
      for (const row of people) {
        const figures = figuresByGroup.get(row.groupId);
        const day = figures?.get(row.epochDay);
        if (day) day.people = parsePeople(history, row.people);
      }
    }
    history.slots = groups.map((row, order) => {
      const figures = figuresByGroup.get(row.groupId);
      return {
        order,
        lastSeen: row.lastSeen.getTime(),
        record: figures ? history.buildRecord(row.groupId, [...figures.values()]) : emptyRecord(row.groupId),
      };
    });
    for (const slot of history.slots) history.slotsById.set(slot.record.groupId, slot);
    entry.history = history;
    entry.groupCount = groups.length;
    entry.foldId = foldId;
    entry.foldIdSeenAt = calledAt;
  }

  /** Reads the changed groups' days again, and the people of the days whose count moved. */
  private async updateGroups(entry: Entry, changed: bigint[]): Promise<void> {
    const { projectId, groupTypeId } = entry.scope;
    const history = entry.history;
    const [days, lastSeen] = await Promise.all([
      this.database.query<HistoryDayRow>(buildHistoryDaysSql(projectId, groupTypeId, changed)),
      this.database.query<HistoryGroupRow>(buildHistoryLastSeenSql(projectId, changed)),
    ]);
    const figuresByGroup = new Map<bigint, DayFigures[]>(changed.map((id) => [id, []]));
    const moved: { groupIds: bigint[]; epochDays: number[]; figures: DayFigures[] } = {
      groupIds: [],
      epochDays: [],
      figures: [],
    };
    for (const row of days) {
      const record = history.slotsById.get(row.groupId)?.record;
      const known = record ? history.dayOf(record, row.epochDay) : null;
      const figures: DayFigures = { ...row, people: emptyPeople };
      if (known && known.events === row.events) figures.people = history.peopleOfDay(record!, row.epochDay)!;
      else {
        moved.groupIds.push(row.groupId);
        moved.epochDays.push(row.epochDay);
        moved.figures.push(figures);
      }
      figuresByGroup.get(row.groupId)?.push(figures);
    }
    if (moved.groupIds.length) {
      const people = await this.database.query<HistoryPeopleRow>(
        buildHistoryPairPeopleSql(projectId, moved.groupIds, moved.epochDays),
      );
      const byPair = new Map(people.map((row) => [`${row.groupId}:${row.epochDay}`, row.people]));
      for (let index = 0; index < moved.figures.length; index++) {
        const text = byPair.get(`${moved.groupIds[index]}:${moved.epochDays[index]}`);
        if (text) moved.figures[index]!.people = parsePeople(history, text);
      }
    }
    // Synchronously, so no reader sees a group half updated.
    for (const [groupId, figures] of figuresByGroup) {
      const slot = history.slotsById.get(groupId);
      if (slot) slot.record = history.buildRecord(groupId, figures);
    }
    for (const row of lastSeen) {
      const slot = history.slotsById.get(row.groupId);
      if (slot) slot.lastSeen = row.lastSeen.getTime();
    }
  }

  private startKeepingCurrent(): void {
    if (this.keepCurrentTimer) return;
    this.keepCurrentTimer = setInterval(() => void this.keepCurrent(), keepCurrentMilliseconds);
    this.keepCurrentTimer.unref();
  }

  /** Brings every loaded entry up to date, so none outlives the folds' records of its changes. */
  async keepCurrent(): Promise<void> {
    for (const key of [...this.keys]) {
      const entry = this.entries.peek(key);
      if (!entry) {
        this.keys.delete(key);
        continue;
      }
      try {
        const [row] = await this.database.query<{ lastFoldId: bigint | null }>(
          sql`SELECT f.last_fold_id AS "lastFoldId" FROM rollup_fold_state f WHERE f.project_id = ${entry.scope.projectId}`,
        );
        await this.bringUpToDate(entry, row?.lastFoldId ?? 0n, this.clock());
      } catch {
        // The next request or the next round tries again; a request never gets a stale answer.
      }
    }
  }

  forgetProject(projectId: number): void {
    this.entries.forgetProject(projectId);
  }

  stop(): void {
    if (this.keepCurrentTimer) clearInterval(this.keepCurrentTimer);
    this.keepCurrentTimer = null;
  }
}
