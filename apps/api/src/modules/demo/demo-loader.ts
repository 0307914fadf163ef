// At first start (no project in the database) leadmaps creates a demo project and fills it with
// generated B2B data, so the Groups page has something to show before any SDK is wired up.
// The load is recorded (demo_load) when it begins and when it ends: a start that finds a load
// that never ended (Ctrl-C, a crash, a failure) removes the partial demo and loads it again, so a
// half-loaded demo (every company "inactive") never stays.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../lib/logger';
import { ProjectRepository, type ProjectRecord } from '../projects/project.repository';
import type { ProjectService } from '../projects/project.service';
import { defaultKeyActions } from './generator/catalog';
import type { GeneratorOptions } from './generator/generate-events';
import { type AmplitudeIngester, loadGeneratedEvents } from './load-generated-events';
import type { Database } from '../../database/database';
import {
  findUnfinishedDemoLoad,
  recordDemoLoadCompleted,
  recordDemoLoadStarted,
  removeProjectAndData,
} from './demo-load.repository';

export const demoProjectName = 'Demo: B2B SaaS';

/** ~100 accounts and ~125k events: the worked example at the seed's scale, loaded in seconds. */
export const demoDataset: Omit<GeneratorOptions, 'endDate' | 'onProgress'> = {
  seed: 42,
  accounts: 100,
  events: 125_000,
  days: 90,
  keyActions: [...defaultKeyActions],
};

export type DemoDataOutcome =
  | {
      status: 'created';
      project: ProjectRecord;
      secretKey: string;
      readKey: string;
      events: number;
      seconds: number;
      /** Set when an interrupted earlier load was removed first. */
      repaired?: boolean;
      /** Where the keys were also written (0600), or null. */
      keysFile?: string | null;
    }
  /** The database already had a project: nothing was loaded. `project` is the first one. */
  | { status: 'existing'; project: ProjectRecord }
  | { status: 'disabled'; project: ProjectRecord | null }
  /** The project was created (its keys work) but loading stopped part way. */
  | {
      status: 'failed';
      project: ProjectRecord;
      secretKey: string;
      readKey: string;
      error: string;
      keysFile?: string | null;
    };

export interface DemoLoaderDependencies {
  /**
   * demoKeysFile: where the demo's keys are written (owner-only) so a lost terminal does not lose
   * the secret key; null or absent writes nothing.
   */
  config: { loadDemoData: boolean; demoKeysFile?: string | null };
  database: Database;
  projects: ProjectService;
  ingest: AmplitudeIngester;
}

export async function loadDemoDataIfEmpty(
  services: DemoLoaderDependencies,
  logger: Logger,
  endDate: Date = new Date(),
  dataset: Omit<GeneratorOptions, 'endDate' | 'onProgress'> = demoDataset,
): Promise<DemoDataOutcome> {
  const repaired = await removeUnfinishedDemo(services.database, logger);
  const existing = await new ProjectRepository(services.database).findFirst();
  if (existing) return { status: 'existing', project: existing };
  if (!services.config.loadDemoData) return { status: 'disabled', project: null };

  const { project, secretKey, readKey } = await services.projects.createProject({
    name: demoProjectName,
    timeZone: 'UTC',
    keyActions: [...(dataset.keyActions ?? defaultKeyActions)],
  });
  await recordDemoLoadStarted(services.database, project.id);
  const keysFile = writeDemoKeys(services.config.demoKeysFile, project, secretKey, readKey, logger);
  logger.info({ projectId: project.id }, `loading demo data into "${demoProjectName}"`);
  let nextReport = 0.1;
  try {
    const summary = await loadGeneratedEvents(services.ingest, project, { ...dataset, endDate }, (progress) => {
      const share = progress.events / progress.estimatedEvents;
      if (share < nextReport) return;
      nextReport = Math.floor(share * 10) / 10 + 0.1;
      logger.info(
        { events: progress.events, eventsPerSecond: progress.eventsPerSecond },
        `demo data ${Math.min(100, Math.round(share * 100))}% loaded`,
      );
    });
    await recordDemoLoadCompleted(services.database, project.id);
    logger.info({ events: summary.events, seconds: Number(summary.seconds.toFixed(1)) }, 'demo data loaded');
    return {
      status: 'created',
      project,
      secretKey,
      readKey,
      events: summary.events,
      seconds: summary.seconds,
      repaired,
      keysFile,
    };
  } catch (error) {
    // The project stays (its keys still work) and the server keeps running with whatever was
    // loaded; the load is not marked complete, so the next start loads the demo again.
    logger.error({ err: error }, 'loading demo data failed; the next start loads it again');
    return {
      status: 'failed',
      project,
      secretKey,
      readKey,
      error: error instanceof Error ? error.message : String(error),
      keysFile,
    };
  }
}

/** Removes the demo project of a load that never finished; true when there was one. */
async function removeUnfinishedDemo(database: Database, logger: Logger): Promise<boolean> {
  const projectId = await findUnfinishedDemoLoad(database);
  if (projectId === null) return false;
  logger.warn(
    { projectId },
    'the demo data load of an earlier start did not finish: removing the partial demo project to load it again',
  );
  await database.transaction((transaction) => removeProjectAndData(transaction, projectId), { longRunning: true });
  return true;
}

/** Writes the keys to a file only its owner may read; returns its path, or null when none. */
function writeDemoKeys(
  path: string | null | undefined,
  project: ProjectRecord,
  secretKey: string,
  readKey: string,
  logger: Logger,
): string | null {
  if (!path) return null;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const text = [
      `# Keys of the demo project "${project.name}" (project ${project.id}), written at its creation.`,
      '# Anyone with the secret key can change this project: keep this file private, or delete it',
      '# once the keys are stored elsewhere. New keys: npm run project -- rotate-secret',
      `LEADMAPS_INGEST_KEY=${project.ingestKey}`,
      `LEADMAPS_SECRET_KEY=${secretKey}`,
      `LEADMAPS_READ_KEY=${readKey}`,
      '',
    ].join('\n');
    writeFileSync(path, text, { mode: 0o600 });
    // The mode of writeFileSync applies only to a new file: an older file keeps its own.
    chmodSync(path, 0o600);
    return path;
  } catch (error) {
    logger.warn({ err: error, path }, 'could not write the demo keys file; the keys are only in the banner');
    return null;
  }
}
