// One group by its type and value, with its current properties.
import { Prisma } from '../../../generated/prisma/client';
import { asSqlExecutor, type AnalyticsClient } from './analytics-client';

export interface GroupRecordRow {
  id: bigint;
  groupTypeId: number;
  value: string;
  properties: Record<string, unknown>;
  firstSeen: Date;
  lastSeen: Date;
}

export async function findGroup(client: AnalyticsClient, projectId: number, groupTypeId: number, value: string): Promise<GroupRecordRow | null> {
  const rows = await asSqlExecutor(client).query<GroupRecordRow>(Prisma.sql`
    SELECT id, group_type_id AS "groupTypeId", value, properties, first_seen AS "firstSeen", last_seen AS "lastSeen"
    FROM "group"
    WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND value = ${value}`);
  return rows[0] ?? null;
}
