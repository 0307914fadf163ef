// The ingest pipeline: one database transaction per request, so an acknowledgement means every
// event, person, membership and property change of the request is committed, and a failure
// leaves nothing behind. The same transaction queues the events for the rollups, which the
// RollupFolder adds them to right after (see modules/rollups/rollup-folder.ts for why not in this transaction).
// Order inside the request matters (an identify changes the groups of the events after it), so
// the batch is walked in request order.
import { isRowRefusedByCitusWorker, type StatementShape } from '../../database/citus';
import type { Database, SqlExecutor } from '../../database/sql-database';
import type { Logger } from '../../lib/logger';
import { applyPropertyOperations } from '../groups/property-operations';
import type { GroupPropertyService } from '../groups/group-property.service';
import type { ProjectRecord } from '../projects/project.repository';
import type { AmplitudeProblems } from './amplitude-parser';
import { IngestBatcher, type BatchOutcome } from './ingest-batcher';
import { GroupResolver } from './group-resolver';
import * as repository from './ingest.repository';
import type { NormalizedEvent, RejectedEvent } from './normalized-event';
import type { RollupFolder } from '../rollups/rollup-folder';
import {
  estimateStoredEvents,
  refreshIngestStatistics,
  refreshPlanningStatistics,
} from '../rollups/planner-statistics.repository';
import { attributeEvents } from './attribution';
import { writeEvents } from './event.repository';
import { StatisticsKeeper } from '../rollups/statistics-keeper';
import { completeUsers, identitiesOf } from './user-resolver';
import { withTransactionRetry } from '../../lib/transaction-retry';
import { parseWireRequest, type WireRequest } from './wire-parsers';
import { reportOutcome, type IngestObserver } from './ingest-observer';

export interface IngestResult {
  ingested: number;
  duplicates: number;
  warnings: string[];
  /** Indexes of events of which a part (a group type, a property key) was refused. */
  partiallyRefused: number[];
}

/**
 * PostgreSQL's "data exception" class (22xxx: a value it cannot store or convert) and "program
 * limit exceeded" (54000: e.g. an index entry too large). Validation at the edge should leave none;
 * if one still happens, the request's input caused it and resending it can only fail again. On a
 * Citus coordinator a worker's refusal of a row arrives without its class (isRowRefusedByCitusWorker)
 * and is taken for the same: the rows were the request's. (A worker's own failure in the middle of
 * that copy, such as a full disk, would be taken for it too; the error log below names it.)
 */
function isRefusedData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && (code.startsWith('22') || code === '54000')) || isRowRefusedByCitusWorker(error);
}

export type WireIngestOutcome =
  /** `rejected`: messages refused one by one before ingest (Segment), the others stored. */
  | { ok: true; result: IngestResult; rejected: RejectedEvent[] }
  /** Nothing stored: the request names its bad events the way Amplitude's SDKs read them. */
  | { ok: false; problems: AmplitudeProblems };

export class IngestService {
  private readonly groupResolver = new GroupResolver();
  private readonly statistics = new StatisticsKeeper(
    // ANALYZE of large tables can take minutes: the long statement timeout, not the request one.
    () => this.database.transaction(refreshPlanningStatistics, { longRunning: true }),
    () => estimateStoredEvents(this.database),
    (error) => this.logger.warn({ err: error }, 'refreshing planner statistics of the ingest tables failed'),
  );
  private readonly batcher = new IngestBatcher(async (project, events, receivedAt) => {
    await this.rollups.throttle(project.id);
    const outcome = await withTransactionRetry(this.logger, () =>
      this.database.transaction((transaction) => this.ingestInTransaction(transaction, project, events, receivedAt)),
    );
    this.statistics.recordCommitted(events.length - outcome.duplicateIndexes.size);
    this.rollups.notify(project.id);
    return outcome;
  });

  constructor(
    private readonly database: Database,
    private readonly groupProperties: GroupPropertyService,
    private readonly rollups: RollupFolder,
    /** Whether this database wants one statement per table (a Citus coordinator). */
    private readonly statementShape: StatementShape,
    private readonly logger: Logger,
    private readonly observer: IngestObserver | null = null,
  ) {}

  /** Amplitude wire events (as sent to /2/httpapi), validated, then stored. Used by the demo and benchmarks too. */
  async ingestAmplitudeEvents(
    project: ProjectRecord,
    rawEvents: unknown[],
    options: { minIdLength?: number; receivedAt?: Date } = {},
  ): Promise<IngestResult> {
    const request = {
      format: 'amplitude-events',
      events: rawEvents,
      options: { min_id_length: options.minIdLength },
    } as const;
    const outcome = await this.ingestWire(project, request, options.receivedAt);
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
    await this.database.transaction(refreshIngestStatistics, { longRunning: true });
  }

  /** The one entry point of every ingest API: parses the decoded request, then stores its events. */
  async ingestWire(
    project: ProjectRecord,
    request: WireRequest,
    receivedAt: Date = new Date(),
  ): Promise<WireIngestOutcome> {
    const outcome = await this.parseAndStore(project, request, receivedAt);
    if (this.observer) reportOutcome(this.observer, request.format, outcome);
    return outcome;
  }

