// Opens the database and the services without the HTTP server, for command-line tools and
// benchmarks that write generated data in-process through the ingest service.
import { type AppConfig, type DatabaseConfig, loadConfig } from '../config/config';
import { withLongStatementTimeout } from '../database/adapter';
import { openDatabase, type OpenDatabase } from '../database/database';
import { serverSettingWarnings } from '../database/server-settings';
import { createLogger } from '../lib/logger';
import type { ProjectRecord } from '../modules/projects/project.repository';
import { createServices, type Services } from '../services';
import { defaultKeyActions } from '../modules/demo/generator/catalog';
import type { GeneratorOptions } from '../modules/demo/generator/generate-events';
import { loadGeneratedEvents, type LoadProgress, type LoadSummary } from '../modules/demo/load-generated-events';

export interface DataEnvironment {
  services: Services;
  database: OpenDatabase;
  close(): Promise<void>;
}

/** `database` defaults to the configured one (DATABASE_URL or the embedded data folder). */
export async function openDataEnvironment(
  options: { database?: DatabaseConfig; config?: AppConfig; logLevel?: string } = {},
): Promise<DataEnvironment> {
  const config = { ...(options.config ?? loadConfig()), schedulerEnabled: false };
  if (options.database) config.database = options.database;
  const logger = createLogger(options.logLevel ?? 'warn');
  const database = await openDatabase(withLongStatementTimeout(config.database), { migrate: true });
  if (config.database.kind === 'server')
    for (const warning of await serverSettingWarnings(database.sql)) logger.warn(warning);
  const services = createServices(config, database.sql, logger);
  return {
    services,
    database,
    close: async () => {
      await services.shutdown();
      await database.close();
    },
  };
}

export interface ProjectWithData {
  project: ProjectRecord;
  secretKey: string;
  readKey: string;
  summary: LoadSummary;
}

/** Creates a project whose key actions match the generator's, then loads generated data into it. */
export async function createProjectWithGeneratedData(
  services: Pick<Services, 'projects' | 'ingest'>,
  input: {
    name: string;
    timeZone?: string;
    generator: Omit<GeneratorOptions, 'onProgress'>;
    onProgress?: (progress: LoadProgress) => void;
  },
): Promise<ProjectWithData> {
  const keyActions = [...(input.generator.keyActions ?? defaultKeyActions)];
  const created = await services.projects.createProject({
    name: input.name,
    timeZone: input.timeZone ?? 'UTC',
    keyActions,
  });
  const summary = await loadGeneratedEvents(
    services.ingest,
    created.project,
    { ...input.generator, keyActions },
    input.onProgress,
  );
  return { ...created, summary };
}
