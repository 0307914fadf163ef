// The run history: one row per run, updated as each batch of groups commits.
import { emptySql, sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { calendarDayText } from '../../database/calendar-day-sql';
import type {
  SalesforceSyncRunStatus,
  SalesforceSyncScope,
  SalesforceSyncTrigger,
} from '../../generated/prisma/client';
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

const runColumnsSql = sql`
  project_id AS "projectId", id, "trigger", scope, group_value AS "groupValue",
  status, ${calendarDayText(sql`run_date`)} AS "runDate", started_at AS "startedAt",
  finished_at AS "finishedAt", groups_matched AS "groupsMatched", groups_updated AS "groupsUpdated",
  groups_unmatched AS "groupsUnmatched", unmatched_values AS "unmatchedValues", errors, warnings,
  last_group_id AS "lastGroupId", attempts`;

function onlyRow(rows: SalesforceSyncRunRecord[], projectId: number, runId: number): SalesforceSyncRunRecord {
  if (!rows[0]) throw new Error(`Salesforce sync run ${runId} of project ${projectId} does not exist`);
  return rows[0];
}

export class SalesforceSyncRunRepository {
  constructor(private readonly database: SqlExecutor) {}

  async create(
    projectId: number,
    input: {
      trigger: SalesforceSyncTrigger;
      scope: SalesforceSyncScope;
      groupValue: string | null;
      runDate: CalendarDay;
      startedAt: Date;
    },
  ) {
    const rows = await this.database.query<SalesforceSyncRunRecord>(sql`
      INSERT INTO salesforce_sync_run (project_id, "trigger", scope, group_value, status, run_date, started_at)
      VALUES (${projectId}, ${input.trigger}::salesforce_sync_trigger, ${input.scope}::salesforce_sync_scope, ${input.groupValue},
        'running', ${input.runDate}::date, ${input.startedAt.toISOString()}::timestamptz)
      RETURNING ${runColumnsSql}`);
    return rows[0]!;
  }

  async find(projectId: number, runId: number): Promise<SalesforceSyncRunRecord | null> {
    const rows = await this.database.query<SalesforceSyncRunRecord>(sql`
      SELECT ${runColumnsSql} FROM salesforce_sync_run WHERE project_id = ${projectId} AND id = ${runId}`);
    return rows[0] ?? null;
  }

  /** Newest first; `beforeId` is the cursor of the previous page. */
  list(projectId: number, limit: number, beforeId: number | null): Promise<SalesforceSyncRunRecord[]> {
    const before = beforeId !== null ? sql`AND id < ${beforeId}` : emptySql;
    return this.database.query<SalesforceSyncRunRecord>(sql`
      SELECT ${runColumnsSql} FROM salesforce_sync_run WHERE project_id = ${projectId} ${before}
      ORDER BY id DESC LIMIT ${limit}`);
  }

  findRunning(projectId: number): Promise<SalesforceSyncRunRecord[]> {
    return this.database.query<SalesforceSyncRunRecord>(sql`
      SELECT ${runColumnsSql} FROM salesforce_sync_run WHERE project_id = ${projectId} AND status = 'running' ORDER BY id`);
  }

  /** Called inside the batch's transaction, so progress and the batch's writes commit together. */
  async recordProgress(client: SqlExecutor, projectId: number, runId: number, progress: RunProgress): Promise<void> {
    const [run] = await client.query<{ unmatchedValues: string[]; warnings: string[] }>(sql`
      SELECT unmatched_values AS "unmatchedValues", warnings FROM salesforce_sync_run
      WHERE project_id = ${projectId} AND id = ${runId} FOR UPDATE`);
    if (!run) throw new Error(`Salesforce sync run ${runId} of project ${projectId} does not exist`);
    const room = Math.max(0, maximumListedUnmatched - run.unmatchedValues.length);
    const newWarnings = progress.warnings.filter((warning) => !run.warnings.includes(warning));
    const listed = room && progress.unmatchedValues.length ? progress.unmatchedValues.slice(0, room) : [];
    const warnings = newWarnings.length
      ? sql`, warnings = ${[...run.warnings, ...newWarnings].slice(0, maximumWarnings)}::text[]`
      : emptySql;
    await client.execute(sql`
      UPDATE salesforce_sync_run SET last_group_id = ${progress.lastGroupId},
        groups_matched = groups_matched + ${progress.matched}::int, groups_updated = groups_updated + ${progress.updated}::int,
        groups_unmatched = groups_unmatched + ${progress.unmatchedValues.length}::int,
        unmatched_values = unmatched_values || ${listed}::text[] ${warnings}
      WHERE project_id = ${projectId} AND id = ${runId}`);
  }

  async finish(
    projectId: number,
    runId: number,
    outcome: { status: 'succeeded' | 'failed'; error?: string; finishedAt: Date },
  ): Promise<SalesforceSyncRunRecord> {
    const error = outcome.error ? sql`, errors = array_append(errors, ${outcome.error}::text)` : emptySql;
    const rows = await this.database.query<SalesforceSyncRunRecord>(sql`
      UPDATE salesforce_sync_run SET status = ${outcome.status}::salesforce_sync_run_status,
        finished_at = ${outcome.finishedAt.toISOString()}::timestamptz ${error}
      WHERE project_id = ${projectId} AND id = ${runId}
      RETURNING ${runColumnsSql}`);
    return onlyRow(rows, projectId, runId);
  }

  /** A failed run starts again from its resume point, on a new day if need be. */
  async reopen(projectId: number, runId: number, runDate: CalendarDay): Promise<SalesforceSyncRunRecord> {
    const rows = await this.database.query<SalesforceSyncRunRecord>(sql`
      UPDATE salesforce_sync_run SET status = 'running', finished_at = NULL, run_date = ${runDate}::date, attempts = attempts + 1
      WHERE project_id = ${projectId} AND id = ${runId}
      RETURNING ${runColumnsSql}`);
    return onlyRow(rows, projectId, runId);
  }
}
