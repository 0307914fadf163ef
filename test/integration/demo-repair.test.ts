// A first start whose demo load stops part way (Ctrl-C, a crash, a failure) must not leave a
// half-loaded demo behind: the next start removes it and loads the demo again, whole. The keys
// of the demo are also written to an owner-only file, so a lost terminal does not lose them.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataEnvironment, type DataEnvironment } from '../../apps/api/src/cli/data-environment';
import { sql } from '../../apps/api/src/database/sql';
import { createLogger } from '../../apps/api/src/lib/logger';
import { demoProjectName, loadDemoDataIfEmpty } from '../../apps/api/src/modules/demo/demo-loader';
import { type AmplitudeIngester, loadGeneratedEvents } from '../../apps/api/src/modules/demo/load-generated-events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const endDate = new Date('2026-11-30T12:00:00Z');
const smallDemo = { seed: 7, accounts: 8, events: 3_000, days: 30, keyActions: ['Report Created'] };

describe('an interrupted demo load', () => {
  let testDatabase: TestDatabase;
  let environment: DataEnvironment;
  let folder: string;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    environment = await openDataEnvironment({ database: testDatabase.config, logLevel: 'silent' });
    folder = mkdtempSync(join(tmpdir(), 'leadmaps-demo-'));
  });
  afterAll(async () => {
    await environment?.close();
    await testDatabase?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const count = async (table: 'event' | 'group_daily' | 'demo_load', projectId: number) => {
    await environment.services.rollups.catchUpAll();
    const tableSql = { event: sql`event`, group_daily: sql`group_daily`, demo_load: sql`demo_load` }[table];
    const rows = await environment.services.database.query<{ count: number }>(
      sql`SELECT count(*)::int AS count FROM ${tableSql} WHERE project_id = ${projectId}`,
    );
    return rows[0]!.count;
  };

  it('is removed and loaded again whole by the next start, with the keys in an owner-only file', async () => {
    const keysFile = join(folder, 'data', 'demo-keys.txt');
    const config = { ...environment.services.config, loadDemoData: true, demoKeysFile: keysFile };
    // The first start dies after two batches: the ingester stops answering as a killed process would.
    let batches = 0;
    const dying: AmplitudeIngester = {
      ingestAmplitudeEvents: async (project, events) => {
        if (++batches > 2) throw new Error('interrupted');
        return environment.services.ingest.ingestAmplitudeEvents(project, events);
      },
    };
    const first = await loadDemoDataIfEmpty(
      { ...environment.services, config, ingest: dying },
      createLogger('silent'),
      endDate,
      smallDemo,
    );
    expect(first.status).toBe('failed');
    const partialId = first.project!.id;
    const partialEvents = await count('event', partialId);
    expect(partialEvents).toBeGreaterThan(0);
    expect(partialEvents).toBeLessThan(smallDemo.events);

    const second = await loadDemoDataIfEmpty(
      { ...environment.services, config },
      createLogger('silent'),
      endDate,
      smallDemo,
    );
    expect(second.status).toBe('created');
    if (second.status !== 'created') throw new Error('unreachable');
    expect(second.repaired).toBe(true);
    expect(second.project.id).not.toBe(partialId);
    // Nothing of the partial demo is left, in any table.
    expect(await environment.services.projects.getProject(partialId)).toBeNull();
    expect(await count('event', partialId)).toBe(0);
    expect(await count('group_daily', partialId)).toBe(0);
    expect(await count('demo_load', partialId)).toBe(0);
    const projects = await environment.services.database.query<{ name: string }>(sql`SELECT name FROM project`);
    expect(projects).toEqual([{ name: demoProjectName }]);
    expect(second.events).toBeGreaterThan(0);
    // Whole: the same figures as the same demo loaded in one go into a project of its own.
    const reference = await environment.services.projects.createProject({ name: 'Reference', timeZone: 'UTC' });
    await loadGeneratedEvents(environment.services.ingest, reference.project, { ...smallDemo, endDate });
    const referenceEvents = await count('event', reference.project.id);
    expect(referenceEvents).toBeGreaterThan(partialEvents);
    expect(await count('event', second.project.id)).toBe(referenceEvents);
    expect(await count('group_daily', second.project.id)).toBe(await count('group_daily', reference.project.id));

    // A third start finds a finished load: nothing is removed or loaded.
    const third = await loadDemoDataIfEmpty(
      { ...environment.services, config },
      createLogger('silent'),
      endDate,
      smallDemo,
    );
    expect(third).toMatchObject({ status: 'existing', project: { id: second.project.id } });

    // The keys file holds the keys of the demo that stayed, readable by its owner alone.
    expect(second.keysFile).toBe(keysFile);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(keysFile, 'utf8');
    expect(text).toContain(`LEADMAPS_SECRET_KEY=${second.secretKey}`);
    expect(text).not.toContain(first.status === 'failed' ? first.secretKey : '');
    expect((await environment.services.projects.authenticate(second.secretKey))?.access).toBe('admin');
  });
});
