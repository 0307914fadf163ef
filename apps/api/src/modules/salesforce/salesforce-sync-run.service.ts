// Sync runs: the daily job over every project, "sync now" for one group or all, and resuming a
// failed run. A run works through groups in id order, in batches. A batch reads Salesforce first,
// then writes in ONE transaction: its groups' properties and history, their pickup dates and the
// run's progress. A run that fails therefore leaves each batch either fully written or untouched,
// and resumes after the last committed batch.
import type { Database, SqlExecutor } from '../../database/database';
import { DomainError } from '../../lib/domain-error';
import type { Logger } from '../../lib/logger';
import { effectiveIntervalDays, firstPickupDate, nextPickupDate, utcDay, type CalendarDay } from './pickup-dates';
import { SalesforceConfigurationError, type SalesforceClient, type SalesforceRecord } from './salesforce-client';
import { changesProperties, matchKey, operationsFromRecord, readField } from './salesforce-record-mapping';
import {
  findGroupByValue,
  findGroupsToSync,
  setPickupDates,
  type SyncGroup,
  type SyncGroupSelection,
} from '../groups/group-sync-pickup.repository';
import type { SalesforceSyncRunRecord, SalesforceSyncRunRepository } from './salesforce-sync-run.repository';
import type { SalesforceSyncSettingsService, SalesforceSyncView } from './salesforce-sync-settings.service';
import type { SalesforceSyncTuning } from './salesforce-sync-tuning';
import type { SalesforceSyncRepository } from './salesforce-sync.repository';
import { buildMatchQuery, chunkValues, isRecordId, type SoqlQueryShape } from './soql';

/** The part of the group property service a run uses (GroupPropertyService.applyOperationsToGroups). */
export interface GroupPropertyWriter {
  applyOperationsToGroups(
    transaction: SqlExecutor,
    projectId: number,
    writes: { groupId: bigint; operations: Record<string, unknown> }[],
    source: 'salesforce',
    changedAt: Date,
  ): Promise<{ refusedKeys: string[] }>;
}

class RunInterruptedError extends Error {}

function firstDueOn(sync: { activatedOn: CalendarDay | null; hourly: boolean }): CalendarDay | null {
  return sync.activatedOn ? firstPickupDate(sync.activatedOn, sync.hourly) : null;
}

function describeError(error: unknown): string {
  if (
    error instanceof DomainError ||
    error instanceof RunInterruptedError ||
    error instanceof SalesforceConfigurationError
  )
    return error.message;
  if (error instanceof Error) {
    // jsforce names Salesforce errors after their errorCode (INVALID_FIELD, REQUEST_LIMIT_EXCEEDED…).
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  }
  return String(error);
}

