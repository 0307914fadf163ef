// Reads and writes of the sync settings. Every call takes the project id first.
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { calendarDayText } from '../../database/calendar-day-sql';
import type { SalesforceAuthFlow } from './salesforce-client';
import type { CalendarDay } from './pickup-dates';

export interface FieldMapping {
  /** Salesforce field API name, or a relationship path such as Owner.Name. */
  field: string;
  /** Group property it is written to. */
  property: string;
}

export interface SalesforceSyncRecord {
  projectId: number;
  enabled: boolean;
  instanceUrl: string;
  loginUrl: string | null;
  apiVersion: string;
  authFlow: SalesforceAuthFlow;
  clientId: string | null;
  encryptedCredentials: string | null;
  storedCredentials: string[];
  groupTypeId: number;
  objectName: string;
  matchField: string;
  nameField: string | null;
  fieldMappings: FieldMapping[];
  intervalDays: number;
  hourly: boolean;
  activatedOn: CalendarDay | null;
  updatedAt: Date;
}

export type SalesforceSyncWrite = Omit<SalesforceSyncRecord, 'projectId' | 'updatedAt'>;

export interface GroupTypeReference {
  id: number;
  name: string;
  nameProperty: string;
}

const syncColumnsSql = sql`
  project_id AS "projectId", enabled, instance_url AS "instanceUrl", login_url AS "loginUrl", api_version AS "apiVersion",
  auth_flow AS "authFlow", client_id AS "clientId", encrypted_credentials AS "encryptedCredentials",
  stored_credentials AS "storedCredentials", group_type_id AS "groupTypeId", object_name AS "objectName",
  match_field AS "matchField", name_field AS "nameField", field_mappings AS "fieldMappings", interval_days AS "intervalDays",
  hourly, ${calendarDayText(sql`activated_on`)} AS "activatedOn", updated_at AS "updatedAt"`;

type StoredRow = Omit<SalesforceSyncRecord, 'fieldMappings'> & { fieldMappings: unknown };

function toRecord(row: StoredRow): SalesforceSyncRecord {
  return { ...row, fieldMappings: (row.fieldMappings ?? []) as FieldMapping[] };
}

/** Every method runs on the executor it is given: the pool's, or the caller's transaction. */
export class SalesforceSyncRepository {
  constructor(private readonly database: SqlExecutor) {}

  async find(projectId: number, client: SqlExecutor = this.database): Promise<SalesforceSyncRecord | null> {
    const rows = await client.query<StoredRow>(
      sql`SELECT ${syncColumnsSql} FROM salesforce_sync WHERE project_id = ${projectId}`,
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async save(
    projectId: number,
    data: SalesforceSyncWrite,
    client: SqlExecutor = this.database,
  ): Promise<SalesforceSyncRecord> {
    const rows = await client.query<StoredRow>(sql`
      INSERT INTO salesforce_sync (project_id, enabled, instance_url, login_url, api_version, auth_flow, client_id,
        encrypted_credentials, stored_credentials, group_type_id, object_name, match_field, name_field, field_mappings,
        interval_days, hourly, activated_on, updated_at)
      VALUES (${projectId}, ${data.enabled}, ${data.instanceUrl}, ${data.loginUrl}, ${data.apiVersion},
        ${data.authFlow}::salesforce_auth_flow, ${data.clientId}, ${data.encryptedCredentials}, ${data.storedCredentials}::text[],
        ${data.groupTypeId}, ${data.objectName}, ${data.matchField}, ${data.nameField}, ${JSON.stringify(data.fieldMappings)}::jsonb,
        ${data.intervalDays}, ${data.hourly}, ${data.activatedOn}::date, clock_timestamp())
      ON CONFLICT (project_id) DO UPDATE SET
        enabled = excluded.enabled, instance_url = excluded.instance_url, login_url = excluded.login_url,
        api_version = excluded.api_version, auth_flow = excluded.auth_flow, client_id = excluded.client_id,
        encrypted_credentials = excluded.encrypted_credentials, stored_credentials = excluded.stored_credentials,
        group_type_id = excluded.group_type_id, object_name = excluded.object_name, match_field = excluded.match_field,
        name_field = excluded.name_field, field_mappings = excluded.field_mappings, interval_days = excluded.interval_days,
        hourly = excluded.hourly, activated_on = excluded.activated_on, updated_at = excluded.updated_at
      RETURNING ${syncColumnsSql}`);
    return toRecord(rows[0]!);
  }

  async delete(projectId: number, executor: SqlExecutor = this.database): Promise<boolean> {
    return (await executor.execute(sql`DELETE FROM salesforce_sync WHERE project_id = ${projectId}`)) > 0;
  }

  /** Projects whose sync is switched on, for the daily job; only the hourly ones for the hourly job. */
  async listEnabledProjectIds(options: { hourlyOnly?: boolean } = {}): Promise<number[]> {
    const hourlyOnly = options.hourlyOnly ?? false;
    const rows = await this.database.query<{ projectId: number }>(sql`
      SELECT project_id AS "projectId" FROM salesforce_sync WHERE enabled AND (hourly OR NOT ${hourlyOnly})
      ORDER BY project_id`);
    return rows.map((row) => row.projectId);
  }

  async findGroupTypeByName(
    projectId: number,
    name: string,
    client: SqlExecutor = this.database,
  ): Promise<GroupTypeReference | null> {
    const rows = await client.query<GroupTypeReference>(sql`
      SELECT id, name, name_property AS "nameProperty" FROM group_type WHERE project_id = ${projectId} AND name = ${name}`);
    return rows[0] ?? null;
  }

  async findGroupTypeById(
    projectId: number,
    id: number,
    client: SqlExecutor = this.database,
  ): Promise<GroupTypeReference | null> {
    const rows = await client.query<GroupTypeReference>(sql`
      SELECT id, name, name_property AS "nameProperty" FROM group_type WHERE project_id = ${projectId} AND id = ${id}`);
    return rows[0] ?? null;
  }
}
