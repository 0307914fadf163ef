// Retention and its Microscope through the real GraphQL endpoint, on events sent through the real
// ingest endpoint into a project in Adelaide (half-hour offset), laid out relative to today so the
// late cohorts have incomplete cells. Every cell, percentage and curve point is compared with
// test/factories/retention-oracle.ts, a plain replay of the raw events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayEvents, type Replay } from '../factories/analysis-oracle';
import { companyType, localMidnight, secondTimeZone, type ScenarioBatch } from '../factories/analytics-scenario';
import { dayInZone, plusDays } from '../factories/calendar';
import { buildRetentionScenario, type RetentionScenario } from '../factories/retention-scenario';
import {
  expectedRetention,
  periodOf,
  type ExpectedTable,
  type RetentionDefinition,
} from '../factories/retention-oracle';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const timeZone = secondTimeZone;

const tableFields = `breakdown { kind value label } born
  cohorts { period born cells { offset period complete retained percentage } }
  curve { offset percentage retained born cohorts }`;

const retentionQuery = `query Retention($input: RetentionInput!) {
  retention(input: $input) {
    range { from to } interval periods countedBy groupType today
    total { ${tableFields} } breakdowns { ${tableFields} }
  } }`;

const microscopeQuery = `query RetentionMicroscope($cell: RetentionCellInput!, $first: Int, $after: String) {
  retentionMicroscope(cell: $cell, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { kind groupType groupPath value name userId deviceId bornOn returnEvents } }
  } }`;

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL answer, read field by field against the oracle.
function expectTable(actual: any, expected: ExpectedTable, what: string): void {
  expect(
    actual.breakdown === null ? null : { kind: actual.breakdown.kind, value: actual.breakdown.value },
    what,
  ).toEqual(expected.breakdown);
  expect(actual.born, `${what} born`).toBe(expected.born);
  expect(actual.cohorts.length, `${what} cohorts`).toBe(expected.cohorts.length);
  expected.cohorts.forEach((cohort, index) => {
    const got = actual.cohorts[index];
    expect(got.period, `${what} cohort ${index}`).toBe(cohort.period);
    expect(got.born, `${what} born in ${cohort.period}`).toBe(cohort.born);
    cohort.cells.forEach((cell, offset) => {
      const gotCell = got.cells[offset];
      const where = `${what} ${cohort.period} +${offset}`;
      expect({ ...gotCell, percentage: undefined }, where).toEqual({ ...cell, percentage: undefined });
      if (cell.percentage === null) expect(gotCell.percentage, where).toBeNull();
      else expect(gotCell.percentage, where).toBeCloseTo(cell.percentage, 9);
    });
  });
  expected.curve.forEach((point, offset) => {
    const got = actual.curve[offset];
    expect({ ...got, percentage: undefined }, `${what} curve +${offset}`).toEqual({ ...point, percentage: undefined });
    if (point.percentage === null) expect(got.percentage).toBeNull();
    else expect(got.percentage, `${what} curve +${offset}`).toBeCloseTo(point.percentage, 9);
  });
}

