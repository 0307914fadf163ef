import type { SqlExecutor } from '../../database/sql-database';
import { findUsers, insertUsers, updateUsersSeen, type FoundUser } from './ingest.repository';
import type { NormalizedEvent } from './normalized-event';

/**
 * Maps each event to a person. A user_id names one person; a device-only event belongs to the
 * person last seen on that device (identified first), else to an anonymous person for the device.
 * Events with neither id are organisation-level and have no person.
 */
export async function resolveUsers(client: SqlExecutor, projectId: number, events: NormalizedEvent[]) {
  const userIds = [...new Set(events.flatMap((event) => (event.userId !== null ? [event.userId] : [])))];
  const deviceOnly = [...new Set(events.flatMap((event) => (event.userId === null && event.deviceId !== null ? [event.deviceId] : [])))];

  const byUserId = new Map<string, FoundUser>();
  const byDevice = new Map<string, FoundUser>();
  const remember = (rows: FoundUser[]) => {
    for (const row of rows) {
      if (row.matchedBy === 'user') byUserId.set(row.userId!, row);
      else byDevice.set(row.deviceId!, row);
    }
  };
  remember(await findUsers(client, projectId, userIds, deviceOnly));

  const firstTime = new Map<string, Date>();
  for (const event of events) {
    const key = event.userId !== null ? `u:${event.userId}` : event.deviceId !== null ? `d:${event.deviceId}` : null;
    if (key && (!firstTime.has(key) || event.time < firstTime.get(key)!)) firstTime.set(key, event.time);
  }
  const newIdentified = userIds.filter((id) => !byUserId.has(id));
  const newAnonymous = deviceOnly.filter((id) => !byDevice.has(id));
  if (newIdentified.length || newAnonymous.length) {
    const deviceOf = new Map(events.filter((event) => event.userId !== null && event.deviceId !== null).map((event) => [event.userId!, event.deviceId!]));
    await insertUsers(client, projectId, [
      ...newIdentified.map((userId) => ({ userId, deviceId: deviceOf.get(userId) ?? null, time: firstTime.get(`u:${userId}`)! })),
      ...newAnonymous.map((deviceId) => ({ userId: null, deviceId, time: firstTime.get(`d:${deviceId}`)! })),
    ]);
    // Read back rather than trust RETURNING: a concurrent batch may have inserted the same person.
    remember(await findUsers(client, projectId, newIdentified, newAnonymous));
  }

  const byEvent = new Map<number, bigint>();
  // The user-level groups each person holds now: group type id → group id.
  const memberships = new Map<bigint, Map<number, bigint>>();
  for (const row of [...byUserId.values(), ...byDevice.values()]) {
    memberships.set(row.id, new Map(row.memberships.map(([groupTypeId, groupId]) => [groupTypeId, BigInt(groupId)])));
  }
  const seen = new Map<bigint, { firstSeen: Date; lastSeen: Date; deviceId: string | null }>();
  for (const event of events) {
    const row = event.userId !== null ? byUserId.get(event.userId) : event.deviceId !== null ? byDevice.get(event.deviceId) : undefined;
    if (!row) continue;
    byEvent.set(event.index, row.id);
    const current = seen.get(row.id);
    const deviceId = event.deviceId ?? current?.deviceId ?? null;
    if (!current) seen.set(row.id, { firstSeen: event.time, lastSeen: event.time, deviceId });
    else {
      if (event.time < current.firstSeen) current.firstSeen = event.time;
      if (event.time > current.lastSeen) current.lastSeen = event.time;
      current.deviceId = deviceId;
    }
  }
  await updateUsersSeen(client, projectId, [...seen].map(([id, value]) => ({ id, ...value })));
  return { byEvent, memberships };
}
