// The ingest pipeline: one database transaction per request, so an acknowledgement means every
// event, person, membership and property change of the request is committed, and a failure
// leaves nothing behind. The same transaction queues the events for the rollups, which the
// RollupFolder adds them to right after (see rollup-folder.ts for why not in this transaction).
// Order inside the request matters (an identify changes the groups of the events after it), so
// the batch is walked in request order.
import type { Database } from '../../database/sql-database';
import type { SqlExecutor } from '../../database/sql-database';
import type { Logger } from '../../lib/logger';
import { applyPropertyOperations } from '../groups/property-operations';
import type { GroupPropertyService, GroupPropertyUpdate } from '../groups/group-property.service';
import type { ProjectRecord } from '../projects/project.repository';
import { parseAmplitudeEvents, type AmplitudeProblems } from './amplitude-parser';
import { IngestBatcher, type BatchOutcome } from './ingest-batcher';
import { GroupResolver } from './group-resolver';
import * as repository from './ingest.repository';
import type { NormalizedEvent, RejectedEvent } from './normalized-event';
import type { RollupFolder } from './rollup-folder';
import { estimateStoredEvents, refreshIngestStatistics, refreshPlanningStatistics, writeEvents, type StoredEvent } from './rollup.repository';
import { StatisticsKeeper } from './statistics-keeper';
import { completeUsers, identitiesOf } from './user-resolver';
import { withTransactionRetry } from './transaction-retry';

export interface IngestResult {
  ingested: number;
  duplicates: number;
  rejected: RejectedEvent[];
  warnings: string[];
  /** Indexes of events of which a part (a group type, a property key) was refused. */
  partiallyRefused: number[];
}

export type AmplitudeIngestOutcome = { ok: true; result: IngestResult } | { ok: false; problems: AmplitudeProblems };

export class IngestService {
  private readonly groupResolver = new GroupResolver();
  private readonly statistics = new StatisticsKeeper(
    () => refreshPlanningStatistics(this.database),
    () => estimateStoredEvents(this.database),
    (error) => this.logger.warn({ err: error }, 'refreshing planner statistics of the ingest tables failed'),
  );
  private readonly batcher = new IngestBatcher(async (project, events, receivedAt) => {
    await this.rollups.throttle(project.id);
    const outcome = await withTransactionRetry(this.logger, () => this.database.transaction((transaction) => this.ingestInTransaction(transaction, project, events, receivedAt)));
    this.statistics.recordCommitted(events.length - outcome.duplicateIndexes.size);
    this.rollups.notify(project.id);
    return outcome;
  });

  constructor(
    private readonly database: Database,
    private readonly groupProperties: GroupPropertyService,
    private readonly rollups: RollupFolder,
    private readonly logger: Logger,
  ) {}

  /** Amplitude wire events (as sent to /2/httpapi), validated, then stored. Used by the demo and benchmarks too. */
  async ingestAmplitudeEvents(project: ProjectRecord, rawEvents: unknown[], options: { minIdLength?: number; receivedAt?: Date } = {}): Promise<IngestResult> {
    const outcome = await this.ingestAmplitude(project, rawEvents, options);
    if (!outcome.ok) throw new Error(`Invalid events: ${JSON.stringify(outcome.problems)}`);
    return outcome.result;
  }

  /** Waits for background work (a statistics refresh) to finish, before the database closes. */
  async stop(): Promise<void> {
    await this.statistics.idle();
  }

  /** Resolves once everything acknowledged so far is in the rollups (for loaders and tests). */
  async waitForRollups(): Promise<void> {
    await this.rollups.catchUpAll();
  }

  /** Updates planner statistics of the tables ingest fills; call after a bulk load. */
  async refreshStatistics(): Promise<void> {
    await refreshIngestStatistics(this.database);
  }

  async ingestAmplitude(project: ProjectRecord, rawEvents: unknown[], options: { minIdLength?: number; receivedAt?: Date } = {}): Promise<AmplitudeIngestOutcome> {
    const receivedAt = options.receivedAt ?? new Date();
    const parsed = parseAmplitudeEvents(rawEvents, { minIdLength: options.minIdLength ?? 5, receivedAt });
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    const result = await this.ingest(project, parsed.events, receivedAt);
    result.warnings.unshift(...parsed.warnings);
    return { ok: true, result };
  }

  async ingest(project: ProjectRecord, events: NormalizedEvent[], receivedAt: Date): Promise<IngestResult> {
    if (!events.length) return { ingested: 0, duplicates: 0, rejected: [], warnings: [], partiallyRefused: [] };
    const outcome = await this.batcher.submit(project, events, receivedAt);
    return { ...outcome, rejected: [] };
  }

  /** Stores one (possibly merged) batch; indexes in the outcome are positions in `events`. */
  private async ingestInTransaction(client: SqlExecutor, project: ProjectRecord, events: NormalizedEvent[], receivedAt: Date): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { duplicateIndexes: new Set(), notes: [], partiallyRefusedIndexes: new Set() };

    // 1. Deduplicate within the request; group types (at most five per project).
    const seenInRequest = new Set<string>();
    const candidates = events.filter((event) => {
      if (event.dedupKey === null) return true;
      if (seenInRequest.has(event.dedupKey)) return false;
      seenInRequest.add(event.dedupKey);
      return true;
    });
    const groupTypes = await this.groupResolver.resolveTypes(client, project.id, candidates);

