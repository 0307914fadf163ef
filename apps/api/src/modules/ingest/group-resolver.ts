import type { SqlExecutor } from '../../database/sql-database';
import { TimeBoundCache } from '@leadmaps/shared';
import {
  createGroupTypes,
  listGroupTypes,
  maximumGroupTypesPerProject,
  type GroupTypeRecord,
} from '../groups/group-type.repository';
import { findGroups, insertGroups, type GroupKey, type GroupRow } from '../groups/group.repository';
import type { NormalizedEvent } from './normalized-event';

export interface ResolvedGroups {
  typeIdOf(type: string): number | undefined;
  idOf(type: string, value: string): bigint | undefined;
}

export interface GroupTypeResolution {
  typeIds: Map<string, number>;
  /** The groups the batch names, with the earliest time each is mentioned (for first_seen). */
  wanted: (GroupKey & { time: Date })[];
  /** Human-readable refusals for group types past the project limit, by event index. */
  refusals: { index: number; message: string }[];
}

// Group types are created once and never renamed or removed, so the committed list can be reused
// between batches; a name missing from it sends the batch to the database as before.
const groupTypeCacheMilliseconds = 60_000;

const keyOf = (groupTypeId: number, value: string) => `${groupTypeId}\u0000${value}`;

/** Finds or creates the group types and groups a batch names, refusing types past the project limit. */
export class GroupResolver {
  private readonly committedTypes = new TimeBoundCache<GroupTypeRecord[]>({
    lifetimeMilliseconds: groupTypeCacheMilliseconds,
    maximumEntries: 10_000,
  });

  /** Step one: the batch's group types (usually from the cache, without a query) and the groups it names. */
  async resolveTypes(client: SqlExecutor, projectId: number, events: NormalizedEvent[]): Promise<GroupTypeResolution> {
    const indexesByName = new Map<string, Set<number>>();
    const mentions: { type: string; value: string; time: Date }[] = [];
    const mention = (type: string, value: string, event: NormalizedEvent) => {
      if (!indexesByName.has(type)) indexesByName.set(type, new Set());
      indexesByName.get(type)!.add(event.index);
      mentions.push({ type, value, time: event.time });
    };
    for (const event of events) {
      for (const group of event.eventGroups) for (const value of group.values) mention(group.type, value, event);
      for (const group of event.userGroups) mention(group.type, group.value, event);
      for (const update of event.groupPropertyUpdates) mention(update.type, update.value, event);
    }
    const resolution: GroupTypeResolution = { typeIds: new Map(), wanted: [], refusals: [] };
    if (!mentions.length) return resolution;

    const isMissing = (types: GroupTypeRecord[]) =>
      [...indexesByName.keys()].some((name) => !types.some((type) => type.name === name));
    let types = this.committedTypes.get(String(projectId)) ?? [];
    if (isMissing(types)) {
      types = await listGroupTypes(client, projectId);
      // What this read returns is committed (nothing is created in this transaction yet).
      this.committedTypes.set(String(projectId), types, { projectId });
      if (isMissing(types)) types = await createGroupTypes(client, projectId, [...indexesByName.keys()]);
    }
    for (const type of types) resolution.typeIds.set(type.name, type.id);
    for (const [name, indexes] of indexesByName) {
      if (resolution.typeIds.has(name)) continue;
      const message = `group type "${name}" refused: a project has at most ${maximumGroupTypesPerProject} group types (${types.map((type) => `"${type.name}"`).join(', ')}). The rest of the event was kept.`;
      for (const index of indexes) resolution.refusals.push({ index, message });
    }

    const earliest = new Map<string, GroupKey & { time: Date }>();
    for (const item of mentions) {
      const groupTypeId = resolution.typeIds.get(item.type);
      if (groupTypeId === undefined) continue;
      const known = earliest.get(keyOf(groupTypeId, item.value));
      if (!known || item.time < known.time)
        earliest.set(keyOf(groupTypeId, item.value), { groupTypeId, value: item.value, time: item.time });
    }
    resolution.wanted = [...earliest.values()];
    return resolution;
  }

  /** Step two: given the groups found by the batch lookup, creates the missing ones. */
  async completeGroups(
    client: SqlExecutor,
    projectId: number,
    resolution: GroupTypeResolution,
    found: GroupRow[],
  ): Promise<ResolvedGroups> {
    const ids = new Map<string, bigint>();
    const remember = (rows: GroupRow[]) => {
      for (const row of rows) ids.set(keyOf(row.groupTypeId, row.value), row.id);
    };
    remember(found);
    const missing = resolution.wanted.filter((key) => !ids.has(keyOf(key.groupTypeId, key.value)));
    if (missing.length) {
      await insertGroups(client, projectId, missing);
      // Read back rather than trust RETURNING: a concurrent batch may have inserted the same group.
      remember(await findGroups(client, projectId, missing));
    }
    return {
      typeIdOf: (type) => resolution.typeIds.get(type),
      idOf: (type, value) => {
        const groupTypeId = resolution.typeIds.get(type);
        return groupTypeId === undefined ? undefined : ids.get(keyOf(groupTypeId, value));
      },
    };
  }
}
