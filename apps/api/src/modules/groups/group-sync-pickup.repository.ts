// The groups a sync run reads and the pickup dates it writes ("group"."sync_pickup_date"). Here
// with the other writers of "group"; modules/salesforce decides when a group is picked up.
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

/** "YYYY-MM-DD" (a UTC day: see modules/salesforce/pickup-dates.ts). */
type CalendarDay = string;

export interface SyncGroup {
  id: bigint;
  value: string;
  properties: Record<string, unknown>;
}

export type SyncGroupSelection =
  /** Pickup date up to `today`, or never synced and first due on or before `today`. */
  | { scope: 'due'; today: CalendarDay; firstDueOn: CalendarDay | null }
  | { scope: 'all' }
  | { scope: 'group'; groupId: bigint };

/** Groups of one type after `afterGroupId`, in id order, so a run can stop and resume anywhere. */
export async function findGroupsToSync(
  client: SqlExecutor,
  projectId: number,
  groupTypeId: number,
  selection: SyncGroupSelection,
  afterGroupId: bigint | null,
  limit: number,
): Promise<SyncGroup[]> {
  const after = afterGroupId ?? -1n;
  if (selection.scope === 'group') {
    return client.query<SyncGroup>(sql`
      SELECT id, value, properties FROM "group"
      WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND id = ${selection.groupId} AND id > ${after}`);
  }
  if (selection.scope === 'all') {
    return client.query<SyncGroup>(sql`
      SELECT id, value, properties FROM "group"
      WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND id > ${after}
      ORDER BY id LIMIT ${limit}`);
  }
  // A group never synced has no pickup date: it is due from the sync's first pickup date.
  const neverSyncedDue = selection.firstDueOn !== null && selection.firstDueOn <= selection.today;
  return client.query<SyncGroup>(sql`
    SELECT id, value, properties FROM "group"
    WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND id > ${after}
      AND (sync_pickup_date <= ${selection.today}::date OR (sync_pickup_date IS NULL AND ${neverSyncedDue}))
    ORDER BY id LIMIT ${limit}`);
}

export async function setPickupDates(
  client: SqlExecutor,
  projectId: number,
  groupIds: bigint[],
  pickup: CalendarDay,
): Promise<void> {
  if (!groupIds.length) return;
  await client.execute(sql`
    UPDATE "group" SET sync_pickup_date = ${pickup}::date
    WHERE project_id = ${projectId} AND id = ANY(${groupIds.map(String)}::bigint[])`);
}

/** A fresh activation: every group starts again from "never synced". */
export async function clearPickupDates(client: SqlExecutor, projectId: number): Promise<void> {
  await client.execute(
    sql`UPDATE "group" SET sync_pickup_date = NULL WHERE project_id = ${projectId} AND sync_pickup_date IS NOT NULL`,
  );
}

/** Moves every scheduled pickup by the change in interval (see reschedulePickupDate). */
export async function shiftPickupDates(
  client: SqlExecutor,
  projectId: number,
  groupTypeId: number,
  days: number,
): Promise<void> {
  if (days === 0) return;
  await client.execute(sql`
    UPDATE "group" SET sync_pickup_date = sync_pickup_date + ${days}::int
    WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND sync_pickup_date IS NOT NULL`);
}

export async function findGroupByValue(
  client: SqlExecutor,
  projectId: number,
  groupTypeId: number,
  value: string,
): Promise<{ id: bigint; pickup: CalendarDay | null } | null> {
  const rows = await client.query<{ id: bigint; pickup: string | null }>(sql`
    SELECT id, to_char(sync_pickup_date, 'YYYY-MM-DD') AS pickup FROM "group"
    WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId} AND value = ${value}`);
  return rows[0] ?? null;
}
