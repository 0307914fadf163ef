// The Groups list and the account report through the real GraphQL endpoint, on data sent through
// the real ingest endpoint, compared figure by figure with an independent replay of the raw events.
// The same scenario is loaded into two projects in different time zones, and read for two group
// types; every expected value comes from the replay or is written out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSummaryMatches } from '../factories/analytics-assertions';
import { loadScenario, queryGroups, type LoadedScenario } from '../factories/analytics-client';
import {
  expectedDistinctActivePeople,
  expectedFigures,
  replayScenario,
  type ExpectedGroupFigures,
  type Range,
  type ReplayedScenario,
} from '../factories/analytics-oracle';
import {
  companyType,
  moverLateEventAt,
  moverMovedAt,
  repeatedInBatchInsertId,
  scenarioKeyActions,
  scenarioTimeZone,
  secondTimeZone,
  teamType,
} from '../factories/analytics-scenario';
import { dayCount, dayInZone, plusDays } from '../factories/calendar';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

/** Each range with its previous range, written out by hand (equal length, ending the day before). */
const ranges: Record<string, Range & { previous: Range; days: number }> = {
  october: { from: '2026-10-01', to: '2026-10-30', days: 30, previous: { from: '2026-09-01', to: '2026-09-30' } },
  acrossDaylightSaving: {
    from: '2026-10-17',
    to: '2026-11-15',
    days: 30,
    previous: { from: '2026-09-17', to: '2026-10-16' },
  },
  lastWeek: { from: '2026-11-08', to: '2026-11-14', days: 7, previous: { from: '2026-11-01', to: '2026-11-07' } },
  singleBoundaryDay: {
    from: '2026-11-01',
    to: '2026-11-01',
    days: 1,
    previous: { from: '2026-10-31', to: '2026-10-31' },
  },
};
const rangeOnly = (range: Range): Range => ({ from: range.from, to: range.to });

const detailPeopleQuery = `query People($groupType: String!, $value: String!) {
  group(groupType: $groupType, value: $value) { people(first: 100) { userId deviceId firstSeen lastSeen } } }`;

