import type { StatementShape } from '../../database/citus';
import type { SqlExecutor } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import {
  findKnownPropertyKeys,
  insertPropertyHistory,
  loadGroupsForUpdate,
  registerPropertyKeys,
  saveGroupProperties,
  type PropertyHistoryRow,
} from './group-property.repository';
import {
  applyPropertyOperations,
  keysWritten,
  normalizeOperations,
  withoutKeys,
  type PropertyBag,
} from './property-operations';

export const maximumGroupPropertyKeysPerProject = 1000;
/** Keys are indexed (a btree entry holds at most 2704 bytes): longer keys are refused, never a failed request. */
export const maximumGroupPropertyKeyBytes = 1024;

export type PropertySourceName = 'ingest' | 'identify' | 'salesforce' | 'dynamic';

export interface GroupPropertyUpdate {
  groupId: bigint;
  operations: ReturnType<typeof normalizeOperations> & object;
  source: PropertySourceName;
  changedAt: Date;
  /** Position of the update in its request, so refusals can point back to it. */
  index?: number;
}

export interface GroupPropertyOutcome {
  refusedKeys: string[];
  warnings: string[];
  /** Indexes (from the updates) that had at least one key refused. */
  refusedIndexes: number[];
  /** The same warnings, tied to the update index they concern where there is one. */
  notes: { index: number | null; message: string }[];
}

export function displayName(properties: PropertyBag, nameProperty: string, value: string): string {
  const name = properties[nameProperty];
  return typeof name === 'string' && name.trim() ? name : typeof name === 'number' ? String(name) : value;
}

export class GroupPropertyService {
  constructor(private readonly statementShape: StatementShape) {}

  /**
   * Applies a set of operations to each of several groups inside the caller's transaction
   * (a Salesforce batch, which commits its properties with its progress). Groups are locked in id
   * order in one statement, as ingest locks them, so the two cannot deadlock.
   */
  applyOperationsToGroups(
    transaction: SqlExecutor,
    projectId: number,
    writes: { groupId: bigint; operations: Record<string, unknown> }[],
    source: PropertySourceName,
    changedAt: Date,
  ): Promise<GroupPropertyOutcome> {
    const updates = writes.map(({ groupId, operations }) => {
      const normalized = normalizeOperations(operations);
      if (!normalized)
        throw new DomainError('INVALID_INPUT', 'Group properties must be an object of values or property operations.');
      return { groupId, operations: normalized, source, changedAt };
    });
    return this.applyUpdates(transaction, projectId, updates);
  }

  /**
   * Applies updates in order inside the caller's transaction: current properties, the property
   * history, and the project's distinct-key limit (new keys past 1000 are refused, never silently).
   */
  async applyUpdates(
    client: SqlExecutor,
    projectId: number,
    updates: GroupPropertyUpdate[],
  ): Promise<GroupPropertyOutcome> {
    const outcome: GroupPropertyOutcome = { refusedKeys: [], warnings: [], refusedIndexes: [], notes: [] };
    if (!updates.length) return outcome;
    const groups = new Map(
      (await loadGroupsForUpdate(client, projectId, [...new Set(updates.map((update) => update.groupId))])).map(
        (group) => [group.id, group],
      ),
    );

    const allWritten = [...new Set(updates.flatMap((update) => keysWritten(update.operations)))];
    const tooLong = new Set(allWritten.filter((key) => Buffer.byteLength(key) > maximumGroupPropertyKeyBytes));
    const written = allWritten.filter((key) => !tooLong.has(key));
    let allowedKeys = await findKnownPropertyKeys(client, projectId, written);
    if (written.some((key) => !allowedKeys.has(key))) {
      allowedKeys = await registerPropertyKeys(client, projectId, written, maximumGroupPropertyKeysPerProject);
    }
    const overLimit = new Set(written.filter((key) => !allowedKeys.has(key)));
    const refused = new Set([...overLimit, ...tooLong]);
    outcome.refusedKeys = [...refused];

    const history: PropertyHistoryRow[] = [];
    const changedGroups = new Set<bigint>();
    for (const update of updates) {
      const group = groups.get(update.groupId);
      if (!group) continue;
      const keysHere = keysWritten(update.operations);
      const overLimitHere = keysHere.filter((key) => overLimit.has(key));
      const tooLongHere = keysHere.filter((key) => tooLong.has(key));
      if ((overLimitHere.length || tooLongHere.length) && update.index !== undefined)
        outcome.refusedIndexes.push(update.index);
      if (overLimitHere.length) {
        outcome.notes.push({
          index: update.index ?? null,
          message: `group property key(s) ${overLimitHere.map((key) => `"${key}"`).join(', ')} refused: the project already has ${maximumGroupPropertyKeysPerProject} distinct group property keys. The other properties were kept.`,
        });
      }
      if (tooLongHere.length) {
        outcome.notes.push({
          index: update.index ?? null,
          message: `${tooLongHere.length} group property key(s) refused: a key is at most ${maximumGroupPropertyKeyBytes} bytes in UTF-8. The other properties were kept.`,
        });
      }
      const applied = applyPropertyOperations(group.properties, withoutKeys(update.operations, refused));
      outcome.warnings.push(...applied.warnings);
      outcome.notes.push(...applied.warnings.map((message) => ({ index: update.index ?? null, message })));
      if (!applied.changes.length) continue;
      group.properties = applied.properties;
      changedGroups.add(group.id);
      for (const change of applied.changes) {
        history.push({
          groupId: group.id,
          key: change.key,
          value: change.value,
          operation: change.operation,
          source: update.source,
          changedAt: update.changedAt,
        });
      }
    }
    if (overLimit.size) {
      outcome.warnings.push(
        `Group property key(s) ${[...overLimit].map((key) => `"${key}"`).join(', ')} refused: the project already has ${maximumGroupPropertyKeysPerProject} distinct group property keys.`,
      );
    }
    if (tooLong.size) {
      outcome.warnings.push(
        `${tooLong.size} group property key(s) refused: a key is at most ${maximumGroupPropertyKeyBytes} bytes in UTF-8.`,
      );
    }
    await saveGroupProperties(
      client,
      projectId,
      [...changedGroups].map((id) => {
        const group = groups.get(id)!;
        return {
          id,
          properties: group.properties,
          searchName: displayName(group.properties, group.nameProperty, group.value).toLowerCase(),
        };
      }),
    );
    await insertPropertyHistory(client, projectId, history, await this.statementShape.usesStatementsPerTable(client));
    return outcome;
  }
}
