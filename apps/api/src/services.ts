// The composition root: one instance of each repository and service, wired once per process.
import type { AppConfig } from './config/config';
import type { Database } from './database/database';
import type { Logger } from './lib/logger';
import { createDynamicPropertiesJob } from './jobs/dynamic-properties.job';
import { createSalesforceHourlySyncJob, createSalesforceSyncJob } from './jobs/salesforce-sync.job';
import { JobScheduler } from './jobs/scheduler';
import { AnalysisService } from './modules/analysis/analysis.service';
import { FunnelService } from './modules/analysis/funnel.service';
import { RetentionService } from './modules/analysis/retention.service';
import { SavedChartRepository } from './modules/analysis/saved-chart.repository';
import { SavedChartService } from './modules/analysis/saved-chart.service';
import { CohortService } from './modules/cohorts/cohort.service';
import { createCohortRecomputeJob } from './jobs/cohort-recompute.job';
import { AnalyticsSettingsService } from './modules/analytics/analytics-settings.service';
import { GroupAnalyticsService } from './modules/analytics/group-analytics.service';
import { GroupDetailService } from './modules/analytics/group-detail.service';
import { DynamicPropertyRepository } from './modules/dynamic-properties/dynamic-property.repository';
import { DynamicPropertyService } from './modules/dynamic-properties/dynamic-property.service';
import { StatementShape } from './database/citus';
import { GroupPropertyService } from './modules/groups/group-property.service';
import { startDedupPruner } from './modules/ingest/dedup-pruner';
import { IngestAdmission } from './modules/ingest/ingest-admission';
import { IngestService } from './modules/ingest/ingest.service';
import { RollupFolder } from './modules/rollups/rollup-folder';
import { readRollupQueueState } from './modules/rollups/fold.repository';
import { ServerMetrics } from './lib/metrics';
import { ProjectRepository } from './modules/projects/project.repository';
import { ProjectService } from './modules/projects/project.service';
import { createSalesforceSyncModule, type SalesforceSyncModule } from './modules/salesforce/salesforce-sync.module';
import { WebSessionRepository } from './modules/web-session/web-session.repository';
import { WebSessionService } from './modules/web-session/web-session.service';
import { ProjectSettingsService } from './modules/settings/project-settings.service';
import { TimeZoneChangeService } from './modules/settings/time-zone-change.service';
import { KeyManagementService } from './modules/settings/key-management.service';
import { AnalysisMemory } from './modules/analysis/analysis-memory';

export interface Services {
  config: AppConfig;
  /** This server's Prometheus metrics (GET /metrics). */
  metrics: ServerMetrics;
  database: Database;
  logger: Logger;
  projects: ProjectService;
  webSessions: WebSessionService;
  groupProperties: GroupPropertyService;
  ingest: IngestService;
  /** Resolves an ingest request's key to its project, within the rate limits. */
  ingestAdmission: IngestAdmission;
  /** Adds committed events to the rollups; analytics reads call `catchUp` first. */
  rollups: RollupFolder;
  groupAnalytics: GroupAnalyticsService;
  groupDetails: GroupDetailService;
  analyticsSettings: AnalyticsSettingsService;
  /** The project's name and Segment traits (the settings page). */
  projectSettings: ProjectSettingsService;
  /** Time-zone changes and the background rollup rebuild each runs. */
  timeZoneChanges: TimeZoneChangeService;
  /** Key rotation and new projects, audited. */
  keyManagement: KeyManagementService;
  /** Charts over the raw events (segmentation, composition, Microscope, saved charts). */
  analysis: AnalysisService;
  funnels: FunnelService;
  savedCharts: SavedChartService;
  /** Retention tables and their Microscope (same engine as analysis). */
  retention: RetentionService;
  /** Cohorts of groups: behavioural (recomputed on the schedule) and static. */
  cohorts: CohortService;
  salesforceSync: SalesforceSyncModule;
  /** Group properties computed from saved charts, kept current by the hourly job. */
  dynamicProperties: DynamicPropertyService;
  /** Cron jobs; started only when config.schedulerEnabled. */
  scheduler: JobScheduler;
  /** Stops background work (schedules, queues) before the database closes. */
  shutdown(): Promise<void>;
}