  private async parseAndStore(
    project: ProjectRecord,
    request: WireRequest,
    receivedAt: Date,
  ): Promise<WireIngestOutcome> {
    const parsed = parseWireRequest(request, project, receivedAt);
    if (!parsed.ok) return parsed;
    let result: IngestResult;
    try {
      result = await this.ingest(project, parsed.events, receivedAt);
    } catch (error) {
      if (!isRefusedData(error)) throw error;
      // Nothing was written (the transaction rolled back). Answer in the API's refusal shape, not
      // 500, which SDKs resend forever; the error log says which validation is missing.
      this.logger.error(
        { err: error, projectId: project.id },
        'the database refused data that passed ingest validation',
      );
      const indexes = parsed.events.map((event) => event.index);
      if (request.format.startsWith('amplitude'))
        return {
          ok: false,
          problems: {
            events_with_invalid_fields: { event: indexes },
            events_with_missing_fields: {},
            events_with_invalid_id_lengths: {},
          },
        };
      // Segment messages are independent: store them one by one, in order, refusing only those
      // the database refuses, so the good messages of the batch are kept.
      const reason = `the database refused this message's data (${(error as Error).message})`;
      const rejected = [...parsed.rejected];
      result = { ingested: 0, duplicates: 0, warnings: [], partiallyRefused: [] };
      for (const event of parsed.events) {
        try {
          const single = await this.ingest(project, [event], receivedAt);
          result.ingested += single.ingested;
          result.duplicates += single.duplicates;
          result.warnings.push(...single.warnings);
          result.partiallyRefused.push(...single.partiallyRefused);
        } catch (singleError) {
          if (!isRefusedData(singleError)) throw singleError;
          rejected.push({ index: event.index, reason });
        }
      }
      rejected.sort((left, right) => left.index - right.index);
      return { ok: true, result: { ...result, warnings: [...parsed.warnings, ...result.warnings] }, rejected };
    }
    return {
      ok: true,
      result: { ...result, warnings: [...parsed.warnings, ...result.warnings] },
      rejected: parsed.rejected,
    };
  }

  private async ingest(project: ProjectRecord, events: NormalizedEvent[], receivedAt: Date): Promise<IngestResult> {
    if (!events.length) return { ingested: 0, duplicates: 0, warnings: [], partiallyRefused: [] };
    return this.batcher.submit(project, events, receivedAt);
  }

  /** Stores one (possibly merged) batch; indexes in the outcome are positions in `events`. */
  private async ingestInTransaction(
    client: SqlExecutor,
    project: ProjectRecord,
    events: NormalizedEvent[],
    receivedAt: Date,
  ): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { duplicateIndexes: new Set(), notes: [], partiallyRefusedIndexes: new Set() };
    const statementsPerTable = await this.statementShape.usesStatementsPerTable(client);

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
    const lookup = await repository.lookupBatch(
      client,
      project.id,
      {
        dedupKeys: [...seenInRequest],
        seenAt: receivedAt,
        groups: groupTypes.wanted,
        ...identitiesOf(candidates),
      },
      statementsPerTable,
    );
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

    // 4. Which groups each event counts for (the README's group rules), in request order.
    const attribution = attributeEvents({
      events: accepted,
      personOf: users.byEvent,
      userGroups: users.memberships,
      groups,
    });
    await repository.saveMemberships(client, project.id, attribution.memberships);
    const propertyOutcome = await this.groupProperties.applyUpdates(
      client,
      project.id,
      attribution.groupPropertyUpdates,
    );
    outcome.notes.push(...propertyOutcome.notes);
    for (const index of propertyOutcome.refusedIndexes) outcome.partiallyRefusedIndexes.add(index);

    // 5. Events and their group attributions, queued for the rollups.
    await writeEvents(client, project.id, attribution.events, receivedAt, statementsPerTable);
    return outcome;
  }

  private async applyUserProperties(
    client: SqlExecutor,
    projectId: number,
    events: NormalizedEvent[],
    userByEvent: Map<number, bigint>,
    notes: BatchOutcome['notes'],
  ) {
    const withOperations = events.filter((event) => event.userPropertyOperations && userByEvent.has(event.index));
    if (!withOperations.length) return;
    const properties = await repository.loadUserProperties(client, projectId, [
      ...new Set(withOperations.map((event) => userByEvent.get(event.index)!)),
    ]);
    const changed = new Set<bigint>();
    for (const event of withOperations) {
      const userId = userByEvent.get(event.index)!;
      const applied = applyPropertyOperations(properties.get(userId) ?? {}, event.userPropertyOperations!);
      notes.push(...applied.warnings.map((message) => ({ index: event.index, message })));
      if (!applied.changes.length) continue;
      properties.set(userId, applied.properties);
      changed.add(userId);
    }
    await repository.saveUserProperties(
      client,
      projectId,
      [...changed].map((id) => ({ id, properties: properties.get(id)! })),
    );
  }
}
