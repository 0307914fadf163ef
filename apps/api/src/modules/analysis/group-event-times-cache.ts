// Keeps, per (project, group type), each group's attributed event times of the event types funnels
// asked for, from some instant on (a sorted Float64Array per group and type), between funnel
// requests: the structure ordered by (group, event type, time) that a funnel needs and rollups per
// day cannot give. Read whole once (again only for a type not held yet or an earlier start, then for
// the union of what was held and what is asked, in one statement), kept current after new events
// by re-reading the groups the folds changed (fold-synced-cache.ts). At 10M events the three step
// types of a 30-day funnel hold ~0.7M times (~6 MB).
import { sql } from '../../database/sql';
import type { Database, SqlExecutor } from '../../database/sql-database';
import { FoldSyncedCache } from './fold-synced-cache';
import {
  buildGroupEventTimesSql,
  type GroupEventTimesRow,
  type GroupEventTimesScope,
} from './queries/group-event-times.query';

const maximumBytes = 256 * 1024 * 1024;

/** One group's times per event type (types without events in the scope are absent). */
export type TimesByType = ReadonlyMap<string, Float64Array>;

/** Big-endian float8s (as PostgreSQL's float8send writes them) into a Float64Array. */
export function decodeTimes(bytes: Uint8Array): Float64Array {
  const times = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(times.buffer).set(bytes);
  Buffer.from(times.buffer).swap64();
  return times;
}

async function readGroupEventTimes(
  client: SqlExecutor,
  scope: GroupEventTimesScope,
  groupIds: readonly bigint[] | null,
): Promise<Map<bigint, Map<string, Float64Array>>> {
  const statement = buildGroupEventTimesSql(scope, groupIds);
  // A whole read scans the range's events and attributions: 8–22 s at 10M events on a busy machine
  // (measured), near the request statement timeout; and its hash join and sort spill at the default
  // work_mem. A few changed groups are index probes.
  const whole = groupIds === null && 'transaction' in client;
  const rows = whole
    ? await (client as Database).transaction(
        async (transaction) => {
          await transaction.query(sql`SELECT set_config('work_mem', '64MB', true) AS memory`);
          return transaction.query<GroupEventTimesRow>(statement);
        },
        { longRunning: true },
      )
    : await client.query<GroupEventTimesRow>(statement);
  const byGroup = new Map<bigint, Map<string, Float64Array>>();
  for (const row of rows) {
    let byType = byGroup.get(row.groupId);
    if (!byType) {
      byType = new Map();
      byGroup.set(row.groupId, byType);
    }
    byType.set(row.eventType, decodeTimes(row.times));
  }
  return byGroup;
}

function sizeOf(byType: TimesByType): number {
  let bytes = 0;
  for (const times of byType.values()) bytes += times.byteLength + 64;
  return bytes;
}

export class GroupEventTimesCache {
  private readonly cache = new FoldSyncedCache<GroupEventTimesScope, Map<string, Float64Array>>(
    {
      keyOf: (scope) => JSON.stringify([scope.projectId, scope.groupTypeId]),
      covers: (held, wanted) =>
        held.fromMs <= wanted.fromMs && wanted.eventTypes.every((type) => held.eventTypes.includes(type)),
      widen: (held, wanted) => ({
        ...wanted,
        eventTypes: [...new Set([...held.eventTypes, ...wanted.eventTypes])].sort(),
        fromMs: Math.min(held.fromMs, wanted.fromMs),
      }),
      read: readGroupEventTimes,
      sizeOf,
    },
    { maximumBytes },
  );

  get lookups() {
    return this.cache.lookups;
  }

  /**
   * Each group's times of the event types from `scope.fromMs` on (possibly earlier ones and other
   * types too: slice by time), current as of `lastFoldId`. Shared: read before the next await,
   * never modify.
   */
  async read(
    client: SqlExecutor,
    scope: GroupEventTimesScope,
    lastFoldId: bigint,
  ): Promise<ReadonlyMap<bigint, TimesByType>> {
    return (await this.cache.read(client, scope, lastFoldId)).byGroup;
  }

  /** Applies the folds' changes to every entry, between requests (FoldSyncedCache.keepCurrent). */
  keepCurrent(client: SqlExecutor, lastFoldIdOf: (projectId: number) => Promise<bigint | null>): Promise<void> {
    return this.cache.keepCurrent(client, lastFoldIdOf);
  }

  forgetProject(projectId: number): void {
    this.cache.forgetProject(projectId);
  }
}
