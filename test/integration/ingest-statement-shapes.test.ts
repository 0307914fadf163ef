// Ingest's three writes that one PostgreSQL runs as one statement with an INSERT in a CTE (claiming
// dedup keys with the batch's lookups, events with their attributions and queue row, group property
// changes with their searchable values) have a second shape for a Citus coordinator: one statement
// per table (docs/scaling.md). Both shapes run here on the same input, one project each, and must
// store the same rows and answer the same lookups; the counts are also checked against the input.
// Runs on PGlite, one PostgreSQL and a Citus coordinator alike (the shape is chosen by argument).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../apps/api/src/database/database';
import { sql } from '../../apps/api/src/database/sql';
import { insertPropertyHistory } from '../../apps/api/src/modules/groups/group-property.repository';
import { createGroupTypes } from '../../apps/api/src/modules/groups/group-type.repository';
import { findGroups, insertGroups } from '../../apps/api/src/modules/groups/group.repository';
import { eventIdBlockSize, type StoredEvent, writeEvents } from '../../apps/api/src/modules/ingest/event.repository';
import { insertUsers, lookupBatch, saveMemberships } from '../../apps/api/src/modules/ingest/ingest.repository';
import { ProjectRepository } from '../../apps/api/src/modules/projects/project.repository';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const day = Date.UTC(2026, 10, 2, 12);
/** Three id blocks, the last one partly filled. */
const eventCount = 2 * eventIdBlockSize + 137;

interface Stored {
  lookups: unknown[];
  events: unknown[];
  links: unknown[];
  queue: { events: number; blockSizes: number[]; covered: number }[];
  changes: unknown[];
  values: unknown[];
}

