import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProjectRecord, ProjectRepository } from './project.repository';
import { ProjectService } from './project.service';

const project: ProjectRecord = {
  id: 1,
  name: 'Known',
  timeZone: 'UTC',
  ingestKey: 'lm_ingest_known',
  keyActions: [],
  trendSteadyPercent: 5,
  trendSharpPercent: 20,
  segmentGroupTypeTrait: 'group_type',
  segmentGroupValueTrait: null,
};

/** An in-memory repository holding `projects`, counting the lookups of each ingest key. */
function repositoryOf(projects: ProjectRecord[]) {
  const lookups = new Map<string, number>();
  const repository = {
    async create(input: Omit<ProjectRecord, 'id'>) {
      const created = { ...project, ...input, id: projects.length + 1 };
      projects.push(created);
      return created;
    },
    async findByIngestKey(ingestKey: string) {
      lookups.set(ingestKey, (lookups.get(ingestKey) ?? 0) + 1);
      return projects.find((candidate) => candidate.ingestKey === ingestKey) ?? null;
    },
  };
  return { repository: repository as unknown as ProjectRepository, lookups, projects };
}

describe('ProjectService.findByIngestKey', () => {
  it('keeps a key in use cached while 100,000 random unknown keys are looked up', async () => {
    const { repository, lookups } = repositoryOf([project]);
    const service = new ProjectService(repository, () => 0);
    await service.findByIngestKey(project.ingestKey);
    for (let index = 0; index < 100_000; index += 1)
      expect(await service.findByIngestKey(`lm_ingest_${randomBytes(12).toString('hex')}`)).toBeNull();
    await service.findByIngestKey(project.ingestKey);
    expect(lookups.get(project.ingestKey)).toBe(1);
    // 100,000 lookups take about a second; a CI machine busy with other work may need far more.
  }, 60_000);

  it('asks the database again once an entry is 5 seconds old, so a removed key stops working', async () => {
    const { repository, lookups, projects } = repositoryOf([project]);
    let now = 0;
    const service = new ProjectService(repository, () => now);
    await service.findByIngestKey(project.ingestKey);
    now = 4_999;
    expect(await service.findByIngestKey(project.ingestKey)).toEqual(project);
    expect(lookups.get(project.ingestKey)).toBe(1);
    projects.length = 0;
    now = 5_000;
    expect(await service.findByIngestKey(project.ingestKey)).toBeNull();
    expect(lookups.get(project.ingestKey)).toBe(2);
  });

  it('remembers an unknown key briefly, and forgets it when a project is created with it', async () => {
    const { repository, lookups, projects } = repositoryOf([]);
    let now = 0;
    const service = new ProjectService(repository, () => now);
    const key = 'lm_ingest_later';
    expect(await service.findByIngestKey(key)).toBeNull();
    expect(await service.findByIngestKey(key)).toBeNull();
    expect(lookups.get(key)).toBe(1);
    now = 5_000;
    expect(await service.findByIngestKey(key)).toBeNull();
    expect(lookups.get(key)).toBe(2);
    await service.createProject({ name: 'Later', ingestKey: key });
    expect(projects).toHaveLength(1);
    expect((await service.findByIngestKey(key))?.ingestKey).toBe(key);
  });
});
