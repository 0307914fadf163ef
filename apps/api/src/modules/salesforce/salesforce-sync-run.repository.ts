// The run history: one row per run, updated as each batch of groups commits.
import type { Database } from '../../database/database';
import type { SqlClient } from '../../database/json-rows';
import type { SalesforceSyncRunStatus, SalesforceSyncScope, SalesforceSyncTrigger } from '../../generated/prisma/client';
import type { CalendarDay } from './pickup-dates';

export interface SalesforceSyncRunRecord {
  projectId: number;
  id: number;
  trigger: SalesforceSyncTrigger;
  scope: SalesforceSyncScope;
  groupValue: string | null;
  status: SalesforceSyncRunStatus;
  runDate: CalendarDay;
  startedAt: Date;
  finishedAt: Date | null;
  groupsMatched: number;
  groupsUpdated: number;
  groupsUnmatched: number;
  unmatchedValues: string[];
  errors: string[];
  warnings: string[];
  lastGroupId: bigint | null;
  attempts: number;
}

export interface RunProgress {
  lastGroupId: bigint;
  matched: number;
  updated: number;
  unmatchedValues: string[];
  warnings: string[];
}

/** The report lists unmatched groups up to this many; the count is always exact. */
export const maximumListedUnmatched = 1_000;
const maximumWarnings = 50;

type StoredRun = Omit<SalesforceSyncRunRecord, 'runDate'> & { runDate: Date };
const toRecord = (row: StoredRun): SalesforceSyncRunRecord => ({ ...row, runDate: row.runDate.toISOString().slice(0, 10) });

export class SalesforceSyncRunRepository {
  constructor(private readonly database: Database) {}

  async create(projectId: number, input: { trigger: SalesforceSyncTrigger; scope: SalesforceSyncScope; groupValue: string | null; runDate: CalendarDay; startedAt: Date }) {
    const row = await this.database.salesforceSyncRun.create({
      data: { projectId, ...input, runDate: new Date(`${input.runDate}T00:00:00.000Z`), status: 'running' },
    });
    return toRecord(row);
  }

  async find(projectId: number, runId: number): Promise<SalesforceSyncRunRecord | null> {
    const row = await this.database.salesforceSyncRun.findUnique({ where: { projectId_id: { projectId, id: runId } } });
    return row ? toRecord(row) : null;
  }

  /** Newest first; `beforeId` is the cursor of the previous page. */
  async list(projectId: number, limit: number, beforeId: number | null): Promise<SalesforceSyncRunRecord[]> {
    const rows = await this.database.salesforceSyncRun.findMany({
      where: { projectId, ...(beforeId !== null ? { id: { lt: beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map(toRecord);
  }

  async findRunning(projectId: number): Promise<SalesforceSyncRunRecord[]> {
    const rows = await this.database.salesforceSyncRun.findMany({ where: { projectId, status: 'running' }, orderBy: { id: 'asc' } });
    return rows.map(toRecord);
  }

  /** Called inside the batch's transaction, so progress and the batch's writes commit together. */
  async recordProgress(client: SqlClient, projectId: number, runId: number, progress: RunProgress): Promise<void> {
    const run = await client.salesforceSyncRun.findUniqueOrThrow({ where: { projectId_id: { projectId, id: runId } }, select: { unmatchedValues: true, warnings: true } });
    const room = Math.max(0, maximumListedUnmatched - run.unmatchedValues.length);
    const newWarnings = progress.warnings.filter((warning) => !run.warnings.includes(warning));
    await client.salesforceSyncRun.update({
      where: { projectId_id: { projectId, id: runId } },
      data: {
        lastGroupId: progress.lastGroupId,
        groupsMatched: { increment: progress.matched },
        groupsUpdated: { increment: progress.updated },
        groupsUnmatched: { increment: progress.unmatchedValues.length },
        ...(room && progress.unmatchedValues.length ? { unmatchedValues: { push: progress.unmatchedValues.slice(0, room) } } : {}),
        ...(newWarnings.length ? { warnings: [...run.warnings, ...newWarnings].slice(0, maximumWarnings) } : {}),
      },
    });
  }

  async finish(projectId: number, runId: number, outcome: { status: 'succeeded' | 'failed'; error?: string; finishedAt: Date }): Promise<SalesforceSyncRunRecord> {
    const row = await this.database.salesforceSyncRun.update({
      where: { projectId_id: { projectId, id: runId } },
      data: { status: outcome.status, finishedAt: outcome.finishedAt, ...(outcome.error ? { errors: { push: outcome.error } } : {}) },
    });
    return toRecord(row);
  }

  /** A failed run starts again from its resume point, on a new day if need be. */
  async reopen(projectId: number, runId: number, runDate: CalendarDay): Promise<SalesforceSyncRunRecord> {
    const row = await this.database.salesforceSyncRun.update({
      where: { projectId_id: { projectId, id: runId } },
      data: { status: 'running', finishedAt: null, runDate: new Date(`${runDate}T00:00:00.000Z`), attempts: { increment: 1 } },
    });
    return toRecord(row);
  }
}