describe('ingest writes: one statement, or one per table (Citus), store the same rows', () => {
  let testDatabase: TestDatabase;
  let database: OpenDatabase;
  const stored = new Map<boolean, Stored>();

  async function ingestInShape(statementsPerTable: boolean): Promise<Stored> {
    const client = database.sql;
    const project = await new ProjectRepository(client).create({
      name: `Shape ${statementsPerTable}`,
      timeZone: 'UTC',
      ingestKey: randomUUID(),
      secretKeyHash: randomUUID(),
      readKeyHash: randomUUID(),
      keyActions: [],
    });
    const projectId = project.id;
    const [company] = await createGroupTypes(client, projectId, ['company']);
    const typeId = company!.id;
    await insertGroups(client, projectId, [
      { groupTypeId: typeId, value: 'acme', time: new Date(day) },
      { groupTypeId: typeId, value: 'globex', time: new Date(day) },
    ]);
    const groupIds = new Map(
      (
        await findGroups(client, projectId, [
          { groupTypeId: typeId, value: 'acme' },
          { groupTypeId: typeId, value: 'globex' },
        ])
      ).map((group) => [group.value, group.id]),
    );
    const people = await insertUsers(client, projectId, [
      { userId: 'user-1', deviceId: 'device-1', time: new Date(day) },
      { userId: null, deviceId: 'device-2', time: new Date(day) },
    ]);
    const person = people.find((row) => row.userId === 'user-1')!;
    await saveMemberships(client, projectId, [
      { userId: person.id, groupTypeId: typeId, groupId: groupIds.get('acme')!, since: new Date(day) },
    ]);

    // Lookups: a first claim of two keys, then one of them again with a new one.
    const lookups: unknown[] = [];
    for (const dedupKeys of [
      ['key-a', 'key-b'],
      ['key-a', 'key-c'],
    ]) {
      const lookup = await database.sql.transaction((transaction) =>
        lookupBatch(
          transaction,
          projectId,
          {
            dedupKeys,
            seenAt: new Date(day),
            groups: [
              { groupTypeId: typeId, value: 'acme' },
              { groupTypeId: typeId, value: 'initech' },
            ],
            userIds: ['user-1', 'user-unknown'],
            deviceIds: ['device-2'],
          },
          statementsPerTable,
        ),
      );
      lookups.push({
        freshKeys: [...lookup.freshKeys].sort(),
        groups: lookup.groups.map((group) => group.value).sort(),
        users: lookup.users
          .map((user) => ({
            userId: user.userId,
            deviceId: user.deviceId,
            matchedBy: user.matchedBy,
            memberships: user.memberships.map(([type, group]) => [type, BigInt(group) === groupIds.get('acme')]),
          }))
          .sort((left, right) => String(left.deviceId).localeCompare(String(right.deviceId))),
      });
    }
    // A batch with nothing to claim and nobody to find is one statement or none.
    const empty = await lookupBatch(
      client,
      projectId,
      { dedupKeys: [], seenAt: new Date(day), groups: [], userIds: [], deviceIds: [] },
      statementsPerTable,
    );
    lookups.push({ empty: [empty.freshKeys.size, empty.groups.length, empty.users.length] });

    const events: StoredEvent[] = [];
    for (let index = 0; index < eventCount; index++)
      events.push({
        eventType: index % 3 ? 'Report Created' : 'Page Viewed',
        time: new Date(day + index * 60_000),
        userId: index % 4 ? person.id : null,
        sessionId: index % 5 ? day + (index % 7) : null,
        insertId: `event-${index}`,
        properties: { index, text: `value ${index}` },
        groups: index % 2 ? { company: ['acme'] } : {},
        attributions:
          index % 2
            ? [
                { groupId: groupIds.get('acme')!, groupTypeId: typeId, source: 'event' },
                ...(index % 6 === 1
                  ? [{ groupId: groupIds.get('globex')!, groupTypeId: typeId, source: 'user' } as const]
                  : []),
              ]
            : [],
      });
    await database.sql.transaction((transaction) =>
      writeEvents(transaction, projectId, events, new Date(day), statementsPerTable),
    );
    await database.sql.transaction((transaction) =>
      insertPropertyHistory(
        transaction,
        projectId,
        [
          { key: 'name', value: 'Acme Inc', operation: '$set' },
          { key: 'seats', value: 40, operation: '$set' },
          { key: 'seats', value: 40, operation: '$set' },
          { key: 'plan', value: null, operation: '$unset' },
          { key: 'Tags', value: ['a', 'b'], operation: '$set' },
        ].map((change, index) => ({
          ...change,
          groupId: groupIds.get(index % 2 ? 'globex' : 'acme')!,
          source: 'ingest',
          changedAt: new Date(day + index),
        })),
        statementsPerTable,
      ),
    );

    const groupValue = sql`(SELECT value FROM "group" g WHERE g.project_id = ${projectId} AND g.id = x.group_id)`;
    const queue = await client.query<{ first: string[]; last: string[]; events: number }>(sql`
      SELECT first_event_ids::text[] AS first, last_event_ids::text[] AS last, events FROM rollup_queue WHERE project_id = ${projectId}`);
    const eventIds = (
      await client.query<{ id: bigint }>(sql`SELECT id FROM event WHERE project_id = ${projectId}`)
    ).map((row) => row.id);
    return {
      lookups,
      events: await client.query(sql`
        SELECT insert_id, event_type, time, (user_id IS NOT NULL) AS has_user, session_id, properties, groups, received_at
        FROM event WHERE project_id = ${projectId} ORDER BY insert_id`),
      links: await client.query(sql`
        SELECT e.insert_id, (SELECT value FROM "group" g WHERE g.project_id = ${projectId} AND g.id = l.group_id) AS group_value,
          l.group_type_id, l.time = e.time AS same_time, l.user_id IS NOT DISTINCT FROM e.user_id AS same_user, l.source::text AS source
        FROM event_group l JOIN event e ON e.project_id = ${projectId} AND e.id = l.event_id
        WHERE l.project_id = ${projectId} ORDER BY 1, 2`),
      // Ids differ between the projects; what matters is that each block is contiguous and the
      // blocks cover exactly the stored events.
      queue: queue.map((row) => ({
        events: row.events,
        blockSizes: row.first.map((first, block) => Number(BigInt(row.last[block]!) - BigInt(first)) + 1),
        covered: eventIds.filter((id) =>
          row.first.some((first, block) => id >= BigInt(first) && id <= BigInt(row.last[block]!)),
        ).length,
      })),
      changes: await client.query(sql`
        SELECT ${groupValue} AS group_value, key, value, operation, source::text AS source, changed_at
        FROM group_property_change x WHERE project_id = ${projectId} ORDER BY changed_at`),
      values: await client.query(sql`
        SELECT ${groupValue} AS group_value, key, value FROM group_property_value x
        WHERE project_id = ${projectId} ORDER BY 1, 2, 3`),
    };
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await openDatabase(testDatabase.config, { migrate: true });
    for (const statementsPerTable of [false, true])
      stored.set(statementsPerTable, await ingestInShape(statementsPerTable));
  }, 600_000);
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('claims dedup keys and finds groups and people alike', () => {
    const [single, perTable] = [stored.get(false)!, stored.get(true)!];
    expect(perTable.lookups).toEqual(single.lookups);
    expect(single.lookups[0]).toMatchObject({ freshKeys: ['key-a', 'key-b'], groups: ['acme'] });
    expect(single.lookups[1]).toMatchObject({ freshKeys: ['key-c'] });
    expect((single.lookups[0] as { users: unknown[] }).users).toEqual([
      { userId: 'user-1', deviceId: 'device-1', matchedBy: 'user', memberships: [[0, true]] },
      { userId: null, deviceId: 'device-2', matchedBy: 'device', memberships: [] },
    ]);
  });

  it('stores the same events, attributions and queue row', () => {
    const [single, perTable] = [stored.get(false)!, stored.get(true)!];
    expect(single.events).toHaveLength(eventCount);
    expect(perTable.events).toEqual(single.events);
    const odd = Math.floor(eventCount / 2);
    const userAttributions = Array.from({ length: eventCount }, (_, index) => index).filter((index) => index % 6 === 1);
    expect(single.links).toHaveLength(odd + userAttributions.length);
    expect(perTable.links).toEqual(single.links);
    for (const link of single.links as { same_time: boolean; same_user: boolean }[])
      expect([link.same_time, link.same_user]).toEqual([true, true]);
    expect(single.queue).toEqual([
      { events: eventCount, blockSizes: [eventIdBlockSize, eventIdBlockSize, 137], covered: eventCount },
    ]);
    expect(perTable.queue).toEqual(single.queue);
  });

  it('records the same property changes and searchable values', () => {
    const [single, perTable] = [stored.get(false)!, stored.get(true)!];
    expect(single.changes).toHaveLength(5);
    expect(perTable.changes).toEqual(single.changes);
    // `plan` was unset (no value to search); keys are searched lower-cased.
    expect((single.values as { group_value: string; key: string }[]).map((row) => [row.group_value, row.key])).toEqual([
      ['acme', 'name'],
      ['acme', 'seats'],
      ['acme', 'tags'],
      ['globex', 'seats'],
    ]);
    expect(perTable.values).toEqual(single.values);
  });
});
