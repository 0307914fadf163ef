// Reads and writes of the sync settings. Every call takes the project id first.
import type { Database } from '../../database/database';
import type { SqlClient } from '../../database/json-rows';
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
  activatedOn: CalendarDay | null;
  updatedAt: Date;
}

export type SalesforceSyncWrite = Omit<SalesforceSyncRecord, 'projectId' | 'updatedAt'>;

export interface GroupTypeReference {
  id: number;
  name: string;
  nameProperty: string;
}

const dateFromDay = (day: CalendarDay | null) => (day === null ? null : new Date(`${day}T00:00:00.000Z`));
const dayFromDate = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));

type StoredRow = Omit<SalesforceSyncRecord, 'fieldMappings' | 'activatedOn'> & { fieldMappings: unknown; activatedOn: Date | null };

function toRecord(row: StoredRow): SalesforceSyncRecord {
  return { ...row, fieldMappings: (row.fieldMappings ?? []) as FieldMapping[], activatedOn: dayFromDate(row.activatedOn) };
}

export class SalesforceSyncRepository {
  constructor(private readonly database: Database) {}

  async find(projectId: number, client: SqlClient = this.database): Promise<SalesforceSyncRecord | null> {
    const row = await client.salesforceSync.findUnique({ where: { projectId } });
    return row ? toRecord(row) : null;
  }

  async save(projectId: number, data: SalesforceSyncWrite, client: SqlClient = this.database): Promise<SalesforceSyncRecord> {
    const values = { ...data, fieldMappings: data.fieldMappings as unknown as object[], activatedOn: dateFromDay(data.activatedOn), updatedAt: new Date() };
    const row = await client.salesforceSync.upsert({ where: { projectId }, create: { projectId, ...values }, update: values });
    return toRecord(row);
  }

  async delete(projectId: number): Promise<boolean> {
    const { count } = await this.database.salesforceSync.deleteMany({ where: { projectId } });
    return count > 0;
  }

  /** Projects whose sync is switched on, for the daily job. */
  async listEnabledProjectIds(): Promise<number[]> {
    const rows = await this.database.salesforceSync.findMany({ where: { enabled: true }, select: { projectId: true }, orderBy: { projectId: 'asc' } });
    return rows.map((row) => row.projectId);
  }

  findGroupTypeByName(projectId: number, name: string, client: SqlClient = this.database): Promise<GroupTypeReference | null> {
    return client.groupType.findUnique({ where: { projectId_name: { projectId, name } }, select: { id: true, name: true, nameProperty: true } });
  }

  findGroupTypeById(projectId: number, id: number, client: SqlClient = this.database): Promise<GroupTypeReference | null> {
    return client.groupType.findUnique({ where: { projectId_id: { projectId, id } }, select: { id: true, name: true, nameProperty: true } });
  }
}
