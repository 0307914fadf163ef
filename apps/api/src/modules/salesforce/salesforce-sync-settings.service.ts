// The sync configuration: validation, write-only encrypted credentials, activation and interval
// changes (which move pickup dates), and JSON export/import.
import type { Database } from '../../database/database';
import { DomainError } from '../../lib/domain-error';
import { recordSettingsChange, type AuditActor } from '../audit/audit-log.repository';
import { decryptSecret, encryptSecret, EncryptionError } from '../../lib/encryption';
import { effectiveIntervalDays, firstPickupDate, utcDay, type CalendarDay } from './pickup-dates';
import type { SalesforceConnectionSettings, SalesforceCredentials } from './salesforce-client';
import { clearPickupDates, findGroupByValue, shiftPickupDates } from '../groups/group-sync-pickup.repository';
import {
  credentialsSchema,
  describeIssues,
  exportFileSchema,
  exportFormat,
  exportVersion,
  requiredCredentials,
  syncSettingsSchema,
  type CredentialName,
  type SyncSettings,
} from './salesforce-sync-settings';
import type { GroupTypeReference, SalesforceSyncRecord, SalesforceSyncRepository } from './salesforce-sync.repository';

/** The configuration as the API shows it: never the credentials, only which ones are stored. */
export interface SalesforceSyncView extends Omit<SalesforceSyncRecord, 'encryptedCredentials'> {
  groupType: GroupTypeReference;
}

export interface SalesforceSyncSettingsOptions {
  encryptionKey: string | undefined;
  clock: () => Date;
}

const credentialContext = (projectId: number) => `salesforce:project:${projectId}`;

export const encryptionKeyMissingMessage =
  'Salesforce credentials are stored encrypted and this server has no encryption key. Set LEADMAPS_ENCRYPTION_KEY ' +
  '(for example the output of `openssl rand -base64 32`) in the server environment, restart it, and save the credentials again.';

export class SalesforceSyncSettingsService {
  constructor(
    private readonly database: Database,
    private readonly repository: SalesforceSyncRepository,
    private readonly options: SalesforceSyncSettingsOptions,
  ) {}

  async get(projectId: number): Promise<SalesforceSyncView | null> {
    const record = await this.repository.find(projectId);
    return record ? this.toView(record) : null;
  }

