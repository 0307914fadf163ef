// The Groups list and the account report through the real GraphQL endpoint, on data sent through
// the real ingest endpoint, compared figure by figure with an independent replay of the raw events.
import { listDays } from '@leadmaps/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedRisk as expectedRiskOf, expectSummaryMatches } from '../factories/analytics-assertions';
import { loadScenario, queryGroups, type LoadedScenario } from '../factories/analytics-client';
import { expectedDistinctActivePeople, expectedFigures, localDayOf, replayScenario, type ExpectedGroupFigures, type Range, type ReplayedScenario } from '../factories/analytics-oracle';
import { companyType, scenarioKeyActions, scenarioTimeZone } from '../factories/analytics-scenario';
import { graphql, startTestServer, type TestServer } from '../support/test-server';

const ranges: Record<string, Range> = {
  october: { from: '2026-10-01', to: '2026-10-30' },
  acrossDaylightSaving: { from: '2026-10-17', to: '2026-11-15' },
  lastWeek: { from: '2026-11-08', to: '2026-11-14' },
  singleBoundaryDay: { from: '2026-11-01', to: '2026-11-01' },
};

describe('analytics: groups list and account report', () => {
  let server: TestServer;
  let scenario: LoadedScenario;
  let replayed: ReplayedScenario;

  beforeAll(async () => {
    server = await startTestServer();
    scenario = await loadScenario(server);
    replayed = replayScenario(scenario.batches, companyType);
  });
  afterAll(async () => server?.stop());

  const options = () => ({ keyActions: scenarioKeyActions, timeZone: scenarioTimeZone });

  const settings = { keyActions: scenarioKeyActions };
  const expectedRisk = (expected: ExpectedGroupFigures, range: Range) => expectedRiskOf(expected, range, settings);
  const compareNode = (node: any, expected: ExpectedGroupFigures, range: Range) => expectSummaryMatches(node, expected, range, settings);

  it('took every event through ingest, duplicates ignored', () => {
    expect(scenario.duplicatesReported).toBe(replayed.duplicates);
    expect(replayed.duplicates).toBeGreaterThan(100);
  });

  for (const [name, range] of Object.entries(ranges)) {
    it(`matches the independent computation for every group (${name})`, async () => {
      const result = await queryGroups(server, scenario.readKey, { groupType: companyType, range, first: 50 });
      expect(result.totalCount).toBe(replayed.groups.size);
      expect(result.range.days).toBe(listDays(range).length);
      for (const edge of result.edges) compareNode(edge.node, expectedFigures(replayed, edge.node.value, range, options()), range);
      // Ranked by key actions (most first), ties by value.
      const expectedOrder = [...replayed.groups]
        .map((value) => expectedFigures(replayed, value, range, options()))
        .sort((left, right) => right.keyActions - left.keyActions || (left.value < right.value ? -1 : 1))
        .map((figures) => figures.value);
      expect(result.edges.map((edge) => edge.node.value)).toEqual(expectedOrder);
    });
  }

  it('covers the cases the scenario was built for', async () => {
    const range = ranges.october!;
    const result = await queryGroups(server, scenario.readKey, { groupType: companyType, range, first: 50 });
    const byValue = new Map(result.edges.map((edge) => [edge.node.value, edge.node]));
    expect(byValue.get('acme').name).toBe('Acme Inc');
    expect(byValue.get('tiny').name).toBe('tiny');
    const globex = byValue.get('globex');
    expect(globex.trend.label).toBe('FALLING_SHARPLY');
    expect(globex.atRisk).toBe(true);
    expect(globex.riskReasons.join('; ')).toMatch(/^key actions −\d+% vs previous 30 days \(\d+ vs \d+\); \d+ of \d+ people inactive for 14\+ days/);
    expect(byValue.get('tiny').trend.label).toBe('FALLING_SHARPLY');
    expect(byValue.get('tiny').atRisk).toBe(false);
    expect(byValue.get('newco').trend.label).toBe('NEW');
    expect(byValue.get('newco').atRisk).toBe(false);
    expect(byValue.get('dormant').trend.label).toBe('INACTIVE');
    const orgOnly = byValue.get('orgonly');
    expect(orgOnly.events).toBeGreaterThan(0);
    expect(orgOnly.activePeople).toBe(0);
    expect(orgOnly.peopleOnRecord).toBe(0);
    // The consultant works in acme and northwind through event-level groups, and sits in globex at user level.
    const consultantGroups = new Set(replayed.attributions.filter((row) => row.user === 'user-consultant').map((row) => row.group));
    expect(consultantGroups).toEqual(new Set(['acme', 'northwind', 'globex']));
    // The mover's events went to globex before the move and to acme after, including the late one.
    const moverGroups = replayed.attributions.filter((row) => row.user === 'user-mover' && localDayOf(row.time, scenarioTimeZone) >= '2026-10-01');
    expect(new Set(moverGroups.map((row) => row.group))).toEqual(new Set(['globex', 'acme']));
  });

  it('sorts by every field both ways, with ties broken by value', async () => {
    const range = ranges.october!;
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
        const result = await queryGroups(server, scenario.readKey, { groupType: companyType, range, sort: { field, direction }, first: 50 });
        const sorted = [...expected].sort((left, right) => {
          const a = key(left);
          const b = key(right);
          if (a === null || b === null) return a === b ? (left.value < right.value ? -1 : 1) : a === null ? 1 : -1;
          if (a !== b) return (a < b ? -1 : 1) * (direction === 'ASC' ? 1 : -1);
          return left.value < right.value ? -1 : 1;
        });
        expect(result.edges.map((edge) => edge.node.value), `${field} ${direction}`).toEqual(sorted.map((figures) => figures.value));
      }
    }
    const byName = await queryGroups(server, scenario.readKey, { groupType: companyType, range, sort: { field: 'NAME', direction: 'ASC' } });
    expect(byName.edges.map((edge) => edge.node.name)).toEqual(['Acme Inc', 'dormant', 'Globex', 'NewCo', 'Northwind Ltd', 'orgonly', 'tiny']);
  });

  it('filters by trend, risk and search on the server, with totals after filters', async () => {
    const range = ranges.october!;
    const expected = [...replayed.groups].map((value) => expectedFigures(replayed, value, range, options()));
    const falling = await queryGroups(server, scenario.readKey, { groupType: companyType, range, filter: { trend: ['FALLING', 'FALLING_SHARPLY'] } });
    expect(new Set(falling.edges.map((edge) => edge.node.value))).toEqual(new Set(expected.filter((figures) => figures.trendLabel.startsWith('FALLING')).map((figures) => figures.value)));
    expect(falling.totalCount).toBe(falling.edges.length);

    const atRisk = await queryGroups(server, scenario.readKey, { groupType: companyType, range, filter: { atRisk: true } });
    const expectedAtRisk = expected.filter((figures) => expectedRisk(figures, range).atRisk).map((figures) => figures.value);
    expect(atRisk.edges.map((edge) => edge.node.value).sort()).toEqual(expectedAtRisk.sort());
    expect(atRisk.totalCount).toBe(expectedAtRisk.length);
    expect(atRisk.edges.every((edge) => edge.node.atRisk)).toBe(true);
    const notAtRisk = await queryGroups(server, scenario.readKey, { groupType: companyType, range, filter: { atRisk: false }, first: 2 });
    expect(notAtRisk.totalCount).toBe(replayed.groups.size - expectedAtRisk.length);
    expect(notAtRisk.edges.every((edge) => !edge.node.atRisk)).toBe(true);

    const search = await queryGroups(server, scenario.readKey, { groupType: companyType, range, filter: { search: 'NORTH' } });
    expect(search.edges.map((edge) => edge.node.value)).toEqual(['northwind']);
    const byName = await queryGroups(server, scenario.readKey, { groupType: companyType, range, filter: { search: 'acme inc' } });
    expect(byName.edges.map((edge) => edge.node.value)).toEqual(['acme']);
  });

  it('pages with opaque cursors', async () => {
    const range = ranges.october!;
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
    const beyond = await queryGroups(server, scenario.readKey, { groupType: companyType, range, first: 3, after: all.edges.at(-1)!.cursor });
    expect(beyond).toMatchObject({ totalCount: all.totalCount, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const bad = await graphql(server, scenario.readKey, '{ groups(groupType: "company", after: "nonsense") { totalCount } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('answers the account report from the same figures', async () => {
    for (const range of [ranges.october!, ranges.acrossDaylightSaving!]) {
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
        range: { ...range, days: listDays(range).length },
        previousRange: { from: expect.any(String), to: expect.any(String), days: listDays(range).length },
        accounts: replayed.groups.size,
        active: active.length,
        new: count('NEW'),
        rising: count('RISING'),
        steady: count('STEADY'),
        falling: count('FALLING'),
        fallingSharply: count('FALLING_SHARPLY'),
        atRisk: expected.filter((figures) => expectedRisk(figures, range).atRisk).length,
        averageActivePeoplePerActiveAccount: active.reduce((sum, figures) => sum + figures.activePeople, 0) / active.length,
        minUsers: 3,
        accountsWithAtLeastMinUsers: expected.filter((figures) => figures.activePeople >= 3).length,
        totalEvents: expected.reduce((sum, figures) => sum + figures.events, 0),
        totalKeyActions: expected.reduce((sum, figures) => sum + figures.keyActions, 0),
        totalActivePeople: expectedDistinctActivePeople(replayed, range, scenarioTimeZone),
      });
    }
  });

  it('lists group types and the ingest overview, and refuses unknown group types and bad ranges', async () => {
    const types = await graphql(server, scenario.readKey, '{ groupTypes { id name displaySingular displayPlural nameProperty groupCount } ingestOverview { people peopleWithoutGroup groups events } }');
    expect(types.data.groupTypes).toEqual([{ id: 0, name: 'company', displaySingular: 'company', displayPlural: 'companies', nameProperty: 'name', groupCount: replayed.groups.size }]);
    expect(types.data.ingestOverview).toEqual({ people: replayed.users.size, peopleWithoutGroup: 0, groups: replayed.groups.size, events: replayed.events });
    const unknown = await graphql(server, scenario.readKey, '{ groups(groupType: "team") { totalCount } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const backwards = await graphql(server, scenario.readKey, '{ groups(groupType: "company", range: { from: "2026-10-10", to: "2026-10-01" }) { totalCount } }');
    expect(backwards.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const notADay = await graphql(server, scenario.readKey, '{ groups(groupType: "company", range: { from: "2026-02-30", to: "2026-03-01" }) { totalCount } }');
    expect(notADay.errors?.length).toBeGreaterThan(0);
    const anonymous = await graphql(server, null, '{ groupTypes { name } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows nothing of this project to another project’s key', async () => {
    const other = await server.services.projects.createProject({ name: 'Other tenant', timeZone: 'UTC' });
    const types = await graphql(server, other.readKey, '{ groupTypes { name } ingestOverview { people groups events } }');
    expect(types.data).toEqual({ groupTypes: [], ingestOverview: { people: 0, groups: 0, events: 0 } });
    const groups = await graphql(server, other.secretKey, '{ groups(groupType: "company") { totalCount } }');
    expect(groups.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const detail = await graphql(server, other.readKey, '{ group(groupType: "company", value: "acme") { properties } }');
    expect(detail).toEqual({ data: { group: null } });
  });

  it('defaults to the last 30 days ending today in the project time zone', async () => {
    const result = await queryGroups(server, scenario.readKey, { groupType: companyType });
    expect(result.range.days).toBe(30);
    expect(result.range.to).toBe(localDayOf(Date.now(), scenarioTimeZone));
  });
});
