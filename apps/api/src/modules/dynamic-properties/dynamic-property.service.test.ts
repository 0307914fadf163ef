// The job's isolation: a project whose computation fails is recorded and logged, and the others
// are still computed. The database and repository are small fakes; the SQL and the writes are
// covered end to end by test/integration/dynamic-properties.test.ts.
import { describe, expect, it } from 'vitest';
import type { Database, SqlExecutor } from '../../database/sql-database';
import { createLogger } from '../../lib/logger';
import type { ProjectRecord } from '../projects/project.repository';
import type { DynamicPropertyRecord, DynamicPropertyRepository } from './dynamic-property.repository';
import { DynamicPropertyService } from './dynamic-property.service';

const property = (id: number, periodTo: string | null): DynamicPropertyRecord => ({
  id,
  groupTypeId: 0,
  groupType: 'company',
  propertyKey: 'active_people_7d',
  savedChartId: 1,
  chartName: 'Active people',
  definition: { selection: { eventType: null, filters: [] }, countedBy: 'PEOPLE', measure: 'UNIQUES' },
  window: { kind: 'rolling', days: 7 },
  createdAt: new Date(0),
  computedAt: null,
  periodFrom: periodTo === null ? null : '2026-10-18',
  periodTo,
  groupsChanged: null,
  lastAttemptAt: null,
  lastError: null,
});

function setUp(failingProject: number) {
  const properties = new Map<number, DynamicPropertyRecord[]>([
    [1, [property(10, null)]],
    [2, [property(20, null), property(21, '2026-10-24')]],
    [3, [property(30, null)]],
  ]);
  const failures: { projectId: number; id: number; error: string }[] = [];
  const successes: { projectId: number; id: number; period: unknown }[] = [];
  const executor: SqlExecutor = { query: async () => [] as never[], execute: async () => 0 };
  let currentProject = 0;
  const database = {
    ...executor,
    transaction: async <T>(work: (client: SqlExecutor) => Promise<T>) => {
      if (currentProject === failingProject) throw new Error('deadlock detected');
      return work(executor);
    },
  } as Database;
  const repository = {
    listProjectIds: async () => [...properties.keys()],
    list: async (projectId: number) => {
      currentProject = projectId;
      return properties.get(projectId)!;
    },
    lock: async () => true,
    recordSuccess: async (_client: SqlExecutor, projectId: number, id: number, outcome: { period: unknown }) => {
      successes.push({ projectId, id, period: outcome.period });
    },
    recordFailure: async (projectId: number, id: number, _at: Date, error: string) => {
      failures.push({ projectId, id, error });
    },
  } as unknown as DynamicPropertyRepository;
  const projects = {
    getProject: async (id: number) => ({ id, timeZone: 'Australia/Adelaide' }) as ProjectRecord,
  };
  const groupProperties = { applyOperationsToGroups: async () => ({ refusedKeys: [] }) } as never;
  const service = new DynamicPropertyService(
    database,
    repository,
    { find: async () => null },
    projects,
    groupProperties,
    createLogger('silent'),
  );
  return { service, failures, successes };
}

describe('DynamicPropertyService.computeDue', () => {
  it('records a failing project and goes on with the others; skips properties already current', async () => {
    const { service, failures, successes } = setUp(2);
    // 14:07 UTC on the 24th is 00:37 on the 25th in Adelaide: the period is 18–24 October.
    const tally = await service.computeDue(new Date('2026-10-24T14:07:00Z'));
    expect(failures).toEqual([{ projectId: 2, id: 20, error: 'deadlock detected' }]);
    expect(successes).toEqual([
      { projectId: 1, id: 10, period: { from: '2026-10-18', to: '2026-10-24' } },
      { projectId: 3, id: 30, period: { from: '2026-10-18', to: '2026-10-24' } },
    ]);
    // Property 21 already describes 18–24 October: not computed again.
    expect(tally).toEqual({ computed: 2, failed: 1 });
  });
});
