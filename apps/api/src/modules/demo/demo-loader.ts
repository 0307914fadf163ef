// At first start (no project in the database) leadmaps creates a demo project and fills it with
// generated B2B data, so the Groups page has something to show before any SDK is wired up.
import type { Logger } from '../../lib/logger';
import { ProjectRepository, type ProjectRecord } from '../projects/project.repository';
import type { ProjectService } from '../projects/project.service';
import { defaultKeyActions } from './generator/catalog';
import type { GeneratorOptions } from './generator/generate-events';
import { type AmplitudeIngester, loadGeneratedEvents } from './load-generated-events';
import type { Database } from '../../database/database';

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
  | { status: 'created'; project: ProjectRecord; secretKey: string; readKey: string; events: number; seconds: number }
  /** The database already had a project: nothing was loaded. `project` is the first one. */
  | { status: 'existing'; project: ProjectRecord }
  | { status: 'disabled'; project: ProjectRecord | null }
  /** The project was created (its keys work) but loading stopped part way. */
  | { status: 'failed'; project: ProjectRecord; secretKey: string; readKey: string; error: string };

export interface DemoLoaderDependencies {
  config: { loadDemoData: boolean };
  database: Database;
  projects: ProjectService;
  ingest: AmplitudeIngester;
}

export async function loadDemoDataIfEmpty(
  services: DemoLoaderDependencies,
  logger: Logger,
  endDate: Date = new Date(),
): Promise<DemoDataOutcome> {
  const existing = await new ProjectRepository(services.database).findFirst();
  if (existing) return { status: 'existing', project: existing };
  if (!services.config.loadDemoData) return { status: 'disabled', project: null };

  const { project, secretKey, readKey } = await services.projects.createProject({
    name: demoProjectName,
    timeZone: 'UTC',
    keyActions: [...(demoDataset.keyActions ?? defaultKeyActions)],
  });
  logger.info({ projectId: project.id }, `loading demo data into "${demoProjectName}"`);
  let nextReport = 0.1;
  try {
    const summary = await loadGeneratedEvents(services.ingest, project, { ...demoDataset, endDate }, (progress) => {
      const share = progress.events / progress.estimatedEvents;
      if (share < nextReport) return;
      nextReport = Math.floor(share * 10) / 10 + 0.1;
      logger.info(
        { events: progress.events, eventsPerSecond: progress.eventsPerSecond },
        `demo data ${Math.min(100, Math.round(share * 100))}% loaded`,
      );
    });
    logger.info({ events: summary.events, seconds: Number(summary.seconds.toFixed(1)) }, 'demo data loaded');
    return { status: 'created', project, secretKey, readKey, events: summary.events, seconds: summary.seconds };
  } catch (error) {
    // The project stays (its keys still work); the server keeps running with whatever was loaded.
    logger.error({ err: error }, 'loading demo data failed');
    return {
      status: 'failed',
      project,
      secretKey,
      readKey,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
