import type { Database } from '../../database/database';
import type { SqlExecutor } from '../../database/sql-database';
import { Prisma } from '../../generated/prisma/client';

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

const projectColumns = {
  id: true,
  name: true,
  timeZone: true,
  ingestKey: true,
  keyActions: true,
  trendSteadyPercent: true,
  trendSharpPercent: true,
  segmentGroupTypeTrait: true,
  segmentGroupValueTrait: true,
} as const;

/** The same columns as `projectColumns`, for the driver executor. */
const projectSelectSql = Prisma.sql`
  SELECT id, name, time_zone AS "timeZone", ingest_key AS "ingestKey", key_actions AS "keyActions",
    trend_steady_percent AS "trendSteadyPercent", trend_sharp_percent AS "trendSharpPercent",
    segment_group_type_trait AS "segmentGroupTypeTrait", segment_group_value_trait AS "segmentGroupValueTrait"
  FROM project`;

export class ProjectRepository {
  /**
   * `keyLookup`: the driver executor, for the key lookups every GraphQL request makes (a tenth of
   * the CPU of a Prisma query; see database/sql-database.ts). Without it they go through Prisma.
   */
  constructor(
    private readonly database: Database,
    private readonly keyLookup?: SqlExecutor,
  ) {}

  create(input: { name: string; timeZone: string; ingestKey: string; secretKeyHash: string; readKeyHash: string; keyActions: string[] }) {
    return this.database.project.create({ data: input, select: projectColumns });
  }

  findById(projectId: number): Promise<ProjectRecord | null> {
    return this.database.project.findUnique({ where: { id: projectId }, select: projectColumns });
  }

  findByIngestKey(ingestKey: string): Promise<ProjectRecord | null> {
    return this.database.project.findUnique({ where: { ingestKey }, select: projectColumns });
  }

  findBySecretKeyHash(secretKeyHash: string): Promise<ProjectRecord | null> {
    return this.findByKeyHash('secret_key_hash', secretKeyHash);
  }

  findByReadKeyHash(readKeyHash: string): Promise<ProjectRecord | null> {
    return this.findByKeyHash('read_key_hash', readKeyHash);
  }

  private async findByKeyHash(column: 'secret_key_hash' | 'read_key_hash', hash: string): Promise<ProjectRecord | null> {
    if (!this.keyLookup) {
      const where = column === 'secret_key_hash' ? { secretKeyHash: hash } : { readKeyHash: hash };
      return this.database.project.findUnique({ where, select: projectColumns });
    }
    const rows = await this.keyLookup.query<ProjectRecord>(Prisma.sql`${projectSelectSql} WHERE ${Prisma.raw(column)} = ${hash}`);
    return rows[0] ?? null;
  }

  findFirst(): Promise<ProjectRecord | null> {
    return this.database.project.findFirst({ orderBy: { id: 'asc' }, select: projectColumns });
  }

  listIds(): Promise<number[]> {
    return this.database.project.findMany({ select: { id: true }, orderBy: { id: 'asc' } }).then((rows) => rows.map((row) => row.id));
  }

  update(projectId: number, data: Partial<Pick<ProjectRecord, 'keyActions' | 'trendSteadyPercent' | 'trendSharpPercent' | 'timeZone' | 'name'>>) {
    return this.database.project.update({ where: { id: projectId }, data, select: projectColumns });
  }

  setSecretKeyHash(projectId: number, secretKeyHash: string) {
    return this.database.project.update({ where: { id: projectId }, data: { secretKeyHash }, select: { id: true } });
  }

  setReadKeyHash(projectId: number, readKeyHash: string) {
    return this.database.project.update({ where: { id: projectId }, data: { readKeyHash }, select: { id: true } });
  }
}
