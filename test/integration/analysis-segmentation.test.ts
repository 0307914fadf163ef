// Event segmentation, composition and Microscope through the real GraphQL endpoint, on the seeded
// scenario sent through the real ingest endpoint into a project in Adelaide (half-hour offset,
// daylight saving starting 4 October, events on local midnights), with every trap of the Groups
// tests: a consultant in two accounts through event-level groups, a person whose user-level
// company is overwritten mid-range, organisation-level events, retried batches, late events.
// On top: group `plan` values (and groups without one) and events with properties, also retried.
// Every figure is compared with test/factories/analysis-oracle.ts, a replay of the raw events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bucketOf,
  expectedPointMembers,
  expectedSegmentation,
  replayEvents,
  type ChartDefinition,
  type Replay,
} from '../factories/analysis-oracle';
import {
  buildScenario,
  companyType,
  localMidnight,
  secondTimeZone,
  type ScenarioBatch,
  type WireEvent,
} from '../factories/analytics-scenario';
import { daysOf, dayInZone, plusDays } from '../factories/calendar';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const timeZone = secondTimeZone;

/** Plans for some companies (others keep 'pro' from the scenario, or have none), and events with properties. */
function extraBatches(): ScenarioBatch[] {
  const setAt = localMidnight('2026-10-20', timeZone);
  const plans: WireEvent[] = [
    {
      event_type: '$groupidentify',
      time: setAt,
      groups: { company: 'acme' },
      group_properties: { $set: { plan: 'enterprise', seats: 40 } },
    },
    {
      event_type: '$groupidentify',
      time: setAt,
      groups: { company: 'globex' },
      group_properties: { $set: { plan: 'enterprise', seats: 12 } },
    },
    {
      event_type: '$groupidentify',
      time: setAt,
      groups: { company: 'tiny' },
      group_properties: { $set: { plan: 'free' } },
    },
    {
      event_type: '$groupidentify',
      time: setAt,
      groups: { company: 'orgonly' },
      group_properties: { $set: { plan: 'free', seats: '3', name: '=SUM(A1)' } },
    },
  ];
  const sources = ['email', 'search', 'ads', undefined];
  const withProperties: WireEvent[] = [];
  const people = [
    'user-acme-01',
    'user-acme-02',
    'user-northwind-00',
    'user-consultant',
    'user-mover',
    'user-newco-01',
  ];
  daysOf({ from: '2026-10-02', to: '2026-10-27' }).forEach((day, index) => {
    const person = people[index % people.length]!;
    const source = sources[index % sources.length];
    withProperties.push({
      event_type: 'Checkout',
      user_id: person,
      // Alternately just after local midnight and just before the next one.
      time: index % 2 === 0 ? localMidnight(day, timeZone) + 1_000 : localMidnight(plusDays(day, 1), timeZone) - 1_000,
      insert_id: `checkout-${index}`,
      event_properties: {
        amount: index % 3 === 0 ? String(index * 2) : index * 2,
        ...(source ? { source } : {}),
        coupon: index % 5 === 0 ? null : `SPRING-${index}`,
      },
      ...(person === 'user-consultant' ? { groups: { company: ['acme', 'northwind'] } } : {}),
    });
  });
  // An organisation-level checkout: counts for groups and events, never for people.
  withProperties.push({
    event_type: 'Checkout',
    time: localMidnight('2026-10-15', timeZone) + 3_600_000,
    insert_id: 'checkout-org',
    groups: { company: 'orgonly' },
    event_properties: { amount: 500, source: 'invoice' },
  });
  return [{ events: plans }, { events: withProperties }, { events: withProperties.slice(0, 5), retry: true }];
}

const segmentationQuery = `query Segmentation($input: SegmentationInput!) {
  segmentation(input: $input) {
    range { from to days } interval countedBy measure groupType buckets
    series { seriesIndex eventType breakdown { kind value label } points { bucket value } total }
  } }`;

const microscopeQuery = `query Microscope($point: ChartPointInput!, $first: Int, $after: String) {
  microscope(point: $point, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { kind groupType groupPath value name userId deviceId events activePeople } }
  } }`;

const compositionQuery = `query Composition($input: CompositionInput!) {
  composition(input: $input) {
    groupType property range { from to } totalGroups totalPeople
    rows { breakdown { kind value label } groups people }
  } }`;

