// Keeps, per (project, group type, event type), each group's attributed event times of that type
// from some instant on (sorted Float64Arrays), between funnel requests: the structure ordered by
// (group, event type, time) that the funnel needs and rollups per day cannot give. Read whole once
// (then re-read whole only for an earlier start), kept current after new events by re-reading the
// groups the folds changed (fold-synced-cache.ts). At 10M events, the three step types of a 30-day
// funnel hold ~0.7M times (~6 MB).
import type { SqlExecutor } from '../../database/sql-database';
import { FoldSyncedCache } from './fold-synced-cache';
import {
  buildGroupEventTimesSql,
  type GroupEventTimesRow,
  type GroupEventTimesScope,
} from './queries/group-event-times.query';

const maximumBytes = 256 * 1024 * 1024;

/** Big-endian float8s (as PostgreSQL's float8send writes them) into a Float64Array. */
export function decodeTimes(bytes: Uint8Array): Float64Array {
  const times = new Float64Array(bytes.byteLength / 8);
  const view = new Uint8Array(times.buffer);
  view.set(bytes);
  Buffer.from(times.buffer).swap64();
  return times;
}

async function readGroupEventTimes(
  client: SqlExecutor,
  scope: GroupEventTimesScope,
  groupIds: readonly bigint[] | null,
): Promise<Map<bigint, Float64Array>> {
  const rows = await client.query<GroupEventTimesRow>(buildGroupEventTimesSql(scope, groupIds));
  return new Map(rows.map((row) => [row.groupId, decodeTimes(row.times)]));
}

export class GroupEventTimesCache {
  private readonly cache = new FoldSyncedCache<GroupEventTimesScope, Float64Array>(
    {
      keyOf: (scope) => JSON.stringify([scope.projectId, scope.groupTypeId, scope.eventType]),
      covers: (held, wanted) => held.fromMs <= wanted.fromMs,
      widen: (held, wanted) => ({ ...wanted, fromMs: Math.min(held.fromMs, wanted.fromMs) }),
      read: readGroupEventTimes,
      sizeOf: (times) => times.byteLength,
    },
    { maximumBytes },
  );

  get lookups() {
    return this.cache.lookups;
  }

  /**
   * Each group's times of the event type from `scope.fromMs` on (possibly earlier ones too: slice by
   * time), current as of `lastFoldId`. Shared: read before the next await, never modify.
   */
  async read(client: SqlExecutor, scope: GroupEventTimesScope, lastFoldId: bigint) {
    return (await this.cache.read(client, scope, lastFoldId)).byGroup;
  }

  forgetProject(projectId: number): void {
    this.cache.forgetProject(projectId);
  }
}