  /**
   * Creates or replaces the configuration. `credentials`, when given, replace the stored
   * secrets as a whole; when omitted the stored ones are kept.
   */
  async save(
    projectId: number,
    input: unknown,
    credentials?: unknown,
    actor: AuditActor = 'secret_key',
  ): Promise<SalesforceSyncView> {
    const parsed = syncSettingsSchema.safeParse(input);
    if (!parsed.success)
      throw new DomainError('INVALID_INPUT', `Invalid Salesforce sync settings: ${describeIssues(parsed.error)}`);
    const newCredentials =
      credentials === undefined || credentials === null ? undefined : this.parseCredentials(credentials);
    const settings = parsed.data;
    const today = utcDay(this.options.clock());

    const saved = await this.database.transaction(async (transaction) => {
      const groupType = await this.repository.findGroupTypeByName(projectId, settings.groupType, transaction);
      if (!groupType) {
        throw new DomainError(
          'INVALID_INPUT',
          `The project has no group type "${settings.groupType}". Group types appear when events or identify calls carry them.`,
        );
      }
      if (settings.nameField && settings.fieldMappings.some((mapping) => mapping.property === groupType.nameProperty)) {
        throw new DomainError(
          'INVALID_INPUT',
          `"${groupType.nameProperty}" is the group name property, which the name field already writes: map the field to another property or drop the name field.`,
        );
      }
      const existing = await this.repository.find(projectId, transaction);
      const encrypted = newCredentials
        ? this.encrypt(projectId, newCredentials)
        : { ciphertext: existing?.encryptedCredentials ?? null, names: existing?.storedCredentials ?? [] };
      if (settings.enabled) this.assertCredentialsComplete(settings, encrypted.names);

      // A new target (or switching the sync on) starts afresh: every group is first due the next day.
      const activation =
        settings.enabled &&
        (!existing?.enabled ||
          existing.groupTypeId !== groupType.id ||
          existing.objectName !== settings.objectName ||
          existing.matchField !== settings.matchField);
      if (activation) await clearPickupDates(transaction, projectId);
      else if (existing && effectiveIntervalDays(existing) !== effectiveIntervalDays(settings)) {
        // Hourly counts as 0 days: switching weekly → hourly makes every group due at the next hour.
        await shiftPickupDates(
          transaction,
          projectId,
          groupType.id,
          effectiveIntervalDays(settings) - effectiveIntervalDays(existing),
        );
      }
      const written = await this.repository.save(
        projectId,
        {
          enabled: settings.enabled,
          instanceUrl: settings.instanceUrl,
          loginUrl: settings.loginUrl,
          apiVersion: settings.apiVersion,
          authFlow: settings.authFlow,
          clientId: settings.clientId,
          encryptedCredentials: encrypted.ciphertext,
          storedCredentials: encrypted.names,
          groupTypeId: groupType.id,
          objectName: settings.objectName,
          matchField: settings.matchField,
          nameField: settings.nameField,
          fieldMappings: settings.fieldMappings,
          intervalDays: settings.intervalDays,
          hourly: settings.hourly,
          activatedOn: activation ? today : (existing?.activatedOn ?? null),
        },
        transaction,
      );
      await recordSettingsChange(transaction, projectId, {
        actor,
        action: 'salesforce_sync.settings',
        before: existing ? auditedSettings(existing, groupType.name) : null,
        after: auditedSettings(written, groupType.name),
      });
      return written;
    });
    return this.toView(saved);
  }

  async delete(projectId: number, actor: AuditActor = 'secret_key'): Promise<boolean> {
    return this.database.transaction(async (transaction) => {
      const existing = await this.repository.find(projectId, transaction);
      if (!existing || !(await this.repository.delete(projectId, transaction))) return false;
      await recordSettingsChange(transaction, projectId, {
        actor,
        action: 'salesforce_sync.delete',
        before: auditedSettings(existing, null),
        after: null,
      });
      return true;
    });
  }

  /** JSON that recreates the configuration in another project or installation, without credentials. */
  async exportJson(projectId: number): Promise<string> {
    const view = await this.get(projectId);
    if (!view) throw new DomainError('NOT_FOUND', 'This project has no Salesforce sync to export.');
    const settings: SyncSettings = {
      enabled: view.enabled,
      instanceUrl: view.instanceUrl,
      loginUrl: view.loginUrl,
      apiVersion: view.apiVersion,
      authFlow: view.authFlow,
      clientId: view.clientId,
      groupType: view.groupType.name,
      objectName: view.objectName,
      matchField: view.matchField,
      nameField: view.nameField,
      fieldMappings: view.fieldMappings,
      intervalDays: view.intervalDays,
      hourly: view.hourly,
    };
    return JSON.stringify({ format: exportFormat, version: exportVersion, settings }, null, 2);
  }

  /** Applies an export; credentials stay as stored (exports never carry them). */
  async importJson(projectId: number, json: string, actor: AuditActor = 'secret_key'): Promise<SalesforceSyncView> {
    let document: unknown;
    try {
      document = JSON.parse(json);
    } catch {
      throw new DomainError('INVALID_INPUT', 'The import is not valid JSON.');
    }
    const file = exportFileSchema.safeParse(document);
    if (!file.success)
      throw new DomainError('INVALID_INPUT', `Invalid Salesforce sync export: ${describeIssues(file.error)}`);
    return this.save(projectId, file.data.settings, undefined, actor);
  }

