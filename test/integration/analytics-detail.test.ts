// One group's detail page and the settings mutations, through the real GraphQL endpoint, compared
// with an independent replay of the raw events sent through /2/httpapi. The detail tests read one
// project that nothing changes; every test that changes settings or data loads its own project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSummaryMatches } from '../factories/analytics-assertions';
import { groupSummaryFields, loadScenario, queryGroups, type LoadedScenario } from '../factories/analytics-client';
import {
  expectedFigures,
  localDayOf,
  replayScenario,
  type Range,
  type ReplayedScenario,
} from '../factories/analytics-oracle';
import { companyType, scenarioKeyActions, scenarioTimeZone, type ScenarioBatch } from '../factories/analytics-scenario';
import { daysOf, mondayOf, mondaysOf } from '../factories/calendar';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const october: Range = { from: '2026-10-01', to: '2026-10-30' };

const detailQuery = `
  query Detail($value: String!, $range: DateRangeInput, $interval: ActivityInterval) {
    group(groupType: "company", value: $value, range: $range) {
      summary { ${groupSummaryFields} }
      properties
      propertyHistory { key value operation source changedAt }
      nameHistory: propertyHistory(key: "name", first: 10) { key value }
      people(first: 100) { userId deviceId events activeDays firstSeen lastSeen }
      activity(interval: $interval) { start events keyActions activePeople }
      weeklyActiveUsers { weekStart users }
      retention { cohortWeek size retained }
      recentEvents(first: 5) { eventType time userId properties attribution }
    }
  }`;

