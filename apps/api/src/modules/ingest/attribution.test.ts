// The README's "Group rules", one case each; every expected value is written out by hand.
import { describe, expect, it } from 'vitest';
import { attributeEvents, type AttributionInput } from './attribution';
import type { StoredEvent } from './event.repository';
import type { NormalizedEvent } from './normalized-event';

// Two group types (company = 0, team = 1) and their groups, with fixed ids.
const typeIds: Record<string, number> = { company: 0, team: 1 };
const groupIds: Record<string, bigint> = {
  'company/acme': 1n,
  'company/globex': 2n,
  'company/initech': 3n,
  'team/red': 10n,
};
const groups: AttributionInput['groups'] = {
  typeIdOf: (type) => typeIds[type],
  idOf: (type, value) => groupIds[`${type}/${value}`],
};

const alice = 100n;
const bob = 200n;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));

let nextIndex = 0;
function event(overrides: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    index: nextIndex++,
    kind: 'event',
    eventType: 'Page Viewed',
    time: at(0),
    userId: null,
    deviceId: null,
    sessionId: null,
    insertId: null,
    dedupKey: null,
    properties: {},
    userPropertyOperations: null,
    eventGroups: [],
    userGroups: [],
    groupPropertyUpdates: [],
    ...overrides,
  };
}
const identify = (overrides: Partial<NormalizedEvent>) =>
  event({ kind: 'identify', eventType: '$identify', ...overrides });

/** The input for `events`, with each event's person (or none) and the people's groups before the batch. */
function batch(
  events: NormalizedEvent[],
  people: (bigint | null)[],
  known: [bigint, [number, bigint][]][] = [],
): AttributionInput {
  const personOf = new Map<number, bigint>();
  events.forEach((each, position) => {
    if (people[position] != null) personOf.set(each.index, people[position]!);
  });
  return { events, personOf, userGroups: new Map(known.map(([person, pairs]) => [person, new Map(pairs)])), groups };
}

/** The groups each stored event counts for, as "group id:source" strings in event order. */
function linksOf(input: AttributionInput): string[][] {
  const links = (stored: StoredEvent) => stored.attributions.map((link) => `${link.groupId}:${link.source}`).sort();
  return attributeEvents(input).events.map(links);
}

describe('attributeEvents (README "Group rules")', () => {
  it('event-level groups count for that event only', () => {
    const first = event({ eventGroups: [{ type: 'company', values: ['acme'] }] });
    const second = event({});
    const input = batch([first, second], [alice, alice]);
    expect(linksOf(input)).toEqual([['1:event'], []]);
    expect(attributeEvents(input).memberships).toEqual([]);
  });

  it('a user-level group persists for the later events of that person only, never retroactively', () => {
    const before = event({ time: at(1) });
    const join = identify({ time: at(2), userGroups: [{ type: 'company', value: 'acme' }] });
    const after = event({ time: at(3) });
    const someoneElse = event({ time: at(4) });
    const attribution = attributeEvents(batch([before, join, after, someoneElse], [alice, alice, alice, bob]));
    // The identify itself is not stored: three events remain.
    expect(attribution.events.map((stored) => stored.time)).toEqual([at(1), at(3), at(4)]);
    const userLevelAcme = { groupId: 1n, groupTypeId: 0, source: 'user' };
    expect(attribution.events.map((stored) => stored.attributions)).toEqual([[], [userLevelAcme], []]);
    expect(attribution.memberships).toEqual([{ userId: alice, groupTypeId: 0, groupId: 1n, since: at(2) }]);
  });

  it('a later identify overwrites the value of that type; nothing unsets it; other types stay', () => {
    const moves = identify({ time: at(5), userGroups: [{ type: 'company', value: 'globex' }] });
    const silent = identify({ time: at(6) });
    const later = event({ time: at(7) });
    const input = batch(
      [moves, silent, later],
      [alice, alice, alice],
      [
        [
          alice,
          [
            [0, 1n],
            [1, 10n],
          ],
        ],
      ],
    );
    expect(linksOf(input)).toEqual([['10:user', '2:user']]);
    expect(attributeEvents(input).memberships).toEqual([{ userId: alice, groupTypeId: 0, groupId: 2n, since: at(5) }]);
  });

  it('an unchanged user-level group (setGroup repeated at every start) is not written again', () => {
    const repeat = identify({ userGroups: [{ type: 'company', value: 'acme' }] });
    const input = batch([repeat], [alice], [[alice, [[0, 1n]]]]);
    expect(attributeEvents(input)).toEqual({ events: [], memberships: [], groupPropertyUpdates: [] });
  });

  it('an event-level value for a type replaces the user-level group of that type on that event', () => {
    const elsewhere = event({ eventGroups: [{ type: 'company', values: ['initech'] }] });
    const input = batch(
      [elsewhere],
      [alice],
      [
        [
          alice,
          [
            [0, 1n],
            [1, 10n],
          ],
        ],
      ],
    );
    // acme (the user-level company) does not get the event; red (another type) still does.
    expect(linksOf(input)).toEqual([['10:user', '3:event']]);
  });

  it('an event may name several accounts of a type, each counted once', () => {
    const shared = event({ eventGroups: [{ type: 'company', values: ['acme', 'globex'] }] });
    const input = batch([shared], [alice]);
    expect(linksOf(input)).toEqual([['1:event', '2:event']]);
    expect(attributeEvents(input).events[0]!.groups).toEqual({ company: ['acme', 'globex'] });
  });

  it('organisation-level events (no person) count for their groups and for no person', () => {
    const trialEnded = event({ eventType: 'Trial Ended', eventGroups: [{ type: 'company', values: ['acme'] }] });
    const input = batch([trialEnded], [null], [[alice, [[0, 2n]]]]);
    const [stored] = attributeEvents(input).events;
    expect(stored!.userId).toBeNull();
    expect(stored!.attributions).toEqual([{ groupId: 1n, groupTypeId: 0, source: 'event' }]);
  });

  it('an identify without a person changes no membership', () => {
    const anonymous = identify({ userGroups: [{ type: 'company', value: 'acme' }] });
    expect(attributeEvents(batch([anonymous], [null])).memberships).toEqual([]);
  });

  it('group types refused past the limit of five are left out of the stored groups, the rest kept', () => {
    const tooMany = event({
      eventGroups: [
        { type: 'company', values: ['acme'] },
        { type: 'refused', values: ['x'] },
      ],
    });
    const [stored] = attributeEvents(batch([tooMany], [null])).events;
    expect(stored!.groups).toEqual({ company: ['acme'] });
    expect(stored!.attributions).toEqual([{ groupId: 1n, groupTypeId: 0, source: 'event' }]);
  });

  it('group property operations of an identify are updates from the source "identify"', () => {
    const operations = { $set: { plan: 'Enterprise' } };
    const groupPropertyUpdate = { type: 'company', value: 'acme', operations };
    const groupPropertyUpdates = [groupPropertyUpdate];
    const groupIdentify = identify({ eventType: '$groupidentify', time: at(9), groupPropertyUpdates });
    const updates = attributeEvents(batch([groupIdentify], [null])).groupPropertyUpdates;
    const expected = { groupId: 1n, operations, source: 'identify', changedAt: at(9), index: groupIdentify.index };
    expect(updates).toEqual([expected]);
  });

  it('leaves the memberships it was given unchanged', () => {
    const moves = identify({ userGroups: [{ type: 'company', value: 'globex' }] });
    const input = batch([moves], [alice], [[alice, [[0, 1n]]]]);
    attributeEvents(input);
    expect([...input.userGroups.get(alice)!]).toEqual([[0, 1n]]);
  });
});
