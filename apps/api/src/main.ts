import { loadConfig } from './config/config';
import { createLogger } from './lib/logger';
import { announceWebApp, registerWebRoutes } from './http/web-routes';
import { loadDemoDataAndPrintBanner } from './modules/demo/startup-banner';
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

// The Groups list's rollup history, read now rather than by the first request after a restart.
void (async () => {
  for (const project of await server.services.projects.listProjects()) {
    const started = Date.now();
    await server.services.groupAnalytics.preloadHistories(project);
    logger.info({ projectId: project.id, milliseconds: Date.now() - started }, 'loaded the Groups list history');
  }
})().catch((error) => {
  // Requests load it themselves: a failed preload costs the first request its time, nothing else.
  if (!stopping) logger.warn({ err: error }, 'could not preload the Groups list history');
});

try {
  // After listen, so health checks answer while the demo data loads.
  const demo = await loadDemoDataAndPrintBanner(server.services, server.url);
  await announceWebApp(server.services, server.url, demo.project?.id);
} catch (error) {
  if (!stopping) throw error;
}
