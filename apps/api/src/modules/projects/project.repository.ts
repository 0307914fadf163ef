import type { Database } from '../../database/database';

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

export class ProjectRepository {
  constructor(private readonly database: Database) {}

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
    return this.database.project.findUnique({ where: { secretKeyHash }, select: projectColumns });
  }

  findByReadKeyHash(readKeyHash: string): Promise<ProjectRecord | null> {
    return this.database.project.findUnique({ where: { readKeyHash }, select: projectColumns });
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
