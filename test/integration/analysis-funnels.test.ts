// Funnels through the real GraphQL endpoint on events sent through the real ingest endpoint into a
// project in Adelaide (test/factories/funnel-scenario.ts: members doing different steps, a
// consultant in several practices via event-level groups, a person who moves, organisation-level
// payments, steps at the edges of the window and of the range, equal timestamps, repeated steps,
// a retried batch). Every figure, every Microscope list and every chain is compared with
// test/factories/funnel-oracle.ts, a brute-force replay of the raw events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayEvents, type Replay } from '../factories/analysis-oracle';
import { localMidnight, type ScenarioBatch } from '../factories/analytics-scenario';
import { expectedFunnel, type FunnelDefinition, type OracleStep } from '../factories/funnel-oracle';
import {
  buildFunnelScenario,
  funnelGroupType,
  funnelRange,
  funnelSteps,
  funnelTimeZone,
} from '../factories/funnel-scenario';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const stepFields =
  'step eventType count conversionFromPrevious conversionFromFirst droppedFromPrevious medianSecondsFromPrevious averageSecondsFromPrevious';
const funnelQuery = `query Funnel($input: FunnelInput!) {
  funnel(input: $input) {
    range { from to days } countedBy groupType windowSeconds
    steps { ${stepFields} }
    breakdowns { breakdown { kind value label } steps { ${stepFields} } }
  } }`;
const microscopeQuery = `query FunnelMicroscope($point: FunnelPointInput!, $first: Int, $after: String) {
  funnelMicroscope(point: $point, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { kind id groupType value groupPath name userId deviceId furthestStep
      chain { step time eventId userId deviceId } } }
  } }`;

const mainSteps = funnelSteps.map((eventType) => ({ eventType }));
const twoDays = { amount: 2, unit: 'DAY' as const };

