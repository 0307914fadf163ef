// The composition root: one instance of each repository and service, wired once per process.
import type { AppConfig } from './config/config';
import type { Database } from './database/database';
import type { Logger } from './lib/logger';
import { AnalyticsSettingsService } from './modules/analytics/analytics-settings.service';
import { GroupAnalyticsService } from './modules/analytics/group-analytics.service';
import { GroupDetailService } from './modules/analytics/group-detail.service';
import { GroupPropertyService } from './modules/groups/group-property.service';
import { startDedupPruner } from './modules/ingest/dedup-pruner';
import { IngestService } from './modules/ingest/ingest.service';
import { ProjectRepository } from './modules/projects/project.repository';
import { ProjectService } from './modules/projects/project.service';
import { WebSessionRepository } from './modules/web-session/web-session.repository';
import { WebSessionService } from './modules/web-session/web-session.service';

export interface Services {
  config: AppConfig;
  database: Database;
  logger: Logger;
  projects: ProjectService;
  webSessions: WebSessionService;
  groupProperties: GroupPropertyService;
  ingest: IngestService;
  groupAnalytics: GroupAnalyticsService;
  groupDetails: GroupDetailService;
  analyticsSettings: AnalyticsSettingsService;
  /** Stops background work (schedules, queues) before the database closes. */
  shutdown(): Promise<void>;
}

export function createServices(config: AppConfig, database: Database, logger: Logger): Services {
  const projects = new ProjectService(new ProjectRepository(database));
  const groupProperties = new GroupPropertyService(database);
  const webSessions = new WebSessionService(new WebSessionRepository(database), projects, config.sessionSecret);
  const ingest = new IngestService(database, groupProperties, logger.child({ component: 'ingest' }));
  const ingestSchedules = config.schedulerEnabled ? [startDedupPruner(database, logger.child({ component: 'ingest' }))] : [];
  const groupAnalytics = new GroupAnalyticsService(database);
  const groupDetails = new GroupDetailService(database, groupAnalytics);
  const analyticsSettings = new AnalyticsSettingsService(database, projects, groupAnalytics);
  return { config, database, logger, projects, groupProperties, webSessions, ingest, groupAnalytics, groupDetails, analyticsSettings, shutdown: async () => {
    for (const task of ingestSchedules) await task.stop();
  } };
}