describe('analysis: retention and its Microscope', () => {
  let server: TestServer;
  let secretKey: string;
  let scenario: RetentionScenario;
  let replay: Replay;
  let today: string;
  let ingestKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Retention', timeZone });
    secretKey = created.secretKey;
    ingestKey = created.project.ingestKey;
    today = dayInZone(Date.now(), timeZone);
    scenario = buildRetentionScenario(today, timeZone);
    for (const batch of scenario.batches) {
      const response = await postJson(`${server.url}/2/httpapi`, {
        api_key: created.project.ingestKey,
        events: batch.events,
      });
      expect(response.status).toBe(200);
    }
    replay = replayEvents(scenario.batches, companyType);
  });
  afterAll(async () => server?.stop());

  const retention = async (input: RetentionDefinition) => {
    const response = await graphql(server, secretKey, retentionQuery, { input });
    expect(response.errors).toBeUndefined();
    return response.data.retention;
  };

  const compare = async (definition: RetentionDefinition) => {
    const actual = await retention(definition);
    expect(actual.today).toBe(today);
    const expected = expectedRetention(replay, definition, timeZone, today);
    expectTable(actual.total, expected.total, 'total');
    expect(actual.breakdowns.length).toBe(expected.breakdowns.length);
    expected.breakdowns.forEach((table, index) => {
      expectTable(actual.breakdowns[index], table, `breakdown ${index}`);
    });
    return { actual, expected };
  };

  it('weekly group retention of any event from a mid-week start, late cells incomplete (rollups)', async () => {
    const { actual, expected } = await compare({
      startEvent: { eventType: 'Signup' },
      range: { from: plusDays(scenario.firstMonday, 2), to: today },
    });
    expect(actual.interval).toBe('WEEK');
    expect(actual.periods).toBe(8);
    expect(actual.groupType).toBe(companyType);
    // The scenario must exercise what is compared: births, returns, incomplete cells.
    expect(expected.total.born).toBeGreaterThan(3);
    expect(expected.total.cohorts.at(-1)!.cells[0]!.retained).toBeNull();
    expect(expected.total.curve[1]!.retained).toBeGreaterThan(0);
  });

  it('start and return the same selection, broken down by plan', async () => {
    const { expected } = await compare({
      startEvent: { eventType: 'Report Created' },
      returnEvent: { eventType: 'Report Created' },
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
      range: { from: scenario.firstMonday, to: plusDays(scenario.firstMonday, 48) },
      periods: 6,
    });
    expect(expected.breakdowns.map((table) => table.breakdown?.kind)).toContain('NONE');
    // k = 0 is the birth period itself: with the same selection every unit is retained there.
    for (const cohort of expected.total.cohorts)
      if (cohort.born > 0) expect(cohort.cells[0]!.retained).toBe(cohort.born);
  });

  it('daily retention of people, organisation-level events never count for them', async () => {
    await compare({
      startEvent: { eventType: 'Page Viewed' },
      returnEvent: { eventType: 'Report Created' },
      countedBy: 'PEOPLE',
      interval: 'DAY',
      periods: 10,
      range: { from: plusDays(today, -20), to: plusDays(today, -1) },
    });
  });

  it('monthly retention with an event property filter (raw events) and month boundaries', async () => {
    await compare({
      startEvent: { eventType: 'Signup', filters: [{ key: 'source', operator: 'EQUALS', value: 'email' }] },
      interval: 'MONTH',
      periods: 3,
      range: { from: plusDays(scenario.firstMonday, -14), to: today },
    });
  });

  it('people broken down by plan with a group filter; groups with a group filter', async () => {
    await compare({
      startEvent: { eventType: 'Signup' },
      countedBy: 'PEOPLE',
      groupFilters: [{ key: 'plan', operator: 'NOT_EQUALS', value: 'free' }],
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan', limit: 1 },
      range: { from: scenario.firstMonday, to: today },
      periods: 10,
    });
    await compare({
      startEvent: { eventType: 'Signup' },
      returnEvent: { eventType: 'Page Viewed' },
      groupFilters: [{ key: 'plan', operator: 'IS_SET' }],
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
      range: { from: scenario.firstMonday, to: today },
    });
  });

  it('Microscope lists the retained and lost units of a cell, paged, and as CSV', async () => {
    const cases: { definition: RetentionDefinition; breakdown: number | null }[] = [
      {
        definition: { startEvent: { eventType: 'Signup' }, range: { from: scenario.firstMonday, to: today } },
        breakdown: null,
      },
      {
        definition: {
          startEvent: { eventType: 'Signup' },
          returnEvent: { eventType: 'Report Created' },
          countedBy: 'PEOPLE',
          breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
          range: { from: scenario.firstMonday, to: today },
        },
        breakdown: 0,
      },
    ];
    let checkedCells = 0;
    for (const { definition, breakdown } of cases) {
      const expected = expectedRetention(replay, definition, timeZone, today);
      const table = breakdown === null ? expected.total : expected.breakdowns[breakdown]!;
      for (const cohort of table.cohorts.filter((candidate) => candidate.born > 0).slice(0, 3)) {
        for (const offset of [0, 1, 2]) {
          const cell = cohort.cells[offset]!;
          if (!cell.complete) continue;
          for (const status of ['RETAINED', 'LOST'] as const) {
            const units = [...table.birthDays].filter(
              ([unit, day]) =>
                periodOf(day, 'WEEK') === cohort.period &&
                table.returnEvents.has(`${unit}|${cell.period}`) === (status === 'RETAINED'),
            );
            const input = {
              query: definition,
              cohort: cohort.period,
              offset,
              breakdown: table.breakdown,
              status,
            };
            const collected: { name: string; bornOn: string; returnEvents: number }[] = [];
            let after: string | null = null;
            for (let page = 0; page < 20; page += 1) {
              const response = await graphql(server, secretKey, microscopeQuery, { cell: input, first: 2, after });
              expect(response.errors).toBeUndefined();
              const connection = response.data.retentionMicroscope;
              expect(connection.totalCount).toBe(units.length);
              // biome-ignore lint/suspicious/noExplicitAny: edges of the GraphQL answer.
              for (const edge of connection.edges as any[]) {
                const node = edge.node;
                expect(node.kind).toBe(definition.countedBy === 'PEOPLE' ? 'PERSON' : 'GROUP');
                collected.push({
                  name: definition.countedBy === 'PEOPLE' ? (node.userId ?? node.deviceId) : node.value,
                  bornOn: node.bornOn,
                  returnEvents: node.returnEvents,
                });
              }
              if (!connection.pageInfo.hasNextPage) break;
              after = connection.pageInfo.endCursor;
            }
            const expectedMembers = units.map(([unit, day]) => ({
              name: unit,
              bornOn: day,
              returnEvents: table.returnEvents.get(`${unit}|${cell.period}`) ?? 0,
            }));
            const byName = (left: { name: string }, right: { name: string }) => (left.name < right.name ? -1 : 1);
            expect(collected.sort(byName)).toEqual(expectedMembers.sort(byName));
            checkedCells += 1;
            if (status === 'RETAINED' && units.length > 0) {
              const csv = await postJson(
                `${server.url}/analysis/retention-microscope.csv`,
                { cell: input },
                { authorization: `Bearer ${secretKey}` },
              );
              expect(csv.status).toBe(200);
              const lines = csv.text.trim().split('\r\n');
              expect(lines[0]).toBe(
                definition.countedBy === 'PEOPLE'
                  ? 'user_id,device_id,born_on,return_events'
                  : 'group_type,value,name,born_on,return_events',
              );
              expect(lines.length).toBe(units.length + 1);
            }
          }
        }
      }
    }
    expect(checkedCells).toBeGreaterThan(6);
  });

  it('saves a retention chart and reopens it with the checked definition (defaults filled in)', async () => {
    const definition = {
      startEvent: { eventType: 'Signup' },
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
      range: { from: scenario.firstMonday, to: today },
    };
    const saved = await graphql(
      server,
      secretKey,
      'mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id kind definition } }',
      { input: { name: 'Signup retention', retention: definition } },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveChart.kind).toBe('RETENTION');
    const reopened = await graphql(
      server,
      secretKey,
      'query Open($id: Int!) { savedChart(id: $id) { kind definition } }',
      {
        id: saved.data.saveChart.id,
      },
    );
    const stored = reopened.data.savedChart.definition;
    expect(stored).toMatchObject({
      interval: 'WEEK',
      periods: 8,
      countedBy: 'GROUPS',
      returnEvent: { eventType: null },
    });
    // The stored definition is a valid input again and gives the same table.
    const again = await graphql(server, secretKey, retentionQuery, { input: stored });
    expect(again.errors).toBeUndefined();
    expect(again.data.retention.total).toEqual((await retention(definition as RetentionDefinition)).total);
    const invalid = await graphql(
      server,
      secretKey,
      'mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id } }',
      { input: { name: 'Bad', retention: { ...definition, periods: 99 } } },
    );
    expect(invalid.errors?.[0]?.message).toMatch(/at most 52/);
  });

  it('refuses invalid definitions and cells with actionable errors', async () => {
    const range = { from: scenario.firstMonday, to: today };
    const errorOf = async (query: string, variables: Record<string, unknown>) => {
      const response = await graphql(server, secretKey, query, variables);
      expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      return response.errors![0]!.message;
    };
    const base = { startEvent: { eventType: 'Signup' }, range };
    expect(await errorOf(retentionQuery, { input: { ...base, countedBy: 'EVENTS' } })).toMatch(/GROUPS or PEOPLE/);
    expect(await errorOf(retentionQuery, { input: { ...base, periods: 0 } })).toMatch(/periods/);
    expect(await errorOf(retentionQuery, { input: { ...base, periods: 53 } })).toMatch(/at most 52/);
    expect(await errorOf(retentionQuery, { input: { ...base, groupType: 'nope' } })).toMatch(
      /Unknown group type "nope"; known group types: "company"/,
    );
    expect(
      await errorOf(retentionQuery, { input: { ...base, breakdown: { source: 'EVENT_PROPERTY', key: 'source' } } }),
    ).toMatch(/GROUP_PROPERTY/);
    expect(
      await errorOf(retentionQuery, { input: { ...base, groupFilters: [{ key: 'nope', operator: 'IS_SET' }] } }),
    ).toMatch(/Unknown group property "nope"/);
    expect(
      await errorOf(retentionQuery, { input: { ...base, range: { from: today, to: scenario.firstMonday } } }),
    ).toMatch(/after it ends/);
    expect(await errorOf(retentionQuery, { input: { ...base, cohortId: 3 } })).toMatch(
      /No cohort of groups 3 in this project/,
    );
    const cell = { query: base, cohort: scenario.firstMonday, offset: 1, status: 'LOST' };
    expect(await errorOf(microscopeQuery, { cell: { ...cell, offset: 9 } })).toMatch(/offsets run from 0 to 8/);
    expect(await errorOf(microscopeQuery, { cell: { ...cell, cohort: plusDays(scenario.firstMonday, 1) } })).toMatch(
      /not a cohort/,
    );
    expect(await errorOf(microscopeQuery, { cell: { ...cell, breakdown: { kind: 'NONE' } } })).toMatch(/no breakdown/);
    const lastCohort = periodOf(today, 'WEEK');
    expect(await errorOf(microscopeQuery, { cell: { ...cell, cohort: lastCohort, offset: 0 } })).toMatch(
      /has not ended yet/,
    );
    const csv = await postJson(
      `${server.url}/analysis/retention-microscope.csv`,
      { cell: { ...cell, offset: 9 } },
      { authorization: `Bearer ${secretKey}` },
    );
    expect(csv.status).toBe(400);
  });

  // Group-counted tables are computed from rollup rows kept in memory between requests
  // (group-days-cache.ts): asked again right after new events, they must count them.
  it('answers again right after new events, as the replay of every event does', async () => {
    const definitions: RetentionDefinition[] = [
      { startEvent: { eventType: 'Signup' }, range: { from: scenario.firstMonday, to: today } },
      {
        startEvent: { eventType: 'Signup' },
        returnEvent: { eventType: 'Page Viewed' },
        breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
        range: { from: scenario.firstMonday, to: today },
      },
    ];
    for (const definition of definitions) await compare(definition);
    const at = (day: string, hours: number) => localMidnight(day, timeZone) + hours * 3_600_000;
    const born = plusDays(scenario.firstMonday, 9);
    const fresh: ScenarioBatch = {
      events: [
        // A new company born in the second week, back two and three weeks later.
        { event_type: 'Signup', user_id: 'fresh-founder', time: at(born, 10), groups: { company: 'fresh-co' } },
        {
          event_type: 'Page Viewed',
          user_id: 'fresh-founder',
          time: at(plusDays(born, 14), 9),
          groups: { company: 'fresh-co' },
        },
        { event_type: 'Report Created', time: at(plusDays(born, 21), 9), groups: { company: 'fresh-co' } },
        {
          event_type: '$groupidentify',
          time: at(born, 9),
          groups: { company: 'fresh-co' },
          group_properties: { $set: { plan: 'pro' } },
        },
      ],
    };
    const response = await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events: fresh.events });
    expect(response.status, response.text).toBe(200);
    replay = replayEvents([...scenario.batches, fresh], companyType);
    for (const definition of definitions) await compare(definition);
  });
});
