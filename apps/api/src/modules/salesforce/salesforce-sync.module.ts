// Wires the Salesforce sync's repositories and services; services.ts calls this once.
import type { Database } from '../../database/database';
import type { Logger } from '../../lib/logger';
import { SalesforceObjectFieldsService } from './salesforce-object-fields.service';
import { SalesforceSyncRunRepository } from './salesforce-sync-run.repository';
import { SalesforceSyncRunService, type GroupPropertyWriter } from './salesforce-sync-run.service';
import { SalesforceSyncSettingsService } from './salesforce-sync-settings.service';
import { defaultTuning, type SalesforceSyncTuning } from './salesforce-sync-tuning';
import { SalesforceSyncRepository } from './salesforce-sync.repository';

export class SalesforceSyncModule {
  constructor(
    readonly settings: SalesforceSyncSettingsService,
    readonly runs: SalesforceSyncRunService,
    readonly objectFields: SalesforceObjectFieldsService,
    /** Shared by both services and read at use time, so `tune` takes effect at once. */
    private readonly tuning: SalesforceSyncTuning,
    readonly syncHourUtc: number,
  ) {}

  /** Replaces the clock, retry policy, timeouts or chunk limits (tests inject a clock this way). */
  tune(changes: Partial<SalesforceSyncTuning>): void {
    Object.assign(this.tuning, changes);
  }

  now(): Date {
    return this.tuning.clock();
  }
}

export function createSalesforceSyncModule(options: {
  database: Database;
  logger: Logger;
  groupProperties: GroupPropertyWriter;
  encryptionKey: string | undefined;
  syncHourUtc: number;
}): SalesforceSyncModule {
  const tuning = defaultTuning();
  const syncs = new SalesforceSyncRepository(options.database);
  const settings = new SalesforceSyncSettingsService(options.database, syncs, {
    encryptionKey: options.encryptionKey,
    clock: () => tuning.clock(),
  });
  const logger = options.logger.child({ component: 'salesforce-sync' });
  const runs = new SalesforceSyncRunService(
    options.database,
    settings,
    syncs,
    new SalesforceSyncRunRepository(options.database),
    options.groupProperties,
    logger,
    tuning,
  );
  const objectFields = new SalesforceObjectFieldsService(settings, logger, tuning);
  return new SalesforceSyncModule(settings, runs, objectFields, tuning, options.syncHourUtc);
}