/** `database`: the façade every repository and query runs on (database/sql-database.ts). */
export function createServices(config: AppConfig, database: Database, logger: Logger): Services {
  const metrics = new ServerMetrics();
  const projects = new ProjectService(new ProjectRepository(database));
  const statementShape = new StatementShape();
  const groupProperties = new GroupPropertyService(statementShape);
  const webSessions = new WebSessionService(new WebSessionRepository(database), projects, config.sessionSecret);
  const rollups = new RollupFolder(database, logger.child({ component: 'rollups' }), {
    foldDelayMilliseconds: config.rollupFoldDelayMilliseconds,
    observer: metrics,
  });
  rollups.start();
  const ingestAdmission = new IngestAdmission(projects, config.ingestRateLimits);
  const ingest = new IngestService(
    database,
    groupProperties,
    rollups,
    statementShape,
    logger.child({ component: 'ingest' }),
    metrics,
  );
  const ingestSchedules = config.schedulerEnabled
    ? [startDedupPruner(database, logger.child({ component: 'ingest' }))]
    : [];
  const groupAnalytics = new GroupAnalyticsService(database);
  metrics.watchCaches(() => ({ ...projects.cacheLookups(), ...groupAnalytics.cacheLookups() }));
  metrics.watchRollupQueue(() => readRollupQueueState(database));
  const groupDetails = new GroupDetailService(database, groupAnalytics);
  const analyticsSettings = new AnalyticsSettingsService(database, projects, groupAnalytics);
  const timeZoneChanges = new TimeZoneChangeService(
    database,
    projects,
    groupAnalytics,
    logger.child({ component: 'time-zone-change' }),
  );
  const salesforceSync = createSalesforceSyncModule({
    database,
    logger,
    groupProperties,
    encryptionKey: config.encryptionKey,
    syncHourUtc: config.salesforceSyncHourUtc,
  });
  const savedCharts = new SavedChartService(new SavedChartRepository(database));
  const dynamicProperties = new DynamicPropertyService(
    database,
    new DynamicPropertyRepository(database),
    savedCharts,
    projects,
    groupProperties,
    logger.child({ component: 'dynamic-properties' }),
  );
  const cohorts = new CohortService(
    database,
    new ProjectRepository(database),
    logger.child({ component: 'cohorts' }),
    (projectId) => rollups.catchUp(projectId),
  );
  const scheduler = new JobScheduler(
    [
      createSalesforceSyncJob(salesforceSync.runs, config.salesforceSyncHourUtc),
      createSalesforceHourlySyncJob(salesforceSync.runs, config.salesforceSyncHourUtc),
      createDynamicPropertiesJob(dynamicProperties),
      createCohortRecomputeJob(cohorts),
    ],
    logger.child({ component: 'scheduler' }),
  );
  if (config.schedulerEnabled) scheduler.start();
  // Analyses' data kept in memory, shared by segmentation, funnels and retention.
  const analysisMemory = new AnalysisMemory();
  analysisMemory.startKeepingCurrent(database, (error) =>
    logger.warn({ err: error }, 'could not bring the analyses kept in memory up to date'),
  );
  return {
    config,
    metrics,
    database,
    logger,
    projects,
    groupProperties,
    webSessions,
    ingest,
    ingestAdmission,
    rollups,
    groupAnalytics,
    groupDetails,
    analyticsSettings,
    projectSettings: new ProjectSettingsService(database, projects),
    timeZoneChanges,
    keyManagement: new KeyManagementService(database, projects),
    analysis: new AnalysisService(database, analysisMemory),
    funnels: new FunnelService(database, analysisMemory),
    savedCharts,
    retention: new RetentionService(database, undefined, analysisMemory),
    cohorts,
    salesforceSync,
    dynamicProperties,
    scheduler,
    shutdown: async () => {
      for (const task of ingestSchedules) await task.stop();
      await scheduler.stop();
      await salesforceSync.runs.stop();
      await ingest.stop();
      await timeZoneChanges.stop();
      await rollups.stop();
      groupAnalytics.stop();
      analysisMemory.stop();
    },
  };
}
