import { loadConfig } from './config/config';
import { createLogger } from './lib/logger';
import { announceWebApp, registerWebRoutes } from './http/web-routes';
import { loadDemoDataAndPrintBanner } from './modules/demo/startup-banner';
import type { ProjectRecord } from './modules/projects/project.repository';
import { startServer } from './server';

const config = loadConfig();
const logger = createLogger(config.logLevel, config.logFormat);
const server = await startServer(config, { logger, registerExtraRoutes: registerWebRoutes });
logger.info({ url: server.url, database: server.database.connection.description }, 'leadmaps is running');

// Registered before the demo load so Ctrl-C during it still closes the database cleanly.
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await server.close().catch((error) => logger.error({ err: error }, 'error while shutting down'));
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

/**
 * Reads what the first requests after a restart would otherwise wait for, per project, in the
 * background: a failed preload costs those requests their time, nothing else.
 */
function preloadEachProject(what: string, preload: (project: ProjectRecord) => Promise<void>) {
  void (async () => {
    for (const project of await server.services.projects.listProjects()) {
      const started = Date.now();
      await preload(project);
      logger.info({ projectId: project.id, milliseconds: Date.now() - started }, `loaded ${what}`);
    }
  })().catch((error) => {
    if (!stopping) logger.warn({ err: error }, `could not preload ${what}`);
  });
}

// Side by side: a funnel asked meanwhile waits for the event times' read under way.
preloadEachProject('the Groups list history', (project) => server.services.groupAnalytics.preloadHistories(project));
preloadEachProject("the funnels' event times of the key actions", (project) =>
  server.services.funnels.preloadEventTimes(project),
);

try {
  // After listen, so health checks answer while the demo data loads.
  const demo = await loadDemoDataAndPrintBanner(server.services, server.url);
  await announceWebApp(server.services, server.url, demo.project?.id);
} catch (error) {
  if (!stopping) throw error;
}
