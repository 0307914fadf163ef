// Dynamic property definitions and their computation state, scoped by project on every statement.
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import type { DynamicPropertyDefinition, DynamicPropertyWindow } from './dynamic-property-definition';

export interface DynamicPropertyRecord {
  id: number;
  groupTypeId: number;
  groupType: string;
  propertyKey: string;
  savedChartId: number | null;
  chartName: string;
  definition: DynamicPropertyDefinition;
  window: DynamicPropertyWindow;
  createdAt: Date;
  computedAt: Date | null;
  /** The project-local period the current values describe ("YYYY-MM-DD"), null before the first success. */
  periodFrom: string | null;
  periodTo: string | null;
  groupsChanged: number | null;
  lastAttemptAt: Date | null;
  lastError: string | null;
}

interface Row extends Omit<DynamicPropertyRecord, 'window'> {
  windowKind: DynamicPropertyWindow['kind'];
  windowDays: number | null;
}

const columns = sql`
  d.id, d.group_type_id AS "groupTypeId", t.name AS "groupType", d.property_key AS "propertyKey",
  d.saved_chart_id AS "savedChartId", d.chart_name AS "chartName", d.definition,
  d.window_kind::text AS "windowKind", d.window_days AS "windowDays", d.created_at AS "createdAt",
  d.computed_at AS "computedAt", to_char(d.period_from, 'YYYY-MM-DD') AS "periodFrom",
  to_char(d.period_to, 'YYYY-MM-DD') AS "periodTo", d.groups_changed AS "groupsChanged",
  d.last_attempt_at AS "lastAttemptAt", d.last_error AS "lastError"`;
const from = sql`dynamic_property d JOIN group_type t ON t.project_id = d.project_id AND t.id = d.group_type_id`;

function toRecord({ windowKind, windowDays, ...row }: Row): DynamicPropertyRecord {
  const window: DynamicPropertyWindow =
    windowKind === 'rolling' ? { kind: 'rolling', days: windowDays ?? 1 } : { kind: windowKind, days: null };
  return { ...row, window };
}

export class DynamicPropertyRepository {
  constructor(private readonly database: SqlExecutor) {}

  async list(projectId: number): Promise<DynamicPropertyRecord[]> {
    const rows = await this.database.query<Row>(sql`
      SELECT ${columns} FROM ${from} WHERE d.project_id = ${projectId} ORDER BY t.id, d.property_key, d.id`);
    return rows.map(toRecord);
  }

  async find(
    projectId: number,
    id: number,
    client: SqlExecutor = this.database,
  ): Promise<DynamicPropertyRecord | null> {
    const rows = await client.query<Row>(sql`
      SELECT ${columns} FROM ${from} WHERE d.project_id = ${projectId} AND d.id = ${id}`);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Locks the definition's row so two computations of one property (job, "recompute now") take turns. */
  async lock(client: SqlExecutor, projectId: number, id: number): Promise<boolean> {
    const rows = await client.query<{ id: number }>(sql`
      SELECT id FROM dynamic_property WHERE project_id = ${projectId} AND id = ${id} FOR UPDATE`);
    return rows.length > 0;
  }

  async findByKey(projectId: number, groupTypeId: number, propertyKey: string): Promise<{ id: number } | null> {
    const rows = await this.database.query<{ id: number }>(sql`
      SELECT id FROM dynamic_property
      WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId}::smallint AND property_key = ${propertyKey}`);
    return rows[0] ?? null;
  }

  async create(
    projectId: number,
    input: {
      groupTypeId: number;
      propertyKey: string;
      savedChartId: number;
      chartName: string;
      definition: DynamicPropertyDefinition;
      window: DynamicPropertyWindow;
    },
  ): Promise<number> {
    // ON CONFLICT: two creations of the same key at once; the loser is told, not failed with a 500.
    const rows = await this.database.query<{ id: number }>(sql`
      INSERT INTO dynamic_property (project_id, group_type_id, property_key, saved_chart_id, chart_name, definition, window_kind, window_days)
      VALUES (${projectId}, ${input.groupTypeId}::smallint, ${input.propertyKey}, ${input.savedChartId}, ${input.chartName},
        ${JSON.stringify(input.definition)}::jsonb, ${input.window.kind}::dynamic_property_window, ${input.window.days}::int)
      ON CONFLICT (project_id, group_type_id, property_key) DO NOTHING
      RETURNING id`);
    return rows[0]?.id ?? 0;
  }

  async recordSuccess(
    client: SqlExecutor,
    projectId: number,
    id: number,
    outcome: { at: Date; period: { from: string; to: string }; groupsChanged: number },
  ): Promise<void> {
    await client.execute(sql`
      UPDATE dynamic_property SET computed_at = ${outcome.at}, last_attempt_at = ${outcome.at},
        period_from = ${outcome.period.from}::date, period_to = ${outcome.period.to}::date,
        groups_changed = ${outcome.groupsChanged}, last_error = NULL
      WHERE project_id = ${projectId} AND id = ${id}`);
  }

  async recordFailure(projectId: number, id: number, at: Date, error: string): Promise<void> {
    await this.database.execute(sql`
      UPDATE dynamic_property SET last_attempt_at = ${at}, last_error = ${error}
      WHERE project_id = ${projectId} AND id = ${id}`);
  }

  async delete(client: SqlExecutor, projectId: number, id: number): Promise<boolean> {
    return (await client.execute(sql`DELETE FROM dynamic_property WHERE project_id = ${projectId} AND id = ${id}`)) > 0;
  }

  async countGroupPropertyKeys(projectId: number): Promise<number> {
    const rows = await this.database.query<{ count: number }>(sql`
      SELECT count(*)::int AS count FROM group_property_key WHERE project_id = ${projectId}`);
    return rows[0]?.count ?? 0;
  }

  /** Projects that have at least one dynamic property: what the job walks through. */
  async listProjectIds(): Promise<number[]> {
    const rows = await this.database.query<{ projectId: number }>(sql`
      SELECT DISTINCT project_id AS "projectId" FROM dynamic_property ORDER BY project_id`);
    return rows.map((row) => row.projectId);
  }
}
