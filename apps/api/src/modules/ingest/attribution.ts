// Which groups each event counts for: the README's "Group rules", as a pure function of a batch
// and what the database already knows, so the rules are tested without a database. The batch is
// walked in request order: an identify changes the groups of the events after it, never before.
import type { GroupPropertyUpdate } from '../groups/group-property.service';
import type { StoredEvent } from './event.repository';
import type { ResolvedGroups } from './group-resolver';
import type { MembershipRow } from './ingest.repository';
import type { NormalizedEvent } from './normalized-event';

/** A person's user-level groups: group type id → group id. */
export type UserGroups = ReadonlyMap<number, bigint>;

export interface AttributionInput {
  /** The batch's accepted events, in request order. */
  events: readonly NormalizedEvent[];
  /** The person of each event (by event index); events without one are organisation-level. */
  personOf: ReadonlyMap<number, bigint>;
  /** Each person's user-level groups before the batch. */
  userGroups: ReadonlyMap<bigint, UserGroups>;
  groups: ResolvedGroups;
}

export interface Attribution {
  /** Events to store (identifies are not stored), each with the groups it counts for. */
  events: StoredEvent[];
  /** User-level groups that changed, with the time of the identify that changed them. */
  memberships: (MembershipRow & { since: Date })[];
  /** Group property operations of identify calls (`$groupidentify`, Segment group traits). */
  groupPropertyUpdates: GroupPropertyUpdate[];
}

export function attributeEvents(input: AttributionInput): Attribution {
  const userGroups = new Map([...input.userGroups].map(([personId, groups]) => [personId, new Map(groups)]));
  const changedMemberships = new Map<string, MembershipRow & { since: Date }>();
  const attribution: Attribution = { events: [], memberships: [], groupPropertyUpdates: [] };
  const { groups } = input;

  for (const event of input.events) {
    const personId = input.personOf.get(event.index) ?? null;
    for (const update of event.groupPropertyUpdates) {
      const groupId = groups.idOf(update.type, update.value);
      if (groupId === undefined) continue;
      const { operations } = update;
      const changedAt = event.time;
      attribution.groupPropertyUpdates.push({ groupId, operations, source: 'identify', changedAt, index: event.index });
    }
    if (event.kind === 'identify') {
      if (personId === null) continue;
      for (const group of event.userGroups) {
        const groupId = groups.idOf(group.type, group.value);
        const groupTypeId = groups.typeIdOf(group.type);
        if (groupId === undefined || groupTypeId === undefined) continue;
        // The SDKs repeat setGroup on every start: an unchanged membership needs no write.
        if (userGroups.get(personId)?.get(groupTypeId) === groupId) continue;
        if (!userGroups.has(personId)) userGroups.set(personId, new Map());
        userGroups.get(personId)!.set(groupTypeId, groupId);
        const membership = { userId: personId, groupTypeId, groupId, since: event.time };
        changedMemberships.set(`${personId}:${groupTypeId}`, membership);
      }
      continue;
    }

    const links = new Map<bigint, StoredEvent['attributions'][number]>();
    const typesWithEventGroups = new Set<number>();
    // Without a prototype: a group type named `__proto__` is a plain key.
    const storedGroups: Record<string, string[]> = Object.create(null);
    for (const group of event.eventGroups) {
      const groupTypeId = groups.typeIdOf(group.type);
      if (groupTypeId === undefined) continue;
      storedGroups[group.type] = group.values;
      typesWithEventGroups.add(groupTypeId);
      for (const value of group.values) {
        const groupId = groups.idOf(group.type, value)!;
        links.set(groupId, { groupId, groupTypeId, source: 'event' });
      }
    }
    // An event-level value for a type replaces the person's user-level group of that type on this event.
    for (const [groupTypeId, groupId] of (personId !== null && userGroups.get(personId)) || []) {
      if (typesWithEventGroups.has(groupTypeId) || links.has(groupId)) continue;
      links.set(groupId, { groupId, groupTypeId, source: 'user' });
    }
    attribution.events.push({
      eventType: event.eventType,
      time: event.time,
      userId: personId,
      sessionId: event.sessionId,
      insertId: event.insertId,
      properties: event.properties,
      groups: storedGroups,
      attributions: [...links.values()],
    });
  }
  attribution.memberships = [...changedMemberships.values()];
  return attribution;
}