describe('analysis: funnels', () => {
  let server: TestServer;
  let secretKey: string;
  let replay: Replay;
  let ingestKey: string;
  let batches: ScenarioBatch[];

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Funnels', timeZone: funnelTimeZone });
    secretKey = created.secretKey;
    ingestKey = created.project.ingestKey;
    batches = buildFunnelScenario();
    for (const batch of batches) {
      const response = await postJson(`${server.url}/2/httpapi`, {
        api_key: created.project.ingestKey,
        events: batch.events,
      });
      expect(response.status, response.text).toBe(200);
    }
    replay = replayEvents(batches, funnelGroupType);
  });
  afterAll(async () => server?.stop());

  const run = async (definition: FunnelDefinition) => {
    const response = await graphql(server, secretKey, funnelQuery, { input: definition });
    expect(response.errors).toBeUndefined();
    return response.data.funnel;
  };

  const asExpected = (steps: OracleStep[], definition: FunnelDefinition) =>
    steps.map((step) => ({
      ...step,
      eventType: definition.steps[step.step - 1]!.eventType ?? null,
      conversionFromPrevious: expect.closeTo(step.conversionFromPrevious, 9),
      conversionFromFirst: expect.closeTo(step.conversionFromFirst, 9),
      medianSecondsFromPrevious:
        step.medianSecondsFromPrevious === null ? null : expect.closeTo(step.medianSecondsFromPrevious, 6),
      averageSecondsFromPrevious:
        step.averageSecondsFromPrevious === null ? null : expect.closeTo(step.averageSecondsFromPrevious, 6),
    }));

  /** Compares every step figure (and every breakdown's) with the oracle. */
  const expectFunnel = async (definition: FunnelDefinition) => {
    const funnel = await run(definition);
    const expected = expectedFunnel(replay, definition, funnelTimeZone);
    expect(funnel.steps).toEqual(asExpected(expected.steps, definition));
    expect(
      funnel.breakdowns.map((entry: { breakdown: { kind: string; label: string } }) => [
        entry.breakdown.kind,
        entry.breakdown.label,
      ]),
    ).toEqual(expected.breakdowns.map((entry) => [entry.kind, entry.label]));
    expected.breakdowns.forEach((entry, index) => {
      expect(funnel.breakdowns[index].steps).toEqual(asExpected(entry.steps, definition));
    });
    return { funnel, expected };
  };

  it('counts a practice where different members do different steps, by groups and by people', async () => {
    const byGroups = await expectFunnel({ steps: mainSteps, range: funnelRange });
    // The data really holds drop-offs at every step and times to convert.
    expect(byGroups.funnel.steps.map((step: { count: number }) => step.count)).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
    ]);
    expect(byGroups.funnel.steps[0].count).toBeGreaterThan(byGroups.funnel.steps[2].count);
    expect(byGroups.funnel.steps[2].medianSecondsFromPrevious).toBeGreaterThan(0);
    expect(byGroups.funnel.countedBy).toBe('GROUPS');
    expect(byGroups.funnel.groupType).toBe(funnelGroupType);
    expect(byGroups.funnel.windowSeconds).toBe(14 * 86_400);
    const units = new Map(byGroups.expected.units.map((unit) => [unit.unit, unit]));
    // The seed's example: the practice converts, none of its people does.
    expect(units.get('clinic-a')?.furthest).toBe(3);
    // Organisation-level payment counts for the group.
    expect(units.get('clinic-h')?.furthest).toBe(3);
    const byPeople = await expectFunnel({ steps: mainSteps, range: funnelRange, countedBy: 'PEOPLE' });
    const people = new Map(byPeople.expected.units.map((unit) => [unit.unit, unit]));
    expect(people.get('admin-a')?.furthest).toBe(1);
    expect(people.get('patient-a1')?.furthest ?? 0).toBe(0);
    expect(people.get('admin-h')?.furthest).toBe(2);
    expect(byPeople.funnel.steps[2].count).toBeLessThan(byGroups.funnel.steps[2].count);
  });

  it('keeps to the window exactly, takes the best chain and allows equal timestamps', async () => {
    const { funnel, expected } = await expectFunnel({ steps: mainSteps, range: funnelRange, window: twoDays });
    // Drop-offs at every step, and times to convert, so the figures are not trivially equal.
    expect(funnel.steps[1].droppedFromPrevious).toBeGreaterThan(0);
    expect(funnel.steps[2].droppedFromPrevious).toBeGreaterThan(0);
    expect(funnel.steps[2].medianSecondsFromPrevious).toBeGreaterThan(0);
    const units = new Map(expected.units.map((unit) => [unit.unit, unit]));
    expect(units.get('clinic-c')?.furthest).toBe(3);
    expect(units.get('clinic-d')?.furthest).toBe(3);
    expect(units.get('clinic-d')?.chain.map((link) => link.time - units.get('clinic-d')!.chain[0]!.time)).toEqual([
      0, 0, 0,
    ]);
    expect(units.get('clinic-e')?.furthest).toBe(3);
    // The range's edges: the send before the range does not count, the payment on its last millisecond does.
    expect(units.get('clinic-f')?.furthest).toBe(3);
    for (const window of [
      { amount: 3, unit: 'HOUR' as const },
      { amount: 90, unit: 'MINUTE' as const },
      { amount: 1, unit: 'DAY' as const },
      { amount: 90, unit: 'DAY' as const },
    ]) {
      await expectFunnel({ steps: mainSteps, range: funnelRange, window });
      await expectFunnel({ steps: mainSteps, range: funnelRange, window, countedBy: 'PEOPLE' });
    }
    // A shorter range cuts chains at both ends.
    await expectFunnel({ steps: mainSteps, range: { from: '2026-11-04', to: '2026-11-11' }, window: twoDays });
  });

  it('never uses one event for two steps, even when it matches both', async () => {
    const pricing = {
      eventType: 'Page Viewed',
      filters: [{ key: 'page', operator: 'EQUALS' as const, value: 'pricing' }],
    };
    const { expected } = await expectFunnel({
      steps: [pricing, pricing],
      range: funnelRange,
      countedBy: 'PEOPLE',
    });
    const people = new Map(expected.units.map((unit) => [unit.unit, unit.furthest]));
    expect(people.get('admin-d')).toBe(1);
    expect(people.get('admin-b')).toBe(2);
    await expectFunnel({ steps: [{ eventType: 'Page Viewed' }, pricing, {}], range: funnelRange });
  });

  it('applies step filters, group filters and a breakdown by a group property', async () => {
    const paid = {
      eventType: 'Invoice Paid',
      filters: [{ key: 'amount', operator: 'GREATER_THAN' as const, value: '0' }],
    };
    await expectFunnel({ steps: [mainSteps[0]!, mainSteps[1]!, paid], range: funnelRange, window: twoDays });
    await expectFunnel({
      steps: mainSteps,
      range: funnelRange,
      groupFilters: [{ key: 'plan', operator: 'EQUALS', value: 'pro' }],
    });
    await expectFunnel({
      steps: mainSteps,
      range: funnelRange,
      countedBy: 'PEOPLE',
      groupFilters: [{ key: 'plan', operator: 'NOT_EQUALS', value: 'free' }],
    });
    const { funnel } = await expectFunnel({
      steps: mainSteps,
      range: funnelRange,
      window: twoDays,
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
    });
    expect(funnel.breakdowns.map((entry: { breakdown: { label: string } }) => entry.breakdown.label)).toEqual(
      expect.arrayContaining(['pro', 'free', 'enterprise', '(none)']),
    );
    const limited = await expectFunnel({
      steps: mainSteps,
      range: funnelRange,
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan', limit: 1 },
    });
    expect(limited.funnel.breakdowns.map((entry: { breakdown: { kind: string } }) => entry.breakdown.kind)).toEqual([
      'VALUE',
      'OTHER',
      'NONE',
    ]);
  });

  const listAll = async (point: Record<string, unknown>, pageSize: number) => {
    // biome-ignore lint/suspicious/noExplicitAny: GraphQL nodes read field by field below.
    const nodes: any[] = [];
    let after: string | null = null;
    for (;;) {
      const response = await graphql(server, secretKey, microscopeQuery, { point, first: pageSize, after });
      expect(response.errors).toBeUndefined();
      const page = response.data.funnelMicroscope;
      nodes.push(...page.edges.map((edge: { node: unknown }) => edge.node));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) {
        expect(nodes).toHaveLength(page.totalCount);
        return nodes;
      }
      after = page.pageInfo.endCursor;
    }
  };

  it('lists the units behind every bar with their chains: who did which step and when', async () => {
    for (const definition of [
      { steps: mainSteps, range: funnelRange, window: twoDays } as FunnelDefinition,
      { steps: mainSteps, range: funnelRange, countedBy: 'PEOPLE' } as FunnelDefinition,
      {
        steps: mainSteps,
        range: funnelRange,
        breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
      } as FunnelDefinition,
    ]) {
      const expected = expectedFunnel(replay, definition, funnelTimeZone);
      const labels = definition.breakdown
        ? expected.breakdowns.map((entry) => ({
            kind: entry.kind,
            value: entry.kind === 'VALUE' ? entry.label : null,
            label: entry.label,
          }))
        : [null];
      for (const label of labels) {
        for (let step = 1; step <= 3; step += 1) {
          for (const outcome of step < 3 ? ['REACHED', 'DROPPED_OFF'] : ['REACHED']) {
            const point = {
              query: definition,
              step,
              outcome,
              ...(label ? { breakdown: { kind: label.kind, value: label.value } } : {}),
            };
            const nodes = await listAll(point, 3);
            const want = expected.units.filter(
              (unit) =>
                (outcome === 'REACHED' ? unit.furthest >= step : unit.furthest === step) &&
                (label === null || unit.label === label.label),
            );
            const nameOf = (node: { value: string | null; userId: string | null }) => node.value ?? node.userId;
            expect(nodes.map(nameOf).sort()).toEqual(want.map((unit) => unit.unit).sort());
            for (const node of nodes) {
              const unit = want.find((candidate) => candidate.unit === nameOf(node))!;
              expect(node.furthestStep).toBe(unit.furthest);
              expect(node.chain.map((link: { time: string }) => Date.parse(link.time))).toEqual(
                unit.chain.map((link) => link.time),
              );
              // Each chain event was done at that time by the person named, for that step.
              for (const link of node.chain) {
                expect(unit.doers).toContainEqual({
                  step: link.step,
                  time: Date.parse(link.time),
                  person: link.userId,
                });
              }
              if (node.kind === 'GROUP') {
                expect(node.groupPath).toBe(`/groups/${funnelGroupType}/${encodeURIComponent(node.value)}`);
              }
            }
          }
        }
      }
    }
  });

  it('shows which member of a practice did which step (the seed example), and downloads the list as CSV', async () => {
    const point = { query: { steps: mainSteps, range: funnelRange }, step: 3, outcome: 'REACHED' };
    const nodes = await listAll(point, 50);
    const clinic = nodes.find((node) => node.value === 'clinic-a');
    expect(clinic.name).toBe('CLINIC-A');
    expect(clinic.chain.map((link: { userId: string }) => link.userId)).toEqual([
      'admin-a',
      'patient-a1',
      'patient-a2',
    ]);
    const organisation = nodes.find((node) => node.value === 'clinic-h');
    expect(organisation.chain[2].userId).toBeNull();

    const response = await fetch(`${server.url}/analysis/funnel-microscope.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
      body: JSON.stringify({ point }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'group_type,value,name,furthest_step,step_1_at,step_1_by,step_2_at,step_2_by,step_3_at,step_3_by',
    );
    expect(lines).toHaveLength(nodes.length + 1);
    expect(lines).toContain(
      `company,clinic-a,CLINIC-A,3,${clinic.chain.map((link: { time: string; userId: string }) => `${new Date(link.time).toISOString()},${link.userId}`).join(',')}`,
    );
    const bad = await fetch(`${server.url}/analysis/funnel-microscope.csv?point=${encodeURIComponent('{"step":1}')}`, {
      headers: { authorization: `Bearer ${secretKey}` },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/query/);
  });

  it("answers one group's (or person's) journey: who did which step and when", async () => {
    const journeyQuery = `query Journey($input: FunnelInput!, $groupValue: String, $userId: String) {
      funnelJourney(input: $input, groupValue: $groupValue, userId: $userId) {
        kind value name userId furthestStep chain { step time personId userId deviceId } } }`;
    const journey = async (input: FunnelDefinition, unit: { groupValue?: string; userId?: string }) => {
      const response = await graphql(server, secretKey, journeyQuery, { input, ...unit });
      expect(response.errors).toBeUndefined();
      return response.data.funnelJourney;
    };
    for (const definition of [
      { steps: mainSteps, range: funnelRange, window: twoDays } as FunnelDefinition,
      { steps: mainSteps, range: funnelRange } as FunnelDefinition,
    ]) {
      const expected = expectedFunnel(replay, definition, funnelTimeZone);
      for (const unit of expected.units) {
        const answer = await journey(definition, { groupValue: unit.unit });
        expect(answer.value).toBe(unit.unit);
        expect(answer.furthestStep).toBe(unit.furthest);
        expect(answer.chain.map((link: { time: string }) => Date.parse(link.time))).toEqual(
          unit.chain.map((link) => link.time),
        );
        for (const link of answer.chain) {
          expect(unit.doers).toContainEqual({ step: link.step, time: Date.parse(link.time), person: link.userId });
          expect(link.personId === null).toBe(link.userId === null);
        }
      }
    }
    const clinic = await journey({ steps: mainSteps, range: funnelRange }, { groupValue: 'clinic-a' });
    expect(clinic.chain.map((link: { userId: string }) => link.userId)).toEqual([
      'admin-a',
      'patient-a1',
      'patient-a2',
    ]);
    const peopleDefinition: FunnelDefinition = { steps: mainSteps, range: funnelRange, countedBy: 'PEOPLE' };
    const admin = expectedFunnel(replay, peopleDefinition, funnelTimeZone).units.find(
      (unit) => unit.unit === 'admin-b',
    )!;
    const person = await journey(peopleDefinition, { userId: 'admin-b' });
    expect(person).toMatchObject({ kind: 'PERSON', userId: 'admin-b', furthestStep: admin.furthest });
    expect(person.chain.map((link: { time: string }) => Date.parse(link.time))).toEqual(
      admin.chain.map((link) => link.time),
    );
    // A group that did nothing in the range has an empty journey; one that does not exist, none.
    expect(await journey({ steps: mainSteps, range: funnelRange }, { groupValue: 'clinic-i' })).toMatchObject({
      furthestStep: 1,
    });
    expect(
      await journey({ steps: mainSteps, range: { from: '2026-12-01', to: '2026-12-02' } }, { groupValue: 'clinic-a' }),
    ).toMatchObject({
      furthestStep: 0,
      chain: [],
    });
    expect(await journey({ steps: mainSteps, range: funnelRange }, { groupValue: 'no-such-clinic' })).toBeNull();
    const missing = await graphql(server, secretKey, journeyQuery, {
      input: { steps: mainSteps, range: funnelRange },
      userId: 'admin-a',
    });
    expect(missing.errors?.[0]?.message).toMatch(/give "groupValue"/);
  });

  it('refuses invalid definitions and points with clear messages', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ steps: [mainSteps[0]], range: funnelRange }, /at least 2 steps/],
      [{ steps: Array.from({ length: 11 }, () => ({})), range: funnelRange }, /at most 10 steps/],
      [{ steps: mainSteps, range: funnelRange, window: { amount: 0, unit: 'MINUTE' } }, /1 minute to 90 days/],
      [{ steps: mainSteps, range: funnelRange, window: { amount: 91, unit: 'DAY' } }, /1 minute to 90 days/],
      [{ steps: mainSteps, range: funnelRange, countedBy: 'EVENTS' }, /GROUPS or PEOPLE/],
      [
        {
          steps: mainSteps,
          range: funnelRange,
          countedBy: 'PEOPLE',
          breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
        },
        /counted by PEOPLE cannot break down/,
      ],
      [
        { steps: mainSteps, range: funnelRange, breakdown: { source: 'EVENT_PROPERTY', key: 'amount' } },
        /GROUP_PROPERTY/,
      ],
      [
        { steps: mainSteps, range: funnelRange, groupType: 'team' },
        /Unknown group type "team"; known group types: "company"/,
      ],
      [
        { steps: mainSteps, range: funnelRange, breakdown: { source: 'GROUP_PROPERTY', key: 'colour' } },
        /Unknown group property "colour"/,
      ],
      [{ steps: mainSteps, range: { from: '2026-11-10', to: '2026-11-01' } }, /range/],
      [{ steps: mainSteps, range: funnelRange, cohortId: 4 }, /No cohort of groups 4 in this project/],
    ];
    for (const [input, message] of cases) {
      const response = await graphql(server, secretKey, funnelQuery, { input });
      expect(response.errors?.[0]?.message, JSON.stringify(input)).toMatch(message);
      expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    }
    const pointCases: [Record<string, unknown>, RegExp][] = [
      [{ query: { steps: mainSteps, range: funnelRange }, step: 4 }, /steps 1 to 3/],
      [
        { query: { steps: mainSteps, range: funnelRange }, step: 3, outcome: 'DROPPED_OFF' },
        /drops off after the last step/,
      ],
      [{ query: { steps: mainSteps, range: funnelRange }, step: 1, breakdown: { kind: 'NONE' } }, /no breakdown/],
    ];
    for (const [point, message] of pointCases) {
      const response = await graphql(server, secretKey, microscopeQuery, { point });
      expect(response.errors?.[0]?.message).toMatch(message);
    }
    const badCursor = await graphql(server, secretKey, microscopeQuery, {
      point: { query: { steps: mainSteps, range: funnelRange }, step: 1 },
      after: 'bm90LWEtY3Vyc29y',
    });
    expect(badCursor.errors?.[0]?.message).toMatch(/cursor/);
  });

  it('saves a funnel chart and opens it again', async () => {
    const saved = await graphql(
      server,
      secretKey,
      `mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id kind definition } }`,
      { input: { name: 'Invoices', funnel: { steps: mainSteps, range: funnelRange } } },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveChart.kind).toBe('FUNNEL');
    expect(saved.data.saveChart.definition).toMatchObject({
      window: { amount: 14, unit: 'DAY' },
      countedBy: 'GROUPS',
      steps: mainSteps.map((step) => ({ ...step, filters: [] })),
    });
    const opened = await graphql(
      server,
      secretKey,
      `query Open($id: Int!) { savedChart(id: $id) { kind definition } }`,
      {
        id: saved.data.saveChart.id,
      },
    );
    const again = await run(opened.data.savedChart.definition);
    expect(again.steps).toEqual((await run({ steps: mainSteps, range: funnelRange })).steps);
    const invalid = await graphql(
      server,
      secretKey,
      `mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id } }`,
      { input: { name: 'Bad', funnel: { steps: [mainSteps[0]], range: funnelRange } } },
    );
    expect(invalid.errors?.[0]?.message).toMatch(/at least 2 steps/);
  });

  // Group-counted funnels follow event times kept in memory between requests
  // (group-event-times-cache.ts): asked again right after new events, they must see them, and a
  // step type asked twice must never use one event for both steps.
  it('answers again right after new events, as the replay of every event does', async () => {
    const sentTwice = [{ eventType: 'Invoice Sent' }, { eventType: 'Invoice Sent' }, { eventType: 'Invoice Paid' }];
    const definitions: FunnelDefinition[] = [
      { steps: mainSteps, range: funnelRange },
      { steps: mainSteps, range: funnelRange, window: twoDays, breakdown: { source: 'GROUP_PROPERTY', key: 'plan' } },
      { steps: sentTwice, range: funnelRange },
      { steps: [{ eventType: 'Page Viewed' }, { eventType: 'Page Viewed' }], range: funnelRange },
    ];
    for (const definition of definitions) await expectFunnel(definition);
    const hour = 3_600_000;
    const lastDay = localMidnight(funnelRange.to, funnelTimeZone);
    const fresh: ScenarioBatch = {
      events: [
        // A new practice that converts on the range's last day, at one instant for two steps.
        {
          event_type: 'Invoice Sent',
          user_id: 'fresh-admin',
          time: lastDay + hour,
          insert_id: 'fresh-1',
          groups: { company: 'clinic-fresh' },
        },
        {
          event_type: 'Invoice Sent',
          user_id: 'fresh-admin',
          time: lastDay + 2 * hour,
          insert_id: 'fresh-2',
          groups: { company: 'clinic-fresh' },
        },
        {
          event_type: 'Invoice Viewed',
          user_id: 'fresh-patient',
          time: lastDay + 2 * hour,
          insert_id: 'fresh-3',
          groups: { company: 'clinic-fresh' },
        },
        {
          event_type: 'Invoice Paid',
          time: lastDay + 3 * hour,
          insert_id: 'fresh-4',
          groups: { company: 'clinic-fresh' },
        },
        // An existing practice gets more steps (its group is re-read), one after the range (never counts).
        { event_type: 'Invoice Paid', user_id: 'admin-b', time: lastDay + 5 * hour, insert_id: 'fresh-5' },
        { event_type: 'Invoice Viewed', user_id: 'admin-b', time: lastDay + 4 * hour, insert_id: 'fresh-6' },
        { event_type: 'Invoice Sent', user_id: 'admin-b', time: lastDay + 25 * hour, insert_id: 'fresh-7' },
      ],
    };
    const response = await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events: fresh.events });
    expect(response.status, response.text).toBe(200);
    batches = [...batches, fresh];
    replay = replayEvents(batches, funnelGroupType);
    for (const definition of definitions) await expectFunnel(definition);
    const { expected } = await expectFunnel({ steps: mainSteps, range: funnelRange });
    expect(expected.units.find((unit) => unit.unit === 'clinic-fresh')?.furthest).toBe(3);
  });
});