export class SalesforceSyncRunService {
  /** Runs in progress in this process, by project: one at a time per project. */
  private readonly active = new Map<number, Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly database: Database,
    private readonly settings: SalesforceSyncSettingsService,
    private readonly syncs: SalesforceSyncRepository,
    private readonly runs: SalesforceSyncRunRepository,
    private readonly groupProperties: GroupPropertyWriter,
    private readonly logger: Logger,
    private readonly tuning: SalesforceSyncTuning,
  ) {}

  /**
   * The daily job: every enabled project with due groups gets a run; the hourly job (`hourlyOnly`)
   * does the same for the projects synced hourly. Projects are isolated, so one project's failure
   * (bad credentials, Salesforce down) is recorded and the loop goes on.
   */
  async runDueSyncs(firedAt: Date, options: { hourlyOnly?: boolean } = {}): Promise<SalesforceSyncRunRecord[]> {
    const today = utcDay(firedAt);
    const finished: SalesforceSyncRunRecord[] = [];
    for (const projectId of await this.syncs.listEnabledProjectIds(options)) {
      if (this.stopping) break;
      try {
        const sync = await this.syncs.find(projectId);
        if (!sync?.enabled || (options.hourlyOnly && !sync.hourly)) continue;
        const selection: SyncGroupSelection = { scope: 'due', today, firstDueOn: firstDueOn(sync) };
        if (!(await findGroupsToSync(this.database, projectId, sync.groupTypeId, selection, null, 1)).length) continue;
        if (this.active.has(projectId)) {
          this.logger.warn({ projectId }, 'Salesforce sync skipped by the daily job: a run is already in progress');
          continue;
        }
        finished.push(
          await this.start(
            projectId,
            () =>
              this.runs.create(projectId, {
                trigger: 'schedule',
                scope: 'due',
                groupValue: null,
                runDate: today,
                startedAt: this.tuning.clock(),
              }),
            true,
          ),
        );
      } catch (error) {
        this.logger.error({ projectId, error: describeError(error) }, 'Salesforce sync failed to start for a project');
      }
    }
    return finished;
  }

  /** "Sync now": one group (by its value) or every group of the synced type, whatever their pickup dates. */
  async syncNow(
    projectId: number,
    options: { groupValue?: string | null; wait: boolean },
  ): Promise<SalesforceSyncRunRecord> {
    const { view } = await this.settings.loadForRun(projectId);
    const groupValue = options.groupValue ?? null;
    if (groupValue !== null && !(await findGroupByValue(this.database, projectId, view.groupTypeId, groupValue))) {
      throw new DomainError('NOT_FOUND', `No ${view.groupType.name} group "${groupValue}" in this project.`);
    }
    return this.start(
      projectId,
      () =>
        this.runs.create(projectId, {
          trigger: 'manual',
          scope: groupValue === null ? 'all' : 'group',
          groupValue,
          runDate: utcDay(this.tuning.clock()),
          startedAt: this.tuning.clock(),
        }),
      options.wait,
    );
  }

  /** Continues a failed run after its last committed batch. */
  async resume(projectId: number, runId: number, options: { wait: boolean }): Promise<SalesforceSyncRunRecord> {
    const run = await this.runs.find(projectId, runId);
    if (!run) throw new DomainError('NOT_FOUND', `No Salesforce sync run ${runId} in this project.`);
    if (run.status === 'succeeded')
      throw new DomainError('CONFLICT', `Run ${runId} already finished successfully: there is nothing to resume.`);
    if (run.status === 'running' && this.active.has(projectId))
      throw new DomainError('CONFLICT', `Run ${runId} is still in progress.`);
    return this.start(projectId, () => this.runs.reopen(projectId, runId, utcDay(this.tuning.clock())), options.wait);
  }

  listRuns(projectId: number, limit: number, beforeId: number | null) {
    return this.runs.list(projectId, limit, beforeId);
  }

  getRun(projectId: number, runId: number) {
    return this.runs.find(projectId, runId);
  }

  /** Lets runs in progress stop after their current batch (they stay resumable), then waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.active.values()]);
  }

  private async start(
    projectId: number,
    open: () => Promise<SalesforceSyncRunRecord>,
    wait: boolean,
  ): Promise<SalesforceSyncRunRecord> {
    if (this.stopping)
      throw new DomainError('CONFLICT', 'The server is shutting down; start the sync again once it is back.');
    if (this.active.has(projectId)) {
      throw new DomainError(
        'CONFLICT',
        'A Salesforce sync is already running for this project. Wait for it to finish (see salesforceSyncRuns).',
      );
    }
    let release!: () => void;
    this.active.set(projectId, new Promise<void>((resolve) => (release = resolve)));
    const done = () => {
      this.active.delete(projectId);
      release();
    };
    let run: SalesforceSyncRunRecord;
    try {
      await this.failInterruptedRuns(projectId);
      run = await open();
    } catch (error) {
      done();
      throw error;
    }
    const execution = this.execute(projectId, run).finally(done);
    if (wait) return execution;
    execution.catch((error) =>
      this.logger.error(
        { projectId, runId: run.id, error: describeError(error) },
        'Salesforce sync run could not record its outcome',
      ),
    );
    return run;
  }

  /** A run left "running" by a process that stopped mid-way is marked failed, which makes it resumable. */
  private async failInterruptedRuns(projectId: number): Promise<void> {
    for (const stale of await this.runs.findRunning(projectId)) {
      await this.runs.finish(projectId, stale.id, {
        status: 'failed',
        error: 'Interrupted: the server stopped during the run. Resume it to continue.',
        finishedAt: this.tuning.clock(),
      });
    }
  }

  private async execute(projectId: number, run: SalesforceSyncRunRecord): Promise<SalesforceSyncRunRecord> {
    try {
      const { view, connection } = await this.settings.loadForRun(projectId);
      const client = this.tuning.clientFactory(connection, {
        retryPolicy: this.tuning.retryPolicy,
        sleep: this.tuning.sleep,
        requestTimeoutMilliseconds: this.tuning.requestTimeoutMilliseconds,
        maximumTokenRefreshes: this.tuning.maximumTokenRefreshes,
        onRetry: (error, attempt, delay) =>
          this.logger.warn(
            { projectId, runId: run.id, attempt, delayMilliseconds: delay, error: describeError(error) },
            'Salesforce request failed; retrying',
          ),
      });
      const selection = await this.selectionFor(projectId, run, view);
      let after = run.lastGroupId;
      for (;;) {
        if (this.stopping)
          throw new RunInterruptedError('Interrupted: the server stopped during the run. Resume it to continue.');
        const groups = await findGroupsToSync(
          this.database,
          projectId,
          view.groupTypeId,
          selection,
          after,
          this.tuning.chunkLimits.maximumValues,
        );
        if (!groups.length) break;
        await this.syncBatch(projectId, run, view, client, groups);
        after = groups[groups.length - 1]!.id;
      }
      return await this.runs.finish(projectId, run.id, { status: 'succeeded', finishedAt: this.tuning.clock() });
    } catch (error) {
      const message = describeError(error);
      this.logger.warn({ projectId, runId: run.id, error: message }, 'Salesforce sync run failed');
      return this.runs.finish(projectId, run.id, { status: 'failed', error: message, finishedAt: this.tuning.clock() });
    }
  }

  private async selectionFor(
    projectId: number,
    run: SalesforceSyncRunRecord,
    view: SalesforceSyncView,
  ): Promise<SyncGroupSelection> {
    if (run.scope === 'all') return { scope: 'all' };
    if (run.scope === 'due') return { scope: 'due', today: run.runDate, firstDueOn: firstDueOn(view) };
    const group = await findGroupByValue(this.database, projectId, view.groupTypeId, run.groupValue ?? '');
    if (!group) throw new DomainError('NOT_FOUND', `The group "${run.groupValue}" no longer exists.`);
    return { scope: 'group', groupId: group.id };
  }

  private async syncBatch(
    projectId: number,
    run: SalesforceSyncRunRecord,
    view: SalesforceSyncView,
    client: SalesforceClient,
    groups: SyncGroup[],
  ): Promise<void> {
    const shape: SoqlQueryShape = {
      objectName: view.objectName,
      matchField: view.matchField,
      fields: [...(view.nameField ? [view.nameField] : []), ...view.fieldMappings.map((mapping) => mapping.field)],
    };
    // Salesforce rejects the whole query when one value in an Id list is not an id: leave those out.
    const queryable = groups
      .filter((group) => view.matchField !== 'Id' || isRecordId(group.value))
      .map((group) => group.value);
    const recordsByKey = new Map<string, SalesforceRecord[]>();
    for (const chunk of chunkValues(shape, queryable, this.tuning.chunkLimits).chunks) {
      for (const record of await client.query(buildMatchQuery(shape, chunk))) {
        const key = matchKey(readField(record, view.matchField), view.matchField);
        if (key !== null) recordsByKey.set(key, [...(recordsByKey.get(key) ?? []), record]);
      }
    }

    const changedAt = this.tuning.clock();
    const mapping = {
      nameField: view.nameField,
      nameProperty: view.groupType.nameProperty,
      fieldMappings: view.fieldMappings,
    };
    const unmatched: string[] = [];
    const writes: { groupId: bigint; operations: Record<string, unknown> }[] = [];
    let matched = 0;
    let updated = 0;
    let ambiguous = 0;
    for (const group of groups) {
      const key = matchKey(group.value, view.matchField);
      const records = key === null ? undefined : recordsByKey.get(key);
      if (!records?.length) {
        unmatched.push(group.value);
        continue;
      }
      if (records.length > 1) ambiguous += 1;
      const operations = operationsFromRecord(records[0]!, mapping);
      matched += 1;
      if (changesProperties(group.properties, operations)) updated += 1;
      writes.push({ groupId: group.id, operations });
    }

    const nextPickup: CalendarDay = nextPickupDate(run.runDate, effectiveIntervalDays(view));
    await this.database.transaction(async (transaction) => {
      const outcome = await this.groupProperties.applyOperationsToGroups(
        transaction,
        projectId,
        writes,
        'salesforce',
        changedAt,
      );
      const refusedKeys = [...new Set(outcome.refusedKeys)].sort();
      const warnings = [
        ...(ambiguous
          ? [
              `Some groups matched more than one ${view.objectName} record on ${view.matchField}; the first record was used. Match on a unique field.`,
            ]
          : []),
        ...(refusedKeys.length
          ? [
              `Group properties ${refusedKeys.map((key) => `"${key}"`).join(', ')} were not written: the project has reached its limit of distinct group property keys.`,
            ]
          : []),
      ];
      await setPickupDates(
        transaction,
        projectId,
        groups.map((group) => group.id),
        nextPickup,
      );
      await this.runs.recordProgress(transaction, projectId, run.id, {
        lastGroupId: groups[groups.length - 1]!.id,
        matched,
        updated,
        unmatchedValues: unmatched,
        warnings,
      });
    });
  }
}
