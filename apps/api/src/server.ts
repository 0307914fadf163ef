// Starts leadmaps in one process: database (migrated), API, ingest endpoints and, when built, the
// web app. Used by main.ts and by the integration tests, which start it on an ephemeral port.
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from './config/config';
import { openDatabase, type OpenDatabase } from './database/database';
import { serverSettingWarnings } from './database/server-settings';
import { buildApp, type AppOptions } from './http/app';
import { createLogger, type Logger } from './lib/logger';
import { createServices, type Services } from './services';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  database: OpenDatabase;
  url: string;
  close(): Promise<void>;
}

/** host:port of a database URL, without credentials, for log lines. */
function serverAddressOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}`;
}

export async function startServer(
  config: AppConfig,
  options: AppOptions & { logger?: Logger } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel, config.logFormat);
  const database = await openDatabase(config.database, {
    migrate: true,
    onMigrated: (applied) => applied.length && logger.info({ applied }, 'applied database migrations'),
    waitUntilReachable: {
      maximumMilliseconds: config.databaseStartWaitMilliseconds,
      onWaiting: ({ reason, retryInMilliseconds }) =>
        logger.warn(
          { reason, retryInMilliseconds },
          `waiting for the database at ${config.database.kind === 'server' ? serverAddressOf(config.database.url) : 'PGlite'} (${reason}), retrying in ${(retryInMilliseconds / 1000).toFixed(1)} s`,
        ),
    },
  });
  if (config.database.kind === 'server')
    for (const warning of await serverSettingWarnings(database.sql)) logger.warn(warning);
  const services = createServices(config, database.sql, logger);
  services.metrics.watchPool(() => database.connection.poolUsage());
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp(services, options);
    const address = await app.listen({ host: config.host, port: config.port });
    const url = address.replace('[::1]', 'localhost');
    return {
      app,
      services,
      database,
      url,
      close: async () => {
        await services.shutdown();
        await app!.close();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close();
    await database.close();
    throw error;
  }
}