describe('analysis: segmentation, composition and Microscope', () => {
  let server: TestServer;
  let secretKey: string;
  let ingestKey: string;
  let batches: ScenarioBatch[];
  let replay: Replay;

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Analysis', timeZone });
    secretKey = created.secretKey;
    ingestKey = created.project.ingestKey;
    batches = [...buildScenario(), ...extraBatches()];
    for (const batch of batches) {
      const response = await postJson(`${server.url}/2/httpapi`, {
        api_key: created.project.ingestKey,
        events: batch.events,
      });
      expect(response.status).toBe(200);
    }
    replay = replayEvents(batches, companyType);
  });
  afterAll(async () => server?.stop());

  const segmentation = async (input: ChartDefinition & { groupType?: string }) => {
    const response = await graphql(server, secretKey, segmentationQuery, { input });
    expect(response.errors).toBeUndefined();
    return response.data.segmentation;
  };

  /** Compares every series, every point (zeros included) and every total with the replay. */
  const expectChart = async (definition: ChartDefinition) => {
    const chart = await segmentation(definition);
    const expected = expectedSegmentation(replay, definition, timeZone);
    const buckets = [...new Set(daysOf(definition.range).map((day) => bucketOf(day, definition.interval ?? 'DAY')))];
    expect(chart.buckets).toEqual(buckets);
    expect(
      chart.series.map((series: { seriesIndex: number; breakdown: { kind: string; value: string | null } | null }) => ({
        seriesIndex: series.seriesIndex,
        breakdown: series.breakdown && { kind: series.breakdown.kind, value: series.breakdown.value },
      })),
    ).toEqual(expected.map((series) => ({ seriesIndex: series.seriesIndex, breakdown: series.breakdown })));
    expected.forEach((series, index) => {
      const actual = chart.series[index];
      expect(actual.points).toEqual(
        buckets.map((bucket) => ({ bucket, value: expect.closeTo(series.points.get(bucket) ?? 0, 9) })),
      );
      expect(actual.total).toBeCloseTo(series.total, 9);
    });
    return { chart, expected };
  };

  it('daily active companies broken down by plan (the seed example), with the default group type', async () => {
    const definition: ChartDefinition = {
      series: [{}],
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
      range: { from: '2026-09-28', to: '2026-10-12' },
    };
    const { chart, expected } = await expectChart(definition);
    expect(chart.groupType).toBe(companyType);
    expect(chart.countedBy).toBe('GROUPS');
    expect(chart.measure).toBe('UNIQUES');
    // The data really holds the cases: several plans, groups without one, and totals that are
    // distinct over the range, not the sum of the days.
    const labels = chart.series.map((series: { breakdown: { label: string } }) => series.breakdown.label);
    expect(labels).toEqual(expect.arrayContaining(['enterprise', 'pro', 'free']));
    const enterprise = expected.find((series) => series.breakdown?.value === 'enterprise')!;
    expect(enterprise.total).toBe(2);
    expect([...enterprise.points.values()].reduce((sum, value) => sum + value, 0)).toBeGreaterThan(2);
  });

  it('counts each measure by groups, people and events over days, weeks and months', async () => {
    const range = { from: '2026-09-29', to: '2026-11-03' };
    const definitions: ChartDefinition[] = [
      {
        series: [{ eventType: 'Report Created' }, { eventType: 'Invoice Paid' }],
        measure: 'TOTALS',
        interval: 'WEEK',
        range,
      },
      { series: [{}], countedBy: 'PEOPLE', measure: 'UNIQUES', interval: 'MONTH', range },
      { series: [{ eventType: 'Report Created' }], countedBy: 'PEOPLE', measure: 'AVERAGE', interval: 'WEEK', range },
      { series: [{}], countedBy: 'EVENTS', measure: 'TOTALS', interval: 'DAY', range },
      { series: [{}], measure: 'AVERAGE', interval: 'WEEK', range },
      { series: [{ eventType: 'Report Created' }], measure: 'NEW', interval: 'WEEK', range },
      { series: [{}], countedBy: 'PEOPLE', measure: 'NEW', interval: 'DAY', range },
      { series: [{ eventType: 'No Such Event' }], range },
    ];
    for (const definition of definitions) await expectChart(definition);
    const unknown = await segmentation({ series: [{ eventType: 'No Such Event' }], range });
    expect(unknown.series[0].points.every((point: { value: number }) => point.value === 0)).toBe(true);
  });

  it('filters on event properties and current group properties, and breaks down by event properties', async () => {
    const range = { from: '2026-10-01', to: '2026-10-31' };
    const definitions: ChartDefinition[] = [
      {
        series: [
          { eventType: 'Checkout', filters: [{ key: 'amount', operator: 'GREATER_THAN', value: '20' }] },
          { eventType: 'Checkout', filters: [{ key: 'amount', operator: 'LESS_THAN', value: '11.5' }] },
          { eventType: 'Checkout', filters: [{ key: 'source', operator: 'NOT_EQUALS', value: 'email' }] },
          { eventType: 'Checkout', filters: [{ key: 'coupon', operator: 'IS_NOT_SET' }] },
          { eventType: 'Checkout', filters: [{ key: 'coupon', operator: 'CONTAINS', value: 'spring-1' }] },
          {
            eventType: 'Checkout',
            filters: [
              { key: 'source', operator: 'IS_SET' },
              { key: 'source', operator: 'EQUALS', value: 'ads' },
            ],
          },
        ],
        measure: 'TOTALS',
        interval: 'WEEK',
        range,
      },
      {
        series: [{ eventType: 'Checkout' }],
        countedBy: 'EVENTS',
        measure: 'TOTALS',
        breakdown: { source: 'EVENT_PROPERTY', key: 'source', limit: 2 },
        range,
      },
      {
        series: [{ eventType: 'Checkout' }],
        countedBy: 'PEOPLE',
        breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
        interval: 'WEEK',
        range,
      },
      {
        series: [{}],
        groupFilters: [{ key: 'plan', operator: 'EQUALS', value: 'enterprise' }],
        interval: 'WEEK',
        range,
      },
      { series: [{}], groupFilters: [{ key: 'seats', operator: 'GREATER_THAN', value: '5' }], range },
      // The consultant's events in acme and northwind, neither with a stage: one event, two groups, one label.
      {
        series: [{}],
        countedBy: 'EVENTS',
        measure: 'TOTALS',
        breakdown: { source: 'GROUP_PROPERTY', key: 'stage' },
        range,
      },
      {
        series: [{}],
        countedBy: 'PEOPLE',
        measure: 'AVERAGE',
        breakdown: { source: 'GROUP_PROPERTY', key: 'stage' },
        range,
      },
      { series: [{}], countedBy: 'PEOPLE', groupFilters: [{ key: 'plan', operator: 'IS_NOT_SET' }], range },
      {
        series: [{}],
        countedBy: 'EVENTS',
        groupFilters: [{ key: 'plan', operator: 'NOT_EQUALS', value: 'pro' }],
        breakdown: { source: 'GROUP_PROPERTY', key: 'plan', limit: 1 },
        interval: 'MONTH',
        range,
      },
    ];
    for (const definition of definitions) await expectChart(definition);
  });

  it('lists the groups and people behind a point, paged, as the replay does', async () => {
    const definition: ChartDefinition = {
      series: [{}],
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
      interval: 'WEEK',
      range: { from: '2026-10-05', to: '2026-10-25' },
    };
    const nameOf = (group: string) => {
      const name = replay.groupProperties.get(group)?.name;
      return typeof name === 'string' && name.trim() !== '' ? name : group;
    };
    const expectedList = expectedPointMembers(
      replay,
      definition,
      timeZone,
      { seriesIndex: 0, bucket: '2026-10-12', breakdown: { kind: 'VALUE', value: 'enterprise' } },
      nameOf,
    );
    expect(expectedList.length).toBe(2);
    const point = {
      query: definition,
      seriesIndex: 0,
      bucket: '2026-10-12',
      breakdown: { kind: 'VALUE', value: 'enterprise' },
    };
    const collected: { value: string; name: string; events: number; activePeople: number }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const response = await graphql(server, secretKey, microscopeQuery, { point, first: 1, after });
      expect(response.errors).toBeUndefined();
      const connection = response.data.microscope;
      expect(connection.totalCount).toBe(expectedList.length);
      collected.push(...connection.edges.map((edge: { node: (typeof collected)[number] }) => edge.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(collected.map((node) => (node as unknown as { groupPath: string }).groupPath)).toEqual(
      expectedList.map((member) => `/groups/company/${member.unit}`),
    );
    expect(collected.map(({ value, name, events, activePeople }) => ({ value, name, events, activePeople }))).toEqual(
      expectedList.map((member) => ({
        value: member.unit,
        name: member.name,
        events: member.events,
        activePeople: member.people,
      })),
    );

    // People behind a point of a chart counted by people, broken down by plan: (none) included.
    const people: ChartDefinition = {
      ...definition,
      countedBy: 'PEOPLE',
      interval: 'DAY',
      series: [{ eventType: 'Checkout' }],
    };
    const chart = await segmentation(people);
    for (const series of chart.series) {
      const bucket = series.points.find((candidate: { value: number }) => candidate.value > 0)?.bucket;
      if (!bucket) continue;
      const breakdown = { kind: series.breakdown.kind, value: series.breakdown.value };
      const response = await graphql(server, secretKey, microscopeQuery, {
        point: { query: people, seriesIndex: 0, bucket, breakdown },
        first: 100,
      });
      expect(response.errors).toBeUndefined();
      const expectedPeople = expectedPointMembers(
        replay,
        people,
        timeZone,
        { seriesIndex: 0, bucket, breakdown },
        (unit) => unit,
      );
      expect(
        response.data.microscope.edges.map((edge: { node: { kind: string; name: string; events: number } }) => [
          edge.node.kind,
          edge.node.name,
          edge.node.events,
        ]),
      ).toEqual(expectedPeople.map((member) => ['PERSON', member.unit, member.events]));
    }
  });

  it('lists the members of every point of NEW, TOTALS and event-property charts, and refuses points that do not exist', async () => {
    const range = { from: '2026-10-01', to: '2026-10-31' };
    const nameOf = (group: string) => {
      const name = replay.groupProperties.get(group)?.name;
      return typeof name === 'string' && name.trim() !== '' ? name : group;
    };
    const definitions: ChartDefinition[] = [
      { series: [{ eventType: 'Report Created' }], measure: 'NEW', interval: 'WEEK', range },
      { series: [{}, { eventType: 'Checkout' }], measure: 'TOTALS', interval: 'MONTH', range },
      {
        series: [{ eventType: 'Checkout' }],
        breakdown: { source: 'EVENT_PROPERTY', key: 'source', limit: 1 },
        interval: 'MONTH',
        range,
      },
    ];
    let compared = 0;
    for (const definition of definitions) {
      const chart = await segmentation(definition);
      for (const series of chart.series) {
        for (const { bucket, value } of series.points) {
          if (value === 0) continue;
          const breakdown = series.breakdown && { kind: series.breakdown.kind, value: series.breakdown.value };
          const response = await graphql(server, secretKey, microscopeQuery, {
            point: { query: definition, seriesIndex: series.seriesIndex, bucket, breakdown },
            first: 100,
          });
          expect(response.errors).toBeUndefined();
          const expectedList = expectedPointMembers(
            replay,
            definition,
            timeZone,
            { seriesIndex: series.seriesIndex, bucket, breakdown },
            nameOf,
          );
          expect(
            response.data.microscope.edges.map(
              (edge: { node: { value: string; events: number; activePeople: number } }) => [
                edge.node.value,
                edge.node.events,
                edge.node.activePeople,
              ],
            ),
          ).toEqual(expectedList.map((member) => [member.unit, member.events, member.people]));
          // The list is the point: as many members as the point's uniques, their events summing to its totals.
          if (definition.measure !== 'TOTALS') expect(expectedList.length).toBe(value);
          else expect(expectedList.reduce((sum, member) => sum + member.events, 0)).toBe(value);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(4);

    const base = { query: { series: [{}], range }, seriesIndex: 0, bucket: '2026-10-05' };
    const refusal = async (point: Record<string, unknown>) => {
      const response = await graphql(server, secretKey, microscopeQuery, { point, first: 10 });
      expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      return response.errors![0]!.message;
    };
    expect(await refusal({ ...base, seriesIndex: 1 })).toMatch(/seriesIndex 1 does not exist/);
    expect(await refusal({ ...base, bucket: '2026-11-05' })).toMatch(/not a bucket of this chart/);
    expect(await refusal({ ...base, query: { ...base.query, countedBy: 'EVENTS' } })).toMatch(
      /count by GROUPS or PEOPLE/,
    );
    expect(await refusal({ ...base, breakdown: { kind: 'NONE' } })).toMatch(/The chart has no breakdown/);
    expect(await refusal({ ...base, bucket: '2026-10-07', query: { ...base.query, interval: 'WEEK' } })).toMatch(
      /first day of each week/,
    );
  });

  it('downloads every member of a point as formula-safe CSV, authenticated like GraphQL', async () => {
    const definition: ChartDefinition = {
      series: [{}],
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
      interval: 'WEEK',
      range: { from: '2026-10-05', to: '2026-10-25' },
    };
    const point = {
      query: definition,
      seriesIndex: 0,
      bucket: '2026-10-12',
      breakdown: { kind: 'VALUE', value: 'free' },
    };
    const nameOf = (group: string) => {
      const name = replay.groupProperties.get(group)?.name;
      return typeof name === 'string' && name.trim() !== '' ? name : group;
    };
    const expectedList = expectedPointMembers(replay, definition, timeZone, point, nameOf);
    expect(expectedList.map((member) => member.name)).toContain('=SUM(A1)');
    const url = `${server.url}/analysis/microscope.csv`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
      body: JSON.stringify({ point }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    const text = await response.text();
    const escaped = (name: string) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
    expect(text).toBe(
      [
        'group_type,value,name,events,active_people',
        ...expectedList.map(
          (member) => `company,${member.unit},${escaped(member.name)},${member.events},${member.people}`,
        ),
        '',
      ].join('\r\n'),
    );
    // The same download as a link (GET ?point=), and the refusals.
    const linked = await fetch(`${url}?point=${encodeURIComponent(JSON.stringify(point))}`, {
      headers: { authorization: `Bearer ${secretKey}` },
    });
    expect(await linked.text()).toBe(text);
    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ point }),
    });
    expect(anonymous.status).toBe(401);
    const invalid = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
      body: JSON.stringify({ point: { ...point, bucket: '2026-10-13' } }),
    });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toMatch(/"2026-10-13" is not a bucket of this chart/);
  });

  it('composes groups and their people by a group property, active in a range or all', async () => {
    const range = { from: '2026-10-01', to: '2026-10-31' };
    for (const withRange of [true, false]) {
      const response = await graphql(server, secretKey, compositionQuery, {
        input: { property: 'plan', ...(withRange ? { range } : {}), limit: 2 },
      });
      expect(response.errors).toBeUndefined();
      const composition = response.data.composition;
      // Expected: groups (active in the range: any attributed event in it) and distinct people of their attributed events.
      const inRange = (time: number) => {
        const day = dayInZone(time, timeZone);
        return day >= range.from && day <= range.to;
      };
      const events = replay.events.filter((event) => !withRange || inRange(event.time));
      const groups = withRange ? new Set(events.flatMap((event) => event.groups)) : replay.allGroups;
      const planOf = (group: string) => {
        const plan = replay.groupProperties.get(group)?.plan;
        return plan === undefined || plan === null ? null : String(plan);
      };
      const counts = new Map<string, number>();
      for (const group of groups)
        if (planOf(group) !== null) counts.set(planOf(group)!, (counts.get(planOf(group)!) ?? 0) + 1);
      const top = [...counts]
        .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))
        .slice(0, 2)
        .map(([plan]) => plan);
      const labelOf = (group: string) => {
        const plan = planOf(group);
        return plan === null ? 'NONE' : top.includes(plan) ? `VALUE:${plan}` : 'OTHER';
      };
      const peopleOf = (members: Set<string>) =>
        new Set(
          events
            .filter((event) => event.person && event.groups.some((group) => members.has(group)))
            .map((event) => event.person),
        ).size;
      const order = [...top.map((plan) => `VALUE:${plan}`), 'OTHER', 'NONE'];
      const expectedRows = order
        .map((label) => new Set([...groups].filter((group) => labelOf(group) === label)))
        .map((members, index) => ({ label: order[index]!, groups: members.size, people: peopleOf(members) }))
        .filter((row) => row.groups > 0);
      expect(
        composition.rows.map(
          (row: { breakdown: { kind: string; value: string | null }; groups: number; people: number }) => ({
            label: row.breakdown.kind === 'VALUE' ? `VALUE:${row.breakdown.value}` : row.breakdown.kind,
            groups: row.groups,
            people: row.people,
          }),
        ),
      ).toEqual(expectedRows);
      expect(composition.totalGroups).toBe(groups.size);
      expect(composition.totalPeople).toBe(peopleOf(groups as Set<string>));
      expect(composition.groupType).toBe(companyType);
    }
  });

  it('lists the names a chart form can suggest: event types and keys of the latest events, every group key', async () => {
    const response = await graphql(
      server,
      secretKey,
      'query { analysisNames { eventTypes eventPropertyKeys groupPropertyKeys } }',
      {},
    );
    expect(response.errors).toBeUndefined();
    const names = response.data.analysisNames;
    const sentTypes = new Set(batches.flatMap((batch) => batch.events.map((event) => event.event_type)));
    // Identify calls are not events; every other type sent is among the latest 20,000 events here.
    expect(names.eventTypes).toEqual([...sentTypes].filter((type) => !type.startsWith('$')).sort());
    expect(names.eventPropertyKeys).toEqual(expect.arrayContaining(['amount', 'coupon', 'source']));
    expect(names.groupPropertyKeys).toEqual(expect.arrayContaining(['plan', 'seats']));
  });

  it('refuses what it cannot answer with the known names, and takes an unknown event type as empty', async () => {
    const range = { from: '2026-10-01', to: '2026-10-07' };
    const refusal = async (input: Record<string, unknown>) => {
      const response = await graphql(server, secretKey, segmentationQuery, {
        input: { range, series: [{}], ...input },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      return response.errors![0]!.message;
    };
    expect(await refusal({ groupType: 'account' })).toMatch(
      /Unknown group type "account"; known group types: "company", "team"/,
    );
    expect(await refusal({ breakdown: { source: 'GROUP_PROPERTY', key: 'tier' } })).toMatch(
      /Unknown group property "tier"; known group properties: .*"plan"/,
    );
    expect(await refusal({ series: [{ filters: [{ key: 'colour', operator: 'EQUALS', value: 'red' }] }] })).toMatch(
      /Unknown event property "colour"; known event properties: .*"amount"/,
    );
    expect(await refusal({ cohortId: 3 })).toMatch(/No cohort of groups 3 in this project/);
    expect(
      await refusal({ series: [{ filters: [{ key: 'amount', operator: 'GREATER_THAN', value: 'ten' }] }] }),
    ).toMatch(/series\[0\]\.filters\[0\]: GREATER_THAN compares numbers/);
    expect(await refusal({ series: Array.from({ length: 11 }, () => ({})) })).toMatch(/at most 10 series/);
    expect(await refusal({ countedBy: 'EVENTS', measure: 'NEW' })).toMatch(/NEW needs something to count per/);
    expect(await refusal({ range: { from: '2026-10-07', to: '2026-10-01' } })).toMatch(/starts .* after it ends/);
  });

  // One entry of rollup rows per (group type, event type) holds a span of days that grows to cover
  // every range asked (group-days-cache.ts): a range inside it is a slice of those rows, one
  // outside widens it. Each must count exactly its own days, before and after the span grows.
  it('answers ranges inside, across and outside the days already held, as the replay does', async () => {
    const ranges = [
      { from: '2026-10-05', to: '2026-10-18' },
      { from: '2026-10-07', to: '2026-10-12' },
      { from: '2026-10-18', to: '2026-10-18' },
      { from: '2026-09-20', to: '2026-10-09' },
      { from: '2026-10-10', to: '2026-11-30' },
      { from: '2026-10-06', to: '2026-10-08' },
    ];
    for (const range of ranges) {
      await expectChart({ series: [{}], breakdown: { source: 'GROUP_PROPERTY', key: 'plan' }, range });
      await expectChart({ series: [{ eventType: 'Report Created' }], interval: 'WEEK', range });
    }
  });

  // Group-counted charts keep their rollup rows in memory between requests (group-days-cache.ts):
  // asked again right after new events, they must count them, and a plan changed meanwhile.
  it('answers again right after new events, as the replay of every event does', async () => {
    const range = { from: '2026-09-28', to: '2026-10-26' };
    const definitions: ChartDefinition[] = [
      { series: [{}], breakdown: { source: 'GROUP_PROPERTY', key: 'plan' }, range },
      { series: [{ eventType: 'Report Created' }], interval: 'WEEK', range },
      { series: [{}], measure: 'TOTALS', groupFilters: [{ key: 'plan', operator: 'EQUALS', value: 'free' }], range },
    ];
    for (const definition of definitions) await expectChart(definition);
    const fresh: ScenarioBatch = {
      events: [
        {
          event_type: 'Report Created',
          user_id: 'user-fresh',
          time: localMidnight('2026-10-03', timeZone) + 5_000,
          insert_id: 'fresh-report-1',
          groups: { company: 'tiny' },
        },
        {
          event_type: 'Report Created',
          time: localMidnight('2026-10-26', timeZone) + 60_000,
          insert_id: 'fresh-report-org',
          groups: { company: 'fresh-company' },
        },
        {
          event_type: '$groupidentify',
          time: localMidnight('2026-10-26', timeZone),
          groups: { company: 'fresh-company' },
          group_properties: { $set: { plan: 'free' } },
        },
      ],
    };
    const response = await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events: fresh.events });
    expect(response.status).toBe(200);
    batches = [...batches, fresh];
    replay = replayEvents(batches, companyType);
    for (const definition of definitions) await expectChart(definition);
  });
});
