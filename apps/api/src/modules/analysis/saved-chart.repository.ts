// Saved charts: one row per chart, scoped by project on every statement.
import { emptySql, sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

export type SavedChartKind = 'segmentation' | 'composition' | 'funnel' | 'retention';

export interface SavedChartRecord {
  id: number;
  name: string;
  kind: SavedChartKind;
  definition: unknown;
  createdAt: Date;
  updatedAt: Date;
}

// `kind` as stored: both drivers return an enum as its label, and Citus refuses the cast to text
// (not IMMUTABLE) in the RETURNING clause of a distributed table.
const columns = sql`id, name, kind, definition, created_at AS "createdAt", updated_at AS "updatedAt"`;

export class SavedChartRepository {
  constructor(private readonly database: SqlExecutor) {}

  list(projectId: number): Promise<SavedChartRecord[]> {
    return this.database.query<SavedChartRecord>(sql`
      SELECT ${columns} FROM saved_chart WHERE project_id = ${projectId} ORDER BY lower(name), id`);
  }

  /** By name (case-insensitive), then id; `after` is the (lower-cased name, id) of the last row seen. */
  page(
    projectId: number,
    after: { name: string; id: number } | null,
    limit: number,
  ): Promise<(SavedChartRecord & { sortName: string })[]> {
    // The cursor carries PostgreSQL's own lower(name), so the keyset compares like the ORDER BY.
    const keyset = after ? sql`AND (lower(name), id) > (${after.name}::text, ${after.id}::int)` : emptySql;
    return this.database.query<SavedChartRecord & { sortName: string }>(sql`
      SELECT ${columns}, lower(name) AS "sortName" FROM saved_chart WHERE project_id = ${projectId} ${keyset}
      ORDER BY lower(name), id LIMIT ${limit}`);
  }

  async count(projectId: number): Promise<number> {
    const rows = await this.database.query<{ count: number }>(sql`
      SELECT count(*)::int AS count FROM saved_chart WHERE project_id = ${projectId}`);
    return rows[0]?.count ?? 0;
  }

  async find(projectId: number, id: number): Promise<SavedChartRecord | null> {
    const rows = await this.database.query<SavedChartRecord>(sql`
      SELECT ${columns} FROM saved_chart WHERE project_id = ${projectId} AND id = ${id}`);
    return rows[0] ?? null;
  }

  async create(
    projectId: number,
    chart: { name: string; kind: SavedChartKind; definition: unknown },
  ): Promise<SavedChartRecord> {
    const rows = await this.database.query<SavedChartRecord>(sql`
      INSERT INTO saved_chart (project_id, name, kind, definition)
      VALUES (${projectId}, ${chart.name}, ${chart.kind}::saved_chart_kind, ${JSON.stringify(chart.definition)}::jsonb)
      RETURNING ${columns}`);
    return rows[0]!;
  }

  async update(
    projectId: number,
    id: number,
    chart: { name: string; kind: SavedChartKind; definition: unknown },
  ): Promise<SavedChartRecord | null> {
    const rows = await this.database.query<SavedChartRecord>(sql`
      UPDATE saved_chart SET name = ${chart.name}, kind = ${chart.kind}::saved_chart_kind,
        definition = ${JSON.stringify(chart.definition)}::jsonb, updated_at = now()
      WHERE project_id = ${projectId} AND id = ${id}
      RETURNING ${columns}`);
    return rows[0] ?? null;
  }

  async delete(projectId: number, id: number): Promise<boolean> {
    return (
      (await this.database.execute(sql`DELETE FROM saved_chart WHERE project_id = ${projectId} AND id = ${id}`)) > 0
    );
  }
}
