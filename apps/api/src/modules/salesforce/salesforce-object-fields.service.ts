// The fields of the synced Salesforce object, asked of Salesforce itself (its describe call) with
// the stored connection, so the settings page can check match, name and mapped fields before a
// run finds a typo.
import { DomainError } from '../../lib/domain-error';
import type { Logger } from '../../lib/logger';
import { type SalesforceObjectDescription, SalesforceConfigurationError } from './salesforce-client';
import type { SalesforceSyncSettingsService } from './salesforce-sync-settings.service';
import type { SalesforceSyncTuning } from './salesforce-sync-tuning';
import { isValidObjectName } from './soql';

export class SalesforceObjectFieldsService {
  constructor(
    private readonly settings: SalesforceSyncSettingsService,
    private readonly logger: Logger,
    private readonly tuning: SalesforceSyncTuning,
  ) {}

  /** Describes `objectName`, or the configured object when omitted. */
  async describe(projectId: number, objectName?: string | null): Promise<SalesforceObjectDescription> {
    const { view, connection } = await this.settings.loadForRun(projectId);
    const name = objectName?.trim() || view.objectName;
    if (!isValidObjectName(name))
      throw new DomainError('INVALID_INPUT', `"${name}" is no Salesforce object API name (such as Account).`);
    const client = this.tuning.clientFactory(connection, {
      retryPolicy: this.tuning.retryPolicy,
      sleep: this.tuning.sleep,
      requestTimeoutMilliseconds: this.tuning.requestTimeoutMilliseconds,
      maximumTokenRefreshes: this.tuning.maximumTokenRefreshes,
    });
    try {
      return await client.describe(name);
    } catch (error) {
      if (error instanceof SalesforceConfigurationError) throw new DomainError('INVALID_INPUT', error.message);
      // jsforce names Salesforce's errors after their errorCode (INVALID_TYPE for an unknown object).
      const message =
        error instanceof Error
          ? error.name && error.name !== 'Error'
            ? `${error.name}: ${error.message}`
            : error.message
          : String(error);
      this.logger.warn({ projectId, objectName: name, error: message }, 'Salesforce describe failed');
      throw new DomainError('EXTERNAL_SERVICE', `Salesforce could not describe ${name}: ${message}`);
    }
  }
}
