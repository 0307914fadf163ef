import type { SqlExecutor } from '../../database/sql-database';
import { createGroupTypes, listGroupTypes, maximumGroupTypesPerProject, type GroupTypeRecord } from '../groups/group-type.repository';
import { findGroups, insertGroups, type GroupKey } from './ingest.repository';
import type { NormalizedEvent } from './normalized-event';

export interface ResolvedGroups {
  typeIdOf(type: string): number | undefined;
  idOf(type: string, value: string): bigint | undefined;
}

// Group types are created once and never renamed or removed, so the committed list can be reused
// between batches; a name missing from it sends the batch to the database as before.
const groupTypeCacheMilliseconds = 60_000;

/** Finds or creates the group types and groups a batch names, refusing types past the project limit. */
export class GroupResolver {
  private readonly committedTypes = new Map<number, { types: GroupTypeRecord[]; expiresAt: number }>();

  async resolve(client: SqlExecutor, projectId: number, events: NormalizedEvent[], refuse: (index: number, message: string) => void): Promise<ResolvedGroups> {
    const namesInBatch = new Map<string, number[]>();
    const mentions: { type: string; value: string; time: Date; index: number }[] = [];
    const mention = (type: string, value: string, event: NormalizedEvent) => {
      if (!namesInBatch.has(type)) namesInBatch.set(type, []);
      namesInBatch.get(type)!.push(event.index);
      mentions.push({ type, value, time: event.time, index: event.index });
    };
    for (const event of events) {
      for (const group of event.eventGroups) for (const value of group.values) mention(group.type, value, event);
      for (const group of event.userGroups) mention(group.type, group.value, event);
      for (const update of event.groupPropertyUpdates) mention(update.type, update.value, event);
    }
    const typeIds = new Map<string, number>();
    if (!mentions.length) return { typeIdOf: () => undefined, idOf: () => undefined };

    const isMissing = (types: GroupTypeRecord[]) => [...namesInBatch.keys()].some((name) => !types.some((type) => type.name === name));
    const cached = this.committedTypes.get(projectId);
    let types = cached && cached.expiresAt > Date.now() ? cached.types : [];
    if (isMissing(types)) {
      types = await listGroupTypes(client, projectId);
      // What this read returns is committed (nothing is created in this transaction yet).
      this.committedTypes.set(projectId, { types, expiresAt: Date.now() + groupTypeCacheMilliseconds });
      if (isMissing(types)) types = await createGroupTypes(client, projectId, [...namesInBatch.keys()]);
    }
    for (const type of types) typeIds.set(type.name, type.id);
    for (const [name, indexes] of namesInBatch) {
      if (typeIds.has(name)) continue;
      const uniqueIndexes = [...new Set(indexes)];
      for (const index of uniqueIndexes) refuse(index, `group type "${name}" refused: a project has at most ${maximumGroupTypesPerProject} group types (${types.map((type) => `"${type.name}"`).join(', ')}). The rest of the event was kept.`);
    }

    const earliest = new Map<string, GroupKey & { time: Date }>();
    for (const item of mentions) {
      const groupTypeId = typeIds.get(item.type);
      if (groupTypeId === undefined) continue;
      const key = `${groupTypeId}\u0000${item.value}`;
      const known = earliest.get(key);
      if (!known || item.time < known.time) earliest.set(key, { groupTypeId, value: item.value, time: item.time });
    }
    const wanted = [...earliest.values()];
    const ids = new Map<string, bigint>();
    const remember = (rows: { id: bigint; groupTypeId: number; value: string }[]) => rows.forEach((row) => ids.set(`${row.groupTypeId}\u0000${row.value}`, row.id));
    remember(await findGroups(client, projectId, wanted));
    const missing = wanted.filter((key) => !ids.has(`${key.groupTypeId}\u0000${key.value}`));
    if (missing.length) {
      await insertGroups(client, projectId, missing);
      remember(await findGroups(client, projectId, missing));
    }
    return {
      typeIdOf: (type) => typeIds.get(type),
      idOf: (type, value) => {
        const groupTypeId = typeIds.get(type);
        return groupTypeId === undefined ? undefined : ids.get(`${groupTypeId}\u0000${value}`);
      },
    };
  }
}
