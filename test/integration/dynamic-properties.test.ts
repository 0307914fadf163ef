// Dynamic group properties through the real GraphQL endpoint, on the seeded scenario sent through
// the real ingest endpoint into a project in Adelaide (UTC+10:30 in this span, so local midnight
// is 13:30 UTC): a consultant in two accounts through event-level groups, a person whose
// user-level company is overwritten mid-range, organisation-level events, retried batches. The job
// runs every hour of ten days on an injected clock; every value, every computation time and every
// history row is compared with test/factories/dynamic-property-oracle.ts, a replay of the raw events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamicPropertiesJob } from '../../apps/api/src/jobs/dynamic-properties.job';
import { replayEvents, type Replay } from '../factories/analysis-oracle';
import {
  buildScenario,
  companyType,
  localMidnight,
  secondTimeZone,
  type ScenarioBatch,
  type WireEvent,
} from '../factories/analytics-scenario';
import { dayInZone, daysOf, plusDays } from '../factories/calendar';
import {
  expectedFigures,
  expectedPeriod,
  type OracleMeasure,
  type OracleWindow,
} from '../factories/dynamic-property-oracle';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const timeZone = secondTimeZone;
const hour = 3_600_000;

/** Checkouts with a `source` property (the base scenario's events have none), one organisation-level. */
function checkoutBatches(): ScenarioBatch[] {
  const people = ['user-acme-01', 'user-acme-02', 'user-northwind-00', 'user-consultant', 'user-newco-01'];
  const events: WireEvent[] = daysOf({ from: '2026-10-15', to: '2026-11-03' }).map((day, index) => ({
    event_type: 'Checkout',
    user_id: people[index % people.length]!,
    time: index % 2 ? localMidnight(day, timeZone) : localMidnight(plusDays(day, 1), timeZone) - 1,
    insert_id: `checkout-${index}`,
    event_properties: { source: index % 3 ? 'email' : 'search' },
    ...(index % people.length === 3 ? { groups: { company: ['acme', 'northwind'] } } : {}),
  }));
  events.push({
    event_type: 'Checkout',
    time: localMidnight('2026-10-28', timeZone) + hour,
    insert_id: 'checkout-org',
    groups: { company: 'northwind' },
    event_properties: { source: 'email' },
  });
  return [{ events }, { events: events.slice(0, 4), retry: true }];
}

const propertyFields =
  'id propertyKey groupType savedChartId chartName definition window { kind days } computedAt period { from to } groupsChanged lastAttemptAt lastError';
const create = `mutation Create($chart: Int!, $key: String!, $groupType: String!, $window: DynamicPropertyWindowInput) {
  createDynamicProperty(savedChartId: $chart, propertyKey: $key, groupType: $groupType, window: $window) { ${propertyFields} } }`;
const list = `query { dynamicProperties { ${propertyFields} } }`;
const recompute = `mutation Recompute($id: Int!) { recomputeDynamicProperty(id: $id) { ${propertyFields} } }`;
const remove = `mutation Delete($id: Int!) { deleteDynamicProperty(id: $id) }`;
const saveChart = `mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id } }`;

interface Definition {
  key: string;
  chart: Record<string, unknown>;
  measure: OracleMeasure;
  window: OracleWindow;
}

const fixedRange = { from: '2026-10-01', to: '2026-10-07' };
const definitions: Definition[] = [
  {
    key: 'active_people_7d',
    chart: { series: [{}], countedBy: 'PEOPLE', measure: 'UNIQUES', range: fixedRange },
    measure: { countedBy: 'PEOPLE', measure: 'UNIQUES' },
    window: { rollingDays: 7 },
  },
  {
    key: 'weekly_active_people',
    chart: { series: [{}], countedBy: 'PEOPLE', range: fixedRange, interval: 'WEEK' },
    measure: { countedBy: 'PEOPLE', measure: 'UNIQUES' },
    window: { calendar: 'WEEK' },
  },
  {
    key: 'monthly_reports',
    chart: { series: [{ eventType: 'Report Created' }], countedBy: 'EVENTS', measure: 'TOTALS', range: fixedRange },
    measure: { eventType: 'Report Created', countedBy: 'EVENTS', measure: 'TOTALS' },
    window: { calendar: 'MONTH' },
  },
  {
    key: 'email_checkouts_3d',
    chart: {
      series: [{ eventType: 'Checkout', filters: [{ key: 'source', operator: 'EQUALS', value: 'email' }] }],
      countedBy: 'PEOPLE',
      measure: 'TOTALS',
      groupType: companyType,
      range: fixedRange,
    },
    measure: {
      eventType: 'Checkout',
      filters: [{ key: 'source', operator: 'EQUALS', value: 'email' }],
      countedBy: 'PEOPLE',
      measure: 'TOTALS',
    },
    window: { rollingDays: 3 },
  },
];