  /** Everything a run needs to connect, secrets decrypted. Throws a DomainError a user can act on. */
  async loadForRun(projectId: number): Promise<{ view: SalesforceSyncView; connection: SalesforceConnectionSettings }> {
    const record = await this.repository.find(projectId);
    if (!record) throw new DomainError('NOT_FOUND', 'This project has no Salesforce sync. Configure one first.');
    const view = await this.toView(record);
    return {
      view,
      connection: {
        instanceUrl: record.instanceUrl,
        loginUrl: record.loginUrl,
        apiVersion: record.apiVersion,
        authFlow: record.authFlow,
        clientId: record.clientId,
        credentials: this.decrypt(projectId, record.encryptedCredentials),
      },
    };
  }

  async pickupDateOf(projectId: number, groupValue: string): Promise<CalendarDay | null> {
    const record = await this.repository.find(projectId);
    if (!record) throw new DomainError('NOT_FOUND', 'This project has no Salesforce sync.');
    const group = await findGroupByValue(this.database, projectId, record.groupTypeId, groupValue);
    if (!group) throw new DomainError('NOT_FOUND', `No group "${groupValue}" of the synced group type.`);
    if (group.pickup) return group.pickup;
    return record.activatedOn ? firstPickupDate(record.activatedOn, record.hourly) : null;
  }

  private parseCredentials(input: unknown): SalesforceCredentials {
    const parsed = credentialsSchema.safeParse(input);
    if (!parsed.success)
      throw new DomainError('INVALID_INPUT', `Invalid Salesforce credentials: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }

  private encrypt(
    projectId: number,
    credentials: SalesforceCredentials,
  ): { ciphertext: string | null; names: CredentialName[] } {
    const names = (Object.keys(credentials) as CredentialName[]).filter((name) => credentials[name]).sort();
    if (!names.length) return { ciphertext: null, names };
    if (!this.options.encryptionKey)
      throw new DomainError('INVALID_INPUT', encryptionKeyMissingMessage, { reason: 'ENCRYPTION_KEY_MISSING' });
    return {
      ciphertext: encryptSecret(JSON.stringify(credentials), this.options.encryptionKey, credentialContext(projectId)),
      names,
    };
  }

  private decrypt(projectId: number, ciphertext: string | null): SalesforceCredentials {
    if (!ciphertext) return {};
    if (!this.options.encryptionKey)
      throw new DomainError('INVALID_INPUT', encryptionKeyMissingMessage, { reason: 'ENCRYPTION_KEY_MISSING' });
    try {
      return JSON.parse(
        decryptSecret(ciphertext, this.options.encryptionKey, credentialContext(projectId)),
      ) as SalesforceCredentials;
    } catch (error) {
      if (error instanceof EncryptionError) {
        throw new DomainError('INVALID_INPUT', `${error.message} Enter the Salesforce credentials again.`, {
          reason: 'CREDENTIALS_UNREADABLE',
        });
      }
      throw error;
    }
  }

  private assertCredentialsComplete(settings: SyncSettings, stored: string[]): void {
    const need = requiredCredentials[settings.authFlow];
    const missing = [
      ...(need.clientId && !settings.clientId ? ['clientId'] : []),
      ...need.secrets.filter((name) => !stored.includes(name)),
    ];
    if (missing.length) {
      throw new DomainError(
        'INVALID_INPUT',
        `The ${settings.authFlow.replace('_', '-')} flow needs ${missing.join(' and ')} before the sync can be enabled (or save it with enabled: false).`,
      );
    }
  }

  private async toView(record: SalesforceSyncRecord): Promise<SalesforceSyncView> {
    const { encryptedCredentials: _secret, ...visible } = record;
    const groupType = (await this.repository.findGroupTypeById(record.projectId, record.groupTypeId)) ?? {
      id: record.groupTypeId,
      name: '',
      nameProperty: 'name',
    };
    return { ...visible, groupType };
  }
}

/** What the audit log keeps of the settings: everything but the secrets (only which are stored). */
function auditedSettings(record: SalesforceSyncRecord, groupType: string | null) {
  const { encryptedCredentials: _secret, projectId: _project, updatedAt: _updated, ...settings } = record;
  return groupType === null ? settings : { ...settings, groupType };
}
