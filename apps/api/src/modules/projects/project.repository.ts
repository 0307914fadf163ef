import { sql, sqlFromAllowlist } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

export interface ProjectRecord {
  id: number;
  name: string;
  timeZone: string;
  ingestKey: string;
  keyActions: string[];
  trendSteadyPercent: number;
  trendSharpPercent: number;
  segmentGroupTypeTrait: string;
  segmentGroupValueTrait: string | null;
}

const projectColumnsSql = sql`
  id, name, time_zone AS "timeZone", ingest_key AS "ingestKey", key_actions AS "keyActions",
  trend_steady_percent AS "trendSteadyPercent", trend_sharp_percent AS "trendSharpPercent",
  segment_group_type_trait AS "segmentGroupTypeTrait", segment_group_value_trait AS "segmentGroupValueTrait"`;

const keyHashColumns = { secret: 'secret_key_hash', read: 'read_key_hash' } as const;

export class ProjectRepository {
  /** Every GraphQL request looks its key up here: through the driver (see database/sql-database.ts). */
  constructor(private readonly database: SqlExecutor) {}

  async create(input: {
    name: string;
    timeZone: string;
    ingestKey: string;
    secretKeyHash: string;
    readKeyHash: string;
    keyActions: string[];
  }) {
    const rows = await this.database.query<ProjectRecord>(sql`
      INSERT INTO project (name, time_zone, ingest_key, secret_key_hash, read_key_hash, key_actions)
      VALUES (${input.name}, ${input.timeZone}, ${input.ingestKey}, ${input.secretKeyHash}, ${input.readKeyHash}, ${input.keyActions}::text[])
      RETURNING ${projectColumnsSql}`);
    return rows[0]!;
  }

  async findById(projectId: number): Promise<ProjectRecord | null> {
    const rows = await this.database.query<ProjectRecord>(
      sql`SELECT ${projectColumnsSql} FROM project WHERE id = ${projectId}`,
    );
    return rows[0] ?? null;
  }

  async findByIngestKey(ingestKey: string): Promise<ProjectRecord | null> {
    const rows = await this.database.query<ProjectRecord>(
      sql`SELECT ${projectColumnsSql} FROM project WHERE ingest_key = ${ingestKey}`,
    );
    return rows[0] ?? null;
  }

  findBySecretKeyHash(secretKeyHash: string): Promise<ProjectRecord | null> {
    return this.findByKeyHash('secret', secretKeyHash);
  }

  findByReadKeyHash(readKeyHash: string): Promise<ProjectRecord | null> {
    return this.findByKeyHash('read', readKeyHash);
  }

  private async findByKeyHash(kind: keyof typeof keyHashColumns, hash: string): Promise<ProjectRecord | null> {
    const column = sqlFromAllowlist(keyHashColumns, kind);
    const rows = await this.database.query<ProjectRecord>(
      sql`SELECT ${projectColumnsSql} FROM project WHERE ${column} = ${hash}`,
    );
    return rows[0] ?? null;
  }

  /** The stored hash of the secret key (sessions opened with it carry a fingerprint of it). */
  async findSecretKeyHash(projectId: number): Promise<string | null> {
    const rows = await this.database.query<{ hash: string }>(
      sql`SELECT secret_key_hash AS hash FROM project WHERE id = ${projectId}`,
    );
    return rows[0]?.hash ?? null;
  }

  async findFirst(): Promise<ProjectRecord | null> {
    const rows = await this.database.query<ProjectRecord>(
      sql`SELECT ${projectColumnsSql} FROM project ORDER BY id LIMIT 1`,
    );
    return rows[0] ?? null;
  }

  async listAll(): Promise<ProjectRecord[]> {
    return this.database.query<ProjectRecord>(sql`SELECT ${projectColumnsSql} FROM project ORDER BY id`);
  }

  async listIds(): Promise<number[]> {
    const rows = await this.database.query<{ id: number }>(sql`SELECT id FROM project ORDER BY id`);
    return rows.map((row) => row.id);
  }

  async setSecretKeyHash(projectId: number, secretKeyHash: string): Promise<void> {
    await this.updateKeyHash(projectId, 'secret', secretKeyHash);
  }

  async setReadKeyHash(projectId: number, readKeyHash: string): Promise<void> {
    await this.updateKeyHash(projectId, 'read', readKeyHash);
  }

  private async updateKeyHash(projectId: number, kind: keyof typeof keyHashColumns, hash: string): Promise<void> {
    const column = sqlFromAllowlist(keyHashColumns, kind);
    const updated = await this.database.execute(sql`UPDATE project SET ${column} = ${hash} WHERE id = ${projectId}`);
    if (updated === 0) throw new Error(`project ${projectId} does not exist`);
  }
}