describe('dynamic group properties', () => {
  let server: TestServer;
  let secretKey: string;
  let readKey: string;
  let ingestKey: string;
  let replay: Replay;
  let groups: string[];
  let now = new Date('2026-10-25T00:07:00Z');
  const chartIds = new Map<string, number>();
  const propertyIds = new Map<string, number>();

  const admin = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await graphql(server, secretKey, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  /** Every group's current properties (value and source), in one aliased request. */
  const currentProperties = async () => {
    const query = `query { ${groups
      .map(
        (value, index) =>
          `g${index}: group(groupType: "company", value: ${JSON.stringify(value)}) { propertyList { key value source updatedAt } }`,
      )
      .join(' ')} }`;
    const data = await admin(query);
    return new Map(
      groups.map((value, index) => [
        value,
        new Map(
          (data[`g${index}`].propertyList as { key: string; value: unknown; source: string; updatedAt: string }[]).map(
            (property) => [property.key, property],
          ),
        ),
      ]),
    );
  };

  const expectValues = async (at: Date, only: Definition[] = definitions) => {
    const current = await currentProperties();
    const today = dayInZone(at.getTime(), timeZone);
    for (const definition of only) {
      const figures = expectedFigures(replay, definition.measure, expectedPeriod(definition.window, today), timeZone);
      for (const value of groups) {
        const property = current.get(value)!.get(definition.key);
        expect({ group: value, key: definition.key, value: property?.value, source: property?.source }).toEqual({
          group: value,
          key: definition.key,
          value: figures.get(value),
          source: 'dynamic',
        });
      }
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Dynamic', timeZone });
    secretKey = created.secretKey;
    readKey = created.readKey;
    ingestKey = created.project.ingestKey;
    const batches = [...buildScenario(), ...checkoutBatches()];
    for (const batch of batches) {
      const response = await postJson(`${server.url}/2/httpapi`, {
        api_key: created.project.ingestKey,
        events: batch.events,
      });
      expect(response.status).toBe(200);
    }
    replay = replayEvents(batches, companyType);
    groups = [...replay.allGroups].sort();
    server.services.dynamicProperties.setClock(() => now);
    for (const definition of definitions) {
      const saved = await admin(saveChart, { input: { name: definition.key, segmentation: definition.chart } });
      chartIds.set(definition.key, saved.saveChart.id);
    }
  });
  afterAll(async () => server?.stop());

  it('creates properties from saved charts and computes them at once, in the project time zone', async () => {
    expect(groups.length).toBeGreaterThan(4);
    for (const definition of definitions) {
      const data = await admin(create, {
        chart: chartIds.get(definition.key),
        key: definition.key,
        groupType: companyType,
        window: definition.window,
      });
      const property = data.createDynamicProperty;
      propertyIds.set(definition.key, property.id);
      // 00:07 UTC is 10:37 on 25 October in Adelaide: the periods end on the 24th.
      expect(property).toMatchObject({
        propertyKey: definition.key,
        groupType: companyType,
        savedChartId: chartIds.get(definition.key),
        chartName: definition.key,
        computedAt: now.toISOString(),
        period: expectedPeriod(definition.window, '2026-10-25'),
        lastError: null,
      });
    }
    const listed = (await graphql(server, readKey, list)).data.dynamicProperties;
    expect(listed.map((property: { propertyKey: string }) => property.propertyKey).sort()).toEqual(
      definitions.map((definition) => definition.key).sort(),
    );
    expect(
      listed.find((property: { propertyKey: string }) => property.propertyKey === 'active_people_7d'),
    ).toMatchObject({
      window: { kind: 'ROLLING', days: 7 },
      period: { from: '2026-10-18', to: '2026-10-24' },
      definition: { countedBy: 'PEOPLE', measure: 'UNIQUES', selection: { eventType: null, filters: [] } },
    });
    await expectValues(now);
  });

  it('the hourly job recomputes rolling windows once a local day and calendar windows once per interval', async () => {
    const job = createDynamicPropertiesJob(server.services.dynamicProperties);
    const created = now.getTime();
    const computations = new Map<string, string[]>(
      definitions.map((definition) => [definition.key, [now.toISOString()]]),
    );
    const valuesAt: Date[] = [];
    for (let dueAt = created + hour; dueAt <= created + 10 * 24 * hour; dueAt += hour) {
      now = new Date(dueAt);
      await job.run(now);
      const properties = (await admin(list)).dynamicProperties as {
        propertyKey: string;
        computedAt: string;
        lastError: string | null;
      }[];
      let changed = false;
      for (const property of properties) {
        expect(property.lastError).toBeNull();
        const times = computations.get(property.propertyKey)!;
        if (times.at(-1) !== property.computedAt) {
          times.push(property.computedAt);
          changed = true;
        }
      }
      if (changed) {
        valuesAt.push(now);
        await expectValues(now);
      }
    }
    // Expected: the first run after the period moved (local midnight, Monday, the 1st).
    for (const definition of definitions) {
      const expected = [new Date(created).toISOString()];
      for (let dueAt = created + hour; dueAt <= created + 10 * 24 * hour; dueAt += hour) {
        const before = expectedPeriod(definition.window, dayInZone(dueAt - hour, timeZone));
        const after = expectedPeriod(definition.window, dayInZone(dueAt, timeZone));
        if (before.from !== after.from) expected.push(new Date(dueAt).toISOString());
      }
      expect({ key: definition.key, computations: computations.get(definition.key) }).toEqual({
        key: definition.key,
        computations: expected,
      });
    }
    // 14:07 UTC is 00:37 in Adelaide: the first run of each local day.
    expect(computations.get('active_people_7d')!.slice(1, 3)).toEqual([
      '2026-10-25T14:07:00.000Z',
      '2026-10-26T14:07:00.000Z',
    ]);
    expect(computations.get('weekly_active_people')).toEqual([
      '2026-10-25T00:07:00.000Z',
      '2026-10-25T14:07:00.000Z',
      '2026-11-01T14:07:00.000Z',
    ]);
    expect(computations.get('monthly_reports')).toEqual(['2026-10-25T00:07:00.000Z', '2026-10-31T14:07:00.000Z']);
    expect(valuesAt.length).toBeGreaterThanOrEqual(10);
  });

  it('records history rows only when a value changes, with source dynamic and the computation time', async () => {
    const definition = definitions[0]!;
    const computedOn: Date[] = [new Date('2026-10-25T00:07:00Z')];
    for (let day = 0; day < 10; day += 1)
      computedOn.push(new Date(Date.parse('2026-10-25T14:07:00Z') + day * 24 * hour));
    let sawUnchangedDay = false;
    let sawChange = false;
    for (const value of groups) {
      const expected: { value: unknown; changedAt: string }[] = [];
      for (const at of computedOn) {
        const figure = expectedFigures(
          replay,
          definition.measure,
          expectedPeriod(definition.window, dayInZone(at.getTime(), timeZone)),
          timeZone,
        ).get(value);
        if (expected.at(-1)?.value === figure) sawUnchangedDay = true;
        else expected.push({ value: figure, changedAt: at.toISOString() });
      }
      if (expected.length > 1) sawChange = true;
      const data = await admin(
        `query History($value: String!) { group(groupType: "company", value: $value) {
          propertyList { key history(first: 20) { edges { node { value source operation changedAt } } } } } }`,
        { value },
      );
      const history = data.group.propertyList
        .find((property: { key: string }) => property.key === definition.key)
        .history.edges.map((edge: { node: unknown }) => edge.node)
        .reverse();
      expect({ group: value, history }).toEqual({
        group: value,
        history: expected.map((row) => ({ ...row, source: 'dynamic', operation: '$set' })),
      });
    }
    // The scenario makes both happen: days that change a value and days that leave it as it was.
    expect(sawChange).toBe(true);
    expect(sawUnchangedDay).toBe(true);
  });

  it('keeps its copy of the definition when the chart is edited; "recompute now" writes nothing unchanged', async () => {
    const key = 'active_people_7d';
    const edited = await admin(saveChart, {
      input: {
        id: chartIds.get(key),
        name: 'edited',
        segmentation: {
          series: [{ eventType: 'Checkout' }],
          countedBy: 'EVENTS',
          measure: 'TOTALS',
          range: fixedRange,
        },
      },
    });
    expect(edited.saveChart.id).toBe(chartIds.get(key));
    now = new Date(now.getTime() + 5 * 60_000);
    const recomputed = (await admin(recompute, { id: propertyIds.get(key) })).recomputeDynamicProperty;
    expect(recomputed).toMatchObject({
      chartName: key,
      computedAt: now.toISOString(),
      groupsChanged: 0,
      definition: { countedBy: 'PEOPLE', measure: 'UNIQUES', selection: { eventType: null } },
    });
    await expectValues(now, [definitions[0]!]);
    const readOnly = await graphql(server, readKey, recompute, { id: propertyIds.get(key) });
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await graphql(server, secretKey, recompute, { id: 99_999 });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses charts and windows without one clear per-group figure, with the reason', async () => {
    const chartOf = async (name: string, input: Record<string, unknown>) =>
      (await admin(saveChart, { input: { name, ...input } })).saveChart.id as number;
    const peopleChart = { series: [{}], countedBy: 'PEOPLE', range: fixedRange };
    const refusals: [string, number, Record<string, unknown> | null, RegExp][] = [
      ['composition', await chartOf('c1', { composition: { property: 'plan' } }), { rollingDays: 7 }, /distribution/],
      [
        'two series',
        await chartOf('c2', { segmentation: { ...peopleChart, series: [{}, { eventType: 'Checkout' }] } }),
        { rollingDays: 7 },
        /2 series/,
      ],
      [
        'breakdown',
        await chartOf('c3', {
          segmentation: { ...peopleChart, breakdown: { source: 'EVENT_PROPERTY', key: 'source' } },
        }),
        { rollingDays: 7 },
        /broken down/,
      ],
      [
        'group filters',
        await chartOf('c4', {
          segmentation: { ...peopleChart, groupType: companyType, groupFilters: [{ key: 'plan', operator: 'IS_SET' }] },
        }),
        { rollingDays: 7 },
        /group filters/,
      ],
      [
        'counted by groups',
        await chartOf('c5', { segmentation: { ...peopleChart, countedBy: 'GROUPS' } }),
        { rollingDays: 7 },
        /counts groups/,
      ],
      [
        'average',
        await chartOf('c6', { segmentation: { ...peopleChart, measure: 'AVERAGE' } }),
        { rollingDays: 7 },
        /AVERAGE is not supported/,
      ],
      ['new', await chartOf('c7', { segmentation: { ...peopleChart, measure: 'NEW' } }), { rollingDays: 7 }, /NEW/],
      [
        'events uniques',
        await chartOf('c8', { segmentation: { ...peopleChart, countedBy: 'EVENTS', measure: 'UNIQUES' } }),
        { rollingDays: 7 },
        /only TOTALS/,
      ],
      ['fixed range', chartIds.get('monthly_reports')!, null, /range is fixed \(2026-10-01 to 2026-10-07\)/],
      ['both windows', chartIds.get('monthly_reports')!, { rollingDays: 7, calendar: 'WEEK' }, /not both/],
      ['empty window', chartIds.get('monthly_reports')!, {}, /range is fixed/],
      ['zero days', chartIds.get('monthly_reports')!, { rollingDays: 0 }, /1 to 365/],
    ];
    for (const [what, chart, window, reason] of refusals) {
      const response = await graphql(server, secretKey, create, {
        chart,
        key: `refused_${what}`,
        groupType: companyType,
        window,
      });
      expect({ what, code: response.errors?.[0]?.extensions?.code }).toEqual({ what, code: 'INVALID_INPUT' });
      expect(response.errors?.[0]?.message).toMatch(reason);
    }
    const attempt = (variables: Record<string, unknown>, key = secretKey) =>
      graphql(server, key, create, {
        chart: chartIds.get('monthly_reports'),
        key: 'another',
        groupType: companyType,
        window: { rollingDays: 7 },
        ...variables,
      });
    expect((await attempt({ chart: 99_999 })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await attempt({ groupType: 'planet' })).errors?.[0]?.message).toMatch(/Unknown group type "planet"/);
    expect((await attempt({ key: 'name' })).errors?.[0]?.message).toMatch(/name property/);
    expect((await attempt({ key: 'active_people_7d' })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await attempt({}, readKey)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(server, null, list)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const stored = (await admin(list)).dynamicProperties.map(
      (property: { propertyKey: string }) => property.propertyKey,
    );
    expect(stored.sort()).toEqual(definitions.map((definition) => definition.key).sort());
  });

  it('deleting removes the values it wrote, not a value another source wrote since', async () => {
    const key = 'email_checkouts_3d';
    const overwritten = groups[0]!;
    const response = await postJson(`${server.url}/2/httpapi`, {
      api_key: ingestKey,
      events: [
        {
          event_type: '$groupidentify',
          time: now.getTime(),
          groups: { company: overwritten },
          group_properties: { $set: { [key]: 'set by hand' } },
        },
      ],
    });
    expect(response.status).toBe(200);
    expect((await admin(remove, { id: propertyIds.get(key) })).deleteDynamicProperty).toBe(true);
    expect((await admin(remove, { id: propertyIds.get(key) })).deleteDynamicProperty).toBe(false);
    const current = await currentProperties();
    for (const value of groups) {
      const property = current.get(value)!.get(key);
      if (value === overwritten) expect(property).toMatchObject({ value: 'set by hand', source: 'identify' });
      else expect(property).toBeUndefined();
    }
    // Other properties are untouched and the job goes on without the deleted one.
    await expectValues(now, [definitions[0]!]);
  });
});
