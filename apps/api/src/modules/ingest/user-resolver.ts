import type { SqlExecutor } from '../../database/sql-database';
import { findUsers, insertUsers, updateUserDevices, type FoundUser } from './ingest.repository';
import type { NormalizedEvent } from './normalized-event';

/** The ids a batch names: user ids, and devices of events that carry no user id. */
export function identitiesOf(events: NormalizedEvent[]) {
  return {
    userIds: [...new Set(events.flatMap((event) => (event.userId !== null ? [event.userId] : [])))],
    deviceIds: [
      ...new Set(events.flatMap((event) => (event.userId === null && event.deviceId !== null ? [event.deviceId] : []))),
    ],
  };
}

/**
 * Maps each event to a person, given the people the batch lookup found. A user_id names one
 * person; a device-only event belongs to the person last seen on that device (identified first),
 * else to an anonymous person for the device. Events with neither id are organisation-level.
 * Missing people are created; first and last seen move with their stored events (modules/rollups/fold.repository.ts).
 */
export async function completeUsers(
  client: SqlExecutor,
  projectId: number,
  events: NormalizedEvent[],
  found: FoundUser[],
) {
  const { userIds, deviceIds } = identitiesOf(events);
  const byUserId = new Map<string, FoundUser>();
  const byDevice = new Map<string, FoundUser>();
  const remember = (rows: FoundUser[]) => {
    for (const row of rows) {
      if (row.matchedBy === 'user') byUserId.set(row.userId!, row);
      else byDevice.set(row.deviceId!, row);
    }
  };
  remember(found);

  const newIdentified = userIds.filter((id) => !byUserId.has(id));
  const newAnonymous = deviceIds.filter((id) => !byDevice.has(id));
  if (newIdentified.length || newAnonymous.length) {
    const firstTime = new Map<string, Date>();
    for (const event of events) {
      const key = event.userId !== null ? `u:${event.userId}` : event.deviceId !== null ? `d:${event.deviceId}` : null;
      if (key && (!firstTime.has(key) || event.time < firstTime.get(key)!)) firstTime.set(key, event.time);
    }
    const deviceOf = new Map(
      events
        .filter((event) => event.userId !== null && event.deviceId !== null)
        .map((event) => [event.userId!, event.deviceId!]),
    );
    await insertUsers(client, projectId, [
      ...newIdentified.map((userId) => ({
        userId,
        deviceId: deviceOf.get(userId) ?? null,
        time: firstTime.get(`u:${userId}`)!,
      })),
      ...newAnonymous.map((deviceId) => ({ userId: null, deviceId, time: firstTime.get(`d:${deviceId}`)! })),
    ]);
    // Read back rather than trust RETURNING: a concurrent batch may have inserted the same person.
    remember(await findUsers(client, projectId, newIdentified, newAnonymous));
  }

  const byEvent = new Map<number, bigint>();
  // The user-level groups each person holds now: group type id → group id.
  const memberships = new Map<bigint, Map<number, bigint>>();
  const lastDevice = new Map<bigint, { known: string | null; latest: string }>();
  for (const row of [...byUserId.values(), ...byDevice.values()]) {
    memberships.set(row.id, new Map(row.memberships.map(([groupTypeId, groupId]) => [groupTypeId, BigInt(groupId)])));
  }
  for (const event of events) {
    const row =
      event.userId !== null
        ? byUserId.get(event.userId)
        : event.deviceId !== null
          ? byDevice.get(event.deviceId)
          : undefined;
    if (!row) continue;
    byEvent.set(event.index, row.id);
    if (event.deviceId !== null) lastDevice.set(row.id, { known: row.deviceId, latest: event.deviceId });
  }
  await updateUserDevices(
    client,
    projectId,
    [...lastDevice]
      .filter(([, device]) => device.known !== device.latest)
      .map(([id, device]) => ({ id, deviceId: device.latest })),
  );
  return { byEvent, memberships };
}