describe('analytics: group detail and settings', () => {
  let server: TestServer;
  let scenario: LoadedScenario;
  let replayed: ReplayedScenario;

  beforeAll(async () => {
    server = await startTestServer();
    scenario = await loadScenario(server);
    replayed = replayScenario(scenario.batches, companyType);
  });
  afterAll(async () => server?.stop());

  const rowsOf = (group: string) =>
    replayed.attributions
      .filter((row) => row.group === group)
      .map((row) => ({ ...row, day: localDayOf(row.time, scenarioTimeZone) }));
  const within = (day: string, range: Range) => day >= range.from && day <= range.to;

  /** A project of its own for a test that changes settings or sends more events. */
  const ownScenario = async () => {
    const own = await loadScenario(server);
    return { own, ownReplay: replayScenario(own.batches, companyType) };
  };

  for (const value of ['acme', 'globex', 'northwind', 'newco', 'orgonly']) {
    it(`shows ${value} exactly as the raw events say`, async () => {
      const response = await graphql(server, scenario.readKey, detailQuery, { value, range: october, interval: 'DAY' });
      expect(response.errors).toBeUndefined();
      const detail = response.data.group;
      expectSummaryMatches(
        detail.summary,
        expectedFigures(replayed, value, october, { keyActions: scenarioKeyActions, timeZone: scenarioTimeZone }),
        october,
        { keyActions: scenarioKeyActions },
      );
      const rows = rowsOf(value);
      const inRange = rows.filter((row) => within(row.day, october));

      // People: everyone on record (by user id, or by device for anonymous people), with their
      // events and active days in the range.
      const people = new Map<
        string,
        {
          userId: string | null;
          deviceId: string | null;
          events: number;
          days: Set<string>;
          first: number;
          last: number;
        }
      >();
      for (const row of rows) {
        if (!row.user) continue;
        const person = people.get(row.user) ?? {
          userId: row.userId,
          deviceId: row.deviceId,
          events: 0,
          days: new Set<string>(),
          first: Infinity,
          last: -Infinity,
        };
        person.first = Math.min(person.first, row.time);
        person.last = Math.max(person.last, row.time);
        if (within(row.day, october)) {
          person.events += 1;
          person.days.add(row.day);
        }
        people.set(row.user, person);
      }
      if (value !== 'orgonly') expect(people.size).toBeGreaterThan(0);
      expect(detail.people).toHaveLength(people.size);
      const identityOf = (person: { userId: string | null; deviceId: string | null }) =>
        (person.userId ?? person.deviceId)!;
      expect(detail.people.map(identityOf).sort()).toEqual([...people.keys()].sort());
      for (const person of detail.people) {
        const expected = people.get(identityOf(person))!;
        expect(person).toEqual({
          userId: expected.userId,
          deviceId: expected.deviceId,
          events: expected.events,
          activeDays: expected.days.size,
          firstSeen: new Date(expected.first).toISOString(),
          lastSeen: new Date(expected.last).toISOString(),
        });
      }
      for (let index = 1; index < detail.people.length; index += 1) {
        expect(detail.people[index - 1].events).toBeGreaterThanOrEqual(detail.people[index].events);
      }

      // Daily activity with distinct people per day.
      expect(detail.activity.map((point: { start: string }) => point.start)).toEqual(daysOf(october));
      for (const point of detail.activity) {
        const dayRows = inRange.filter((row) => row.day === point.start);
        expect(point).toEqual({
          start: point.start,
          events: dayRows.length,
          keyActions: dayRows.filter((row) => scenarioKeyActions.includes(row.eventType)).length,
          activePeople: new Set(dayRows.filter((row) => row.user).map((row) => row.user)).size,
        });
      }

      // Weekly active users over the days of the range.
      expect(detail.weeklyActiveUsers).toEqual(
        mondaysOf(october).map((week) => ({
          weekStart: week,
          users: new Set(inRange.filter((row) => row.user && mondayOf(row.day) === week).map((row) => row.user)).size,
        })),
      );

      // Retention: cohorts by the week of each person's first active day in the group.
      const firstDay = new Map<string, string>();
      for (const row of rows)
        if (row.user && row.day <= october.to && (!firstDay.has(row.user) || row.day < firstDay.get(row.user)!))
          firstDay.set(row.user, row.day);
      const lastWeek = mondaysOf(october).at(-1)!;
      const cohorts = new Map<string, string[]>();
      for (const [user, day] of firstDay)
        if (day >= october.from) cohorts.set(mondayOf(day), [...(cohorts.get(mondayOf(day)) ?? []), user]);
      const expectedRetention = [...cohorts.entries()]
        .sort(([left], [right]) => (left < right ? -1 : 1))
        .map(([cohortWeek, users]) => ({
          cohortWeek,
          size: users.length,
          retained: mondaysOf({ from: cohortWeek, to: lastWeek }).map(
            (week) =>
              users.filter((user) => inRange.some((row) => row.user === user && mondayOf(row.day) === week)).length /
              users.length,
          ),
        }));
      expect(detail.retention).toEqual(expectedRetention);

      // The most recent raw events, newest first, with how each was attributed.
      const recent = [...rows].sort((left, right) => right.time - left.time).slice(0, 5);
      expect(detail.recentEvents).toEqual(
        recent.map((row) => ({
          eventType: row.eventType,
          time: new Date(row.time).toISOString(),
          userId: row.userId,
          properties: {},
          attribution: row.source,
        })),
      );
    });
  }

  for (const value of ['acme', 'globex']) {
    it(`serves ${value}'s properties and their whole history as the identify calls wrote them`, async () => {
      const response = await graphql(server, scenario.readKey, detailQuery, { value, range: october, interval: 'DAY' });
      expect(response.errors).toBeUndefined();
      const detail = response.data.group;
      const expected = replayed.properties.get(value)!;
      expect(expected.history.length).toBeGreaterThan(1);
      expect(detail.properties).toEqual(expected.current);
      // Newest change first; changes of one call share a time, so compare them in key order.
      const times = detail.propertyHistory.map((change: { changedAt: string }) => Date.parse(change.changedAt));
      expect(times).toEqual([...times].sort((left, right) => right - left));
      type Change = { changedAt: string; key: string };
      const byTimeThenKey = (left: Change, right: Change) =>
        Date.parse(right.changedAt) - Date.parse(left.changedAt) || (left.key < right.key ? -1 : 1);
      expect([...detail.propertyHistory].sort(byTimeThenKey)).toEqual(
        expected.history
          .map((change) => ({ ...change, changedAt: new Date(change.changedAt).toISOString() }))
          .sort(byTimeThenKey),
      );
      const names = expected.history.filter((change) => change.key === 'name').reverse();
      expect(detail.nameHistory).toEqual(names.map((change) => ({ key: 'name', value: change.value })));
    });
  }

  it('serves weekly activity with the events, key actions and people of each week', async () => {
    for (const value of ['acme', 'northwind']) {
      const response = await graphql(server, scenario.readKey, detailQuery, {
        value,
        range: october,
        interval: 'WEEK',
      });
      expect(response.errors).toBeUndefined();
      const detail = response.data.group;
      const inRange = rowsOf(value).filter((row) => within(row.day, october));
      const weeks = mondaysOf(october);
      expect(weeks).toEqual(['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']);
      expect(detail.activity).toEqual(
        weeks.map((week) => {
          const weekRows = inRange.filter((row) => mondayOf(row.day) === week);
          return {
            start: week,
            events: weekRows.length,
            keyActions: weekRows.filter((row) => scenarioKeyActions.includes(row.eventType)).length,
            activePeople: new Set(weekRows.filter((row) => row.user).map((row) => row.user)).size,
          };
        }),
      );
      expect(detail.activity.reduce((sum: number, week: { events: number }) => sum + week.events, 0)).toBe(
        inRange.length,
      );
    }
  });

  it('answers null for a group that does not exist', async () => {
    const missing = await graphql(server, scenario.readKey, detailQuery, { value: 'nobody', range: october });
    expect(missing.errors).toBeUndefined();
    expect(missing.data.group).toBeNull();
  });

  it('re-counts history when key actions change, and ingest counts with the new ones at once', async () => {
    const { own, ownReplay } = await ownScenario();
    const mutation = 'mutation Set($eventTypes: [String!]!) { setKeyActions(eventTypes: $eventTypes) { keyActions } }';
    const refused = await graphql(server, own.readKey, mutation, { eventTypes: ['Dashboard Shared'] });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const keyActions = ['Report Created', 'Dashboard Shared'];
    const changed = await graphql(server, own.secretKey, mutation, { eventTypes: keyActions });
    expect(changed.data.setKeyActions.keyActions).toEqual(keyActions);
    // A late Dashboard Shared, sent right after the change, must count as a key action.
    const lateBatch: ScenarioBatch = {
      events: [
        {
          event_type: 'Dashboard Shared',
          user_id: 'user-acme-01',
          time: Date.parse('2026-10-15T15:00:00Z'),
          insert_id: 'after-setting',
        },
      ],
    };
    expect(
      (await postJson(`${server.url}/2/httpapi`, { api_key: own.ingestKey, events: lateBatch.events })).status,
    ).toBe(200);
    const withLate = replayScenario([...own.batches, lateBatch], companyType);
    expect(withLate.events).toBe(ownReplay.events + 1);

    for (const settings of [{ keyActions }, { keyActions: [] as string[] }]) {
      if (!settings.keyActions.length)
        expect((await graphql(server, own.secretKey, mutation, { eventTypes: [] })).errors).toBeUndefined();
      const result = await queryGroups(server, own.readKey, { groupType: companyType, range: october, first: 50 });
      expect(result.totalCount).toBe(withLate.groups.size);
      expect(result.edges).toHaveLength(withLate.groups.size);
      for (const edge of result.edges) {
        expectSummaryMatches(
          edge.node,
          expectedFigures(withLate, edge.node.value, october, {
            keyActions: settings.keyActions,
            timeZone: scenarioTimeZone,
          }),
          october,
          settings,
        );
      }
    }
  });

  it('applies project trend thresholds and refuses overlapping ones', async () => {
    const { own, ownReplay } = await ownScenario();
    const mutation =
      'mutation T($steady: Float!, $sharp: Float!) { setTrendThresholds(steadyPercent: $steady, sharpPercent: $sharp) { trendSteadyPercent trendSharpPercent } }';
    const invalid = await graphql(server, own.secretKey, mutation, { steady: 30, sharp: -20 });
    expect(invalid.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const changed = await graphql(server, own.secretKey, mutation, { steady: 2, sharp: -20 });
    expect(changed.data.setTrendThresholds).toEqual({ trendSteadyPercent: 2, trendSharpPercent: -20 });
    const result = await queryGroups(server, own.readKey, { groupType: companyType, range: october, first: 50 });
    expect(result.edges).toHaveLength(ownReplay.groups.size);
    for (const edge of result.edges) {
      const settings = { keyActions: scenarioKeyActions, steady: 2, sharp: -20 };
      const expected = expectedFigures(ownReplay, edge.node.value, october, {
        ...settings,
        timeZone: scenarioTimeZone,
      });
      expectSummaryMatches(edge.node, expected, october, settings);
    }
    expect(result.edges.find((edge) => edge.node.value === 'northwind')!.node.trend.label).not.toBe('STEADY');
  });

  it('renames a group type and switches its name property', async () => {
    const { own, ownReplay } = await ownScenario();
    const mutation = `mutation U($nameProperty: String, $plural: String) {
      updateGroupType(name: "company", displayPlural: $plural, nameProperty: $nameProperty) { name displaySingular displayPlural nameProperty groupCount } }`;
    const changed = await graphql(server, own.secretKey, mutation, { nameProperty: 'plan', plural: 'Accounts' });
    expect(changed.data.updateGroupType).toEqual({
      name: 'company',
      displaySingular: 'company',
      displayPlural: 'Accounts',
      nameProperty: 'plan',
      groupCount: ownReplay.groups.size,
    });
    const byPlan = await queryGroups(server, own.readKey, {
      groupType: companyType,
      range: october,
      filter: { search: 'pro' },
      sort: { field: 'NAME', direction: 'ASC' },
    });
    expect(byPlan.edges.map((edge) => edge.node.name)).toEqual(['pro', 'pro', 'pro', 'pro']);
    const restored = await graphql(server, own.secretKey, mutation, { nameProperty: 'name', plural: null });
    expect(restored.data.updateGroupType.displayPlural).toBe('companies');
    const byName = await queryGroups(server, own.readKey, {
      groupType: companyType,
      range: october,
      filter: { search: 'globex' },
    });
    expect(byName.edges.map((edge) => edge.node.name)).toEqual(['Globex']);
    const unknown = await graphql(
      server,
      own.secretKey,
      'mutation { updateGroupType(name: "region", displayPlural: "Regions") { name } }',
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
