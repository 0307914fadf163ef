// What a group's properties used to be: newest change first, optionally for one key.
import { Prisma } from '../../../generated/prisma/client';
import { asSqlExecutor, type AnalyticsClient } from './analytics-client';

export interface PropertyChangeRow {
  key: string;
  value: unknown;
  operation: string;
  source: string;
  changedAt: Date;
}

export function buildPropertyHistorySql(projectId: number, groupId: bigint, key: string | null, limit: number): Prisma.Sql {
  const keyFilter = key === null ? Prisma.empty : Prisma.sql`AND key = ${key}`;
  return Prisma.sql`
    SELECT key, value, operation, source::text AS source, changed_at AS "changedAt"
    FROM group_property_change
    WHERE project_id = ${projectId} AND group_id = ${groupId} ${keyFilter}
    ORDER BY changed_at DESC, id DESC
    LIMIT ${limit}`;
}

export function readPropertyHistory(client: AnalyticsClient, projectId: number, groupId: bigint, key: string | null, limit: number): Promise<PropertyChangeRow[]> {
  return asSqlExecutor(client).query<PropertyChangeRow>(buildPropertyHistorySql(projectId, groupId, key, limit));
}
