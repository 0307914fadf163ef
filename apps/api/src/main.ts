import { loadConfig } from './config/config';
import { createLogger } from './lib/logger';
import { startServer } from './server';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const server = await startServer(config, { logger });
logger.info({ url: server.url, database: server.database.connection.description }, 'leadmaps is running');

const shutdown = async (signal: string) => {
  logger.info({ signal }, 'shutting down');
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