    // 2. One round trip: claim dedup keys (a key claimed before means a retry), find groups and people.
    const lookup = await repository.lookupBatch(client, project.id, {
      dedupKeys: [...seenInRequest],
      seenAt: receivedAt,
      groups: groupTypes.wanted,
      ...identitiesOf(candidates),
    });
    const accepted = candidates.filter((event) => event.dedupKey === null || lookup.freshKeys.has(event.dedupKey));
    const acceptedIndexes = new Set(accepted.map((event) => event.index));
    for (const event of events) if (!acceptedIndexes.has(event.index)) outcome.duplicateIndexes.add(event.index);
    if (!accepted.length) return outcome;
    for (const refusal of groupTypes.refusals) {
      if (!acceptedIndexes.has(refusal.index)) continue;
      outcome.partiallyRefusedIndexes.add(refusal.index);
      outcome.notes.push(refusal);
    }

    // 3. Create the groups and people seen for the first time; people's properties in request order.
    const groups = await this.groupResolver.completeGroups(client, project.id, groupTypes, lookup.groups);
    const users = await completeUsers(client, project.id, accepted, lookup.users);
    await this.applyUserProperties(client, project.id, accepted, users.byEvent, outcome.notes);

    // 4. User-level groups, walked in request order: an identify affects only the events after it.
    const currentGroups = users.memberships;
    const changedMemberships = new Map<string, repository.MembershipRow & { since: Date }>();
    const propertyUpdates: GroupPropertyUpdate[] = [];
    const storedEvents: StoredEvent[] = [];

    for (const event of accepted) {
      const userId = users.byEvent.get(event.index) ?? null;
      for (const update of event.groupPropertyUpdates) {
        const groupId = groups.idOf(update.type, update.value);
        if (groupId !== undefined) propertyUpdates.push({ groupId, operations: update.operations, source: 'identify', changedAt: event.time, index: event.index });
      }
      if (event.kind === 'identify') {
        if (userId === null) continue;
        for (const group of event.userGroups) {
          const groupId = groups.idOf(group.type, group.value);
          const groupTypeId = groups.typeIdOf(group.type);
          if (groupId === undefined || groupTypeId === undefined) continue;
          // The SDKs repeat setGroup on every start: an unchanged membership needs no write.
          if (currentGroups.get(userId)?.get(groupTypeId) === groupId) continue;
          if (!currentGroups.has(userId)) currentGroups.set(userId, new Map());
          currentGroups.get(userId)!.set(groupTypeId, groupId);
          changedMemberships.set(`${userId}:${groupTypeId}`, { userId, groupTypeId, groupId, since: event.time });
        }
        continue;
      }

      const links = new Map<bigint, StoredEvent['attributions'][number]>();
      const typesWithEventGroups = new Set<number>();
      const storedGroups: Record<string, string[]> = {};
      for (const group of event.eventGroups) {
        const groupTypeId = groups.typeIdOf(group.type);
        if (groupTypeId === undefined) continue;
        storedGroups[group.type] = group.values;
        typesWithEventGroups.add(groupTypeId);
        for (const value of group.values) {
          const groupId = groups.idOf(group.type, value)!;
          links.set(groupId, { groupId, groupTypeId, source: 'event' });
        }
      }
      // An event-level value for a type replaces the user's user-level group of that type on this event.
      for (const [groupTypeId, groupId] of (userId !== null && currentGroups.get(userId)) || []) {
        if (typesWithEventGroups.has(groupTypeId) || links.has(groupId)) continue;
        links.set(groupId, { groupId, groupTypeId, source: 'user' });
      }
      storedEvents.push({ eventType: event.eventType, time: event.time, userId, sessionId: event.sessionId, insertId: event.insertId, properties: event.properties, groups: storedGroups, attributions: [...links.values()] });
    }

    await repository.saveMemberships(client, project.id, [...changedMemberships.values()]);
    const propertyOutcome = await this.groupProperties.applyUpdates(client, project.id, propertyUpdates);
    outcome.notes.push(...propertyOutcome.notes);
    for (const index of propertyOutcome.refusedIndexes) outcome.partiallyRefusedIndexes.add(index);

    // 5. Events and their group attributions, queued for the rollups.
    await writeEvents(client, project.id, storedEvents, receivedAt);
    return outcome;
  }

  private async applyUserProperties(client: SqlExecutor, projectId: number, events: NormalizedEvent[], userByEvent: Map<number, bigint>, notes: BatchOutcome['notes']) {
    const withOperations = events.filter((event) => event.userPropertyOperations && userByEvent.has(event.index));
    if (!withOperations.length) return;
    const properties = await repository.loadUserProperties(client, projectId, [...new Set(withOperations.map((event) => userByEvent.get(event.index)!))]);
    const changed = new Set<bigint>();
    for (const event of withOperations) {
      const userId = userByEvent.get(event.index)!;
      const applied = applyPropertyOperations(properties.get(userId) ?? {}, event.userPropertyOperations!);
      notes.push(...applied.warnings.map((message) => ({ index: event.index, message })));
      if (!applied.changes.length) continue;
      properties.set(userId, applied.properties);
      changed.add(userId);
    }
    await repository.saveUserProperties(client, projectId, [...changed].map((id) => ({ id, properties: properties.get(id)! })));
  }
}