describe('analytics: groups list and account report', () => {
  let server: TestServer;
  /** The scenario in New York (the default) and in Adelaide. */
  const loaded: Record<string, LoadedScenario> = {};
  const replays: Record<string, ReplayedScenario> = {};
  let scenario: LoadedScenario;
  let replayed: ReplayedScenario;

  beforeAll(async () => {
    server = await startTestServer();
    loaded[scenarioTimeZone] = await loadScenario(server);
    loaded[secondTimeZone] = await loadScenario(server, { timeZone: secondTimeZone });
    scenario = loaded[scenarioTimeZone]!;
    for (const groupType of [companyType, teamType]) replays[groupType] = replayScenario(scenario.batches, groupType);
    replayed = replays[companyType]!;
  });
  afterAll(async () => server?.stop());

  const settings = { keyActions: scenarioKeyActions };
  const options = (timeZone = scenarioTimeZone) => ({ keyActions: scenarioKeyActions, timeZone });
  const expectedName = (replay: ReplayedScenario, value: string) =>
    (replay.properties.get(value)?.current.name as string | undefined) ?? value;
  const peopleOf = async (groupType: string, value: string) => {
    const response = await graphql(server, scenario.readKey, detailPeopleQuery, { groupType, value });
    expect(response.errors).toBeUndefined();
    return response.data.group.people as {
      userId: string | null;
      deviceId: string | null;
      firstSeen: string;
      lastSeen: string;
    }[];
  };

  it('took every event through ingest, duplicates ignored, a repeat inside one batch stored once', async () => {
    expect(scenario.duplicatesReported).toBe(replayed.duplicates);
    expect(replayed.duplicates).toBeGreaterThan(100);
    // Retried batches are duplicates through and through; the repeated batch holds one new event twice.
    scenario.batches.forEach((batch, index) => {
      const expected = batch.retry ? batch.events.length : batch.name === 'repeat-in-batch' ? 1 : 0;
      expect(scenario.duplicatesByBatch[index], `batch ${index}`).toBe(expected);
    });
    const repeated = scenario.batches.find((batch) => batch.name === 'repeat-in-batch')!.events[0]!;
    expect(repeated.insert_id).toBe(repeatedInBatchInsertId);
    const recent = await graphql(
      server,
      scenario.readKey,
      '{ group(groupType: "company", value: "tiny") { recentEvents(first: 3) { eventType time userId } } }',
    );
    expect(recent.errors).toBeUndefined();
    const copies = recent.data.group.recentEvents.filter(
      (event: { time: string }) => event.time === new Date(repeated.time).toISOString(),
    );
    expect(copies).toEqual([
      { eventType: 'Dashboard Shared', time: new Date(repeated.time).toISOString(), userId: 'user-northwind-04' },
    ]);
  });

  for (const timeZone of [scenarioTimeZone, secondTimeZone]) {
    for (const groupType of [companyType, teamType]) {
      for (const [name, range] of Object.entries(ranges)) {
        it(`matches the independent computation for every ${groupType} (${name}, ${timeZone})`, async () => {
          const replay = replays[groupType]!;
          const project = loaded[timeZone]!;
          const result = await queryGroups(server, project.readKey, { groupType, range: rangeOnly(range), first: 50 });
          expect(result.totalCount).toBe(replay.groups.size);
          expect(result.edges).toHaveLength(replay.groups.size);
          expect(result.range).toEqual({ from: range.from, to: range.to, days: range.days });
          expect(result.previousRange).toEqual({ ...range.previous, days: range.days });
          for (const edge of result.edges) {
            expect({ groupType: edge.node.groupType, name: edge.node.name }).toEqual({
              groupType,
              name: expectedName(replay, edge.node.value),
            });
            expectSummaryMatches(
              edge.node,
              expectedFigures(replay, edge.node.value, range, options(timeZone)),
              range,
              settings,
            );
          }
          // Ranked by key actions (most first), ties by value.
          const expectedOrder = [...replay.groups]
            .map((value) => expectedFigures(replay, value, range, options(timeZone)))
            .sort((left, right) => right.keyActions - left.keyActions || (left.value < right.value ? -1 : 1))
            .map((figures) => figures.value);
          expect(result.edges.map((edge) => edge.node.value)).toEqual(expectedOrder);
        });
      }
    }
  }

  it('gives a day-boundary event to the day of the project’s own time zone', async () => {
    // 2026-10-17 00:00 in Adelaide is 2026-10-16 09:30 in New York (both on summer time then).
    const range = { from: '2026-10-16', to: '2026-10-17' };
    const sparkline = async (project: LoadedScenario) => {
      const result = await queryGroups(server, project.readKey, {
        groupType: companyType,
        range,
        filter: { search: 'northwind' },
      });
      expect(result.edges).toHaveLength(1);
      return result.edges[0]!.node.sparkline as { day: string; events: number }[];
    };
    const newYork = await sparkline(loaded[scenarioTimeZone]!);
    const adelaide = await sparkline(loaded[secondTimeZone]!);
    expect(newYork.map((point) => point.day)).toEqual(['2026-10-16', '2026-10-17']);
    expect(adelaide.map((point) => point.day)).toEqual(['2026-10-16', '2026-10-17']);
    for (const [zone, points] of [
      [scenarioTimeZone, newYork],
      [secondTimeZone, adelaide],
    ] as const) {
      const expected = expectedFigures(replayed, 'northwind', range, options(zone));
      expect(points, zone).toEqual(
        ['2026-10-16', '2026-10-17'].map((day) => ({
          day,
          events: expected.daily.get(day)?.events ?? 0,
          keyActions: expected.daily.get(day)?.keyActions ?? 0,
        })),
      );
    }
    // The same events, other days: the time zone really moved them.
    expect(newYork).not.toEqual(adelaide);
  });

  it('covers the cases the scenario was built for', async () => {
    const range = rangeOnly(ranges.october!);
    const result = await queryGroups(server, scenario.readKey, { groupType: companyType, range, first: 50 });
    const byValue = new Map(result.edges.map((edge) => [edge.node.value, edge.node]));
    expect([...byValue.keys()].sort()).toEqual(['acme', 'dormant', 'globex', 'newco', 'northwind', 'orgonly', 'tiny']);
    expect(byValue.get('acme')!.name).toBe('Acme Inc');
    expect(byValue.get('tiny')!.name).toBe('tiny');
    const globex = byValue.get('globex')!;
    expect(globex.trend.label).toBe('FALLING_SHARPLY');
    expect(globex.atRisk).toBe(true);
    expect(globex.riskReasons.join('; ')).toMatch(
      /^key actions −\d+% vs previous 30 days \(\d+ vs \d+\); \d+ of \d+ people inactive for 14\+ days/,
    );
    expect(byValue.get('tiny')!.trend.label).toBe('FALLING_SHARPLY');
    expect(byValue.get('tiny')!.atRisk).toBe(false);
    expect(byValue.get('newco')!.trend.label).toBe('NEW');
    expect(byValue.get('newco')!.atRisk).toBe(false);
    expect(byValue.get('dormant')!.trend.label).toBe('INACTIVE');
    const orgOnly = byValue.get('orgonly')!;
    expect(orgOnly.events).toBeGreaterThan(0);
    expect(orgOnly.activePeople).toBe(0);
    expect(orgOnly.peopleOnRecord).toBe(0);
    expect(await peopleOf(companyType, 'orgonly')).toEqual([]);

    // The consultant works in acme and northwind through event-level groups, and sits in globex at user level.
    for (const value of ['acme', 'northwind', 'globex', 'tiny', 'newco', 'dormant']) {
      const people = await peopleOf(companyType, value);
      expect(
        people.some((person) => person.userId === 'user-consultant'),
        value,
      ).toBe(['acme', 'northwind', 'globex'].includes(value));
    }
    // The mover's events went to globex before the move and to acme after, including the late one
    // (sent after the move, with a time before it).
    const moverIn = async (value: string) =>
      (await peopleOf(companyType, value)).find((person) => person.userId === 'user-mover')!;
    expect(Date.parse((await moverIn('globex')).lastSeen)).toBeLessThan(moverMovedAt());
    expect((await moverIn('acme')).firstSeen).toBe(new Date(moverLateEventAt()).toISOString());
    // Anonymous people are known by their device: one through event-level groups, one at user level.
    expect((await peopleOf(companyType, 'northwind')).filter((person) => person.userId === null)).toEqual([
      expect.objectContaining({ userId: null, deviceId: 'anon-device-1' }),
    ]);
    expect((await peopleOf(companyType, 'newco')).filter((person) => person.userId === null)).toEqual([
      expect.objectContaining({ userId: null, deviceId: 'anon-device-2' }),
    ]);
    // Teams: the mover's events name the team "movers" at event level, so the mover's user-level
    // team (blue) gets only the late event, the one that names no team.
    expect((await peopleOf(teamType, 'movers')).map((person) => person.userId)).toEqual(['user-mover']);
    const moverInBlue = (await peopleOf(teamType, 'blue')).find((person) => person.userId === 'user-mover');
    expect(moverInBlue).toMatchObject({
      firstSeen: new Date(moverLateEventAt()).toISOString(),
      lastSeen: new Date(moverLateEventAt()).toISOString(),
    });
    expect((await peopleOf(teamType, 'green')).some((person) => person.deviceId === 'anon-device-2')).toBe(true);
  });

  it('sorts by every field both ways, with ties broken by value', async () => {
    const range = rangeOnly(ranges.october!);
    const expected = [...replayed.groups].map((value) => expectedFigures(replayed, value, range, options()));
    const keyOf: Record<string, (figures: ExpectedGroupFigures) => number | string | null> = {
      EVENTS: (figures) => figures.events,
      ACTIVE_PEOPLE: (figures) => figures.activePeople,
      PEOPLE_ON_RECORD: (figures) => figures.peopleOnRecord,
      SESSIONS: (figures) => figures.sessions,
      TREND_PERCENT: (figures) => figures.percentChange,
      LAST_SEEN: (figures) => figures.lastSeen,
    };
    for (const [field, key] of Object.entries(keyOf)) {
      for (const direction of ['ASC', 'DESC'] as const) {
        const result = await queryGroups(server, scenario.readKey, {
          groupType: companyType,
          range,
          sort: { field, direction },
          first: 50,
        });
        const sorted = [...expected].sort((left, right) => {
          const a = key(left);
          const b = key(right);
          if (a === null || b === null) return a === b ? (left.value < right.value ? -1 : 1) : a === null ? 1 : -1;
          if (a !== b) return (a < b ? -1 : 1) * (direction === 'ASC' ? 1 : -1);
          return left.value < right.value ? -1 : 1;
        });
        expect(
          result.edges.map((edge) => edge.node.value),
          `${field} ${direction}`,
        ).toEqual(sorted.map((figures) => figures.value));
      }
    }
    const byName = await queryGroups(server, scenario.readKey, {
      groupType: companyType,
      range,
      sort: { field: 'NAME', direction: 'ASC' },
    });
    expect(byName.edges.map((edge) => edge.node.name)).toEqual([
      'Acme Inc',
      'dormant',
      'Globex',
      'NewCo',
      'Northwind Ltd',
      'orgonly',
      'tiny',
    ]);
  });

  it('filters by trend, risk and search on the server, with totals after filters', async () => {
    const range = rangeOnly(ranges.october!);
    const expected = [...replayed.groups].map((value) => expectedFigures(replayed, value, range, options()));
    const falling = await queryGroups(server, scenario.readKey, {
      groupType: companyType,
      range,
      filter: { trend: ['FALLING', 'FALLING_SHARPLY'] },
    });
    expect(new Set(falling.edges.map((edge) => edge.node.value))).toEqual(
      new Set(expected.filter((figures) => figures.trendLabel.startsWith('FALLING')).map((figures) => figures.value)),
    );
    expect(falling.edges.length).toBeGreaterThan(0);
    expect(falling.totalCount).toBe(falling.edges.length);

    const atRisk = await queryGroups(server, scenario.readKey, {
      groupType: companyType,
      range,
      filter: { atRisk: true },
    });
    const expectedAtRisk = expected.filter((figures) => figures.atRisk).map((figures) => figures.value);
    expect(atRisk.edges.map((edge) => edge.node.value).sort()).toEqual(expectedAtRisk.sort());
    expect(atRisk.totalCount).toBe(expectedAtRisk.length);
    expect(atRisk.edges.length).toBeGreaterThan(0);
    expect(atRisk.edges.every((edge) => edge.node.atRisk)).toBe(true);
    const notAtRisk = await queryGroups(server, scenario.readKey, {
      groupType: companyType,
      range,
      filter: { atRisk: false },
      first: 2,
    });
    expect(notAtRisk.totalCount).toBe(replayed.groups.size - expectedAtRisk.length);
    expect(notAtRisk.edges).toHaveLength(2);
    expect(notAtRisk.edges.every((edge) => !edge.node.atRisk)).toBe(true);

    const search = await queryGroups(server, scenario.readKey, {
      groupType: companyType,
      range,
      filter: { search: 'NORTH' },
    });
    expect(search.edges.map((edge) => edge.node.value)).toEqual(['northwind']);
    const byName = await queryGroups(server, scenario.readKey, {
      groupType: companyType,
      range,
      filter: { search: 'acme inc' },
    });
    expect(byName.edges.map((edge) => edge.node.value)).toEqual(['acme']);
  });

  it('pages with opaque cursors', async () => {
    const range = rangeOnly(ranges.october!);
    const all = await queryGroups(server, scenario.readKey, { groupType: companyType, range, first: 50 });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result = await queryGroups(server, scenario.readKey, { groupType: companyType, range, first: 3, after });
      expect(result.totalCount).toBe(all.totalCount);
      seen.push(...result.edges.map((edge) => edge.node.value));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((edge) => edge.node.value));
    const beyond = await queryGroups(server, scenario.readKey, {
      groupType: companyType,
      range,
      first: 3,
      after: all.edges.at(-1)!.cursor,
    });
    expect(beyond).toMatchObject({
      totalCount: all.totalCount,
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    const bad = await graphql(
      server,
      scenario.readKey,
      '{ groups(groupType: "company", after: "nonsense") { totalCount } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('answers the account report from the same figures', async () => {
    for (const { previous, days, ...range } of [ranges.october!, ranges.acrossDaylightSaving!]) {
      const expected = [...replayed.groups].map((value) => expectedFigures(replayed, value, range, options()));
      const response = await graphql(
        server,
        scenario.readKey,
        `query Report($range: DateRangeInput) { accountReport(groupType: "company", range: $range, minUsers: 3) {
          range { from to days } previousRange { from to days } accounts active new rising steady falling fallingSharply atRisk
          averageActivePeoplePerActiveAccount minUsers accountsWithAtLeastMinUsers totalEvents totalKeyActions totalActivePeople } }`,
        { range },
      );
      expect(response.errors).toBeUndefined();
      const active = expected.filter((figures) => figures.events > 0);
      const count = (label: string) => expected.filter((figures) => figures.trendLabel === label).length;
      expect(response.data.accountReport).toEqual({
        range: { ...range, days },
        previousRange: { ...previous, days },
        accounts: replayed.groups.size,
        active: active.length,
        new: count('NEW'),
        rising: count('RISING'),
        steady: count('STEADY'),
        falling: count('FALLING'),
        fallingSharply: count('FALLING_SHARPLY'),
        atRisk: expected.filter((figures) => figures.atRisk).length,
        averageActivePeoplePerActiveAccount:
          active.reduce((sum, figures) => sum + figures.activePeople, 0) / active.length,
        minUsers: 3,
        accountsWithAtLeastMinUsers: expected.filter((figures) => figures.activePeople >= 3).length,
        totalEvents: expected.reduce((sum, figures) => sum + figures.events, 0),
        totalKeyActions: expected.reduce((sum, figures) => sum + figures.keyActions, 0),
        totalActivePeople: expectedDistinctActivePeople(replayed, range, scenarioTimeZone),
      });
    }
  });

  it('lists group types and the ingest overview, and refuses unknown group types and bad ranges', async () => {
    const types = await graphql(
      server,
      scenario.readKey,
      '{ groupTypes { id name displaySingular displayPlural nameProperty groupCount } ingestOverview { people peopleWithoutGroup groups events } }',
    );
    expect(types.data.groupTypes).toEqual([
      {
        id: 0,
        name: 'company',
        displaySingular: 'company',
        displayPlural: 'companies',
        nameProperty: 'name',
        groupCount: replayed.groups.size,
      },
      {
        id: 1,
        name: 'team',
        displaySingular: 'team',
        displayPlural: 'teams',
        nameProperty: 'name',
        groupCount: replays[teamType]!.groups.size,
      },
    ]);
    expect(types.data.ingestOverview).toEqual({
      people: replayed.users.size,
      peopleWithoutGroup: 0,
      groups: replayed.groups.size + replays[teamType]!.groups.size,
      events: replayed.events,
    });
    const unknown = await graphql(server, scenario.readKey, '{ groups(groupType: "region") { totalCount } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const backwards = await graphql(
      server,
      scenario.readKey,
      '{ groups(groupType: "company", range: { from: "2026-10-10", to: "2026-10-01" }) { totalCount } }',
    );
    expect(backwards.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const notADay = await graphql(
      server,
      scenario.readKey,
      '{ groups(groupType: "company", range: { from: "2026-02-30", to: "2026-03-01" }) { totalCount } }',
    );
    // A literal that is not a calendar day fails validation of the document, before any resolver runs.
    expect(notADay.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(notADay.errors?.[0]?.message).toContain('2026-02-30');
    const anonymous = await graphql(server, null, '{ groupTypes { name } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows nothing of this project to another project’s key', async () => {
    const other = await server.services.projects.createProject({ name: 'Other tenant', timeZone: 'UTC' });
    const types = await graphql(
      server,
      other.readKey,
      '{ groupTypes { name } ingestOverview { people groups events } }',
    );
    expect(types.data).toEqual({ groupTypes: [], ingestOverview: { people: 0, groups: 0, events: 0 } });
    const groups = await graphql(server, other.secretKey, '{ groups(groupType: "company") { totalCount } }');
    expect(groups.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const detail = await graphql(
      server,
      other.readKey,
      '{ group(groupType: "company", value: "acme") { properties } }',
    );
    expect(detail).toEqual({ data: { group: null } });
  });

  it('defaults to the last 30 days ending today in the project time zone', async () => {
    // Today is read before and after the request, so a run across midnight still has one answer.
    const before = dayInZone(Date.now(), scenarioTimeZone);
    const result = await queryGroups(server, scenario.readKey, { groupType: companyType });
    const after = dayInZone(Date.now(), scenarioTimeZone);
    expect([before, after]).toContain(result.range.to);
    expect(result.range).toEqual({ from: plusDays(result.range.to, -29), to: result.range.to, days: 30 });
    expect(result.previousRange).toEqual({
      from: plusDays(result.range.to, -59),
      to: plusDays(result.range.to, -30),
      days: 30,
    });
    expect(dayCount(result.previousRange)).toBe(30);
  });
});
