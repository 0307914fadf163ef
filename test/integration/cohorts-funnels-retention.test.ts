// Cohorts applied to funnels and retention through the real GraphQL endpoint: a static cohort
// (imported from a file) as a filter and as the "cohort vs the rest" split, each figure compared
// with test/factories/funnel-oracle.ts and retention-oracle.ts run over the replay restricted to
// the cohort's members (or to the rest); and "save as cohort" from a funnel step or drop-off and
// from a retention cell, whose members must equal the Microscope list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayEvents, type Replay } from '../factories/analysis-oracle';
import { companyType, secondTimeZone } from '../factories/analytics-scenario';
import { dayInZone } from '../factories/calendar';
import { restrictGroups } from '../factories/cohort-oracle';
import { expectedFunnel, type FunnelDefinition, type OracleStep } from '../factories/funnel-oracle';
import {
  buildFunnelScenario,
  funnelGroupType,
  funnelRange,
  funnelSteps,
  funnelTimeZone,
} from '../factories/funnel-scenario';
import { buildRetentionScenario, type RetentionScenario } from '../factories/retention-scenario';
import { expectedRetention, type ExpectedTable, type RetentionDefinition } from '../factories/retention-oracle';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const stepFields =
  'step count conversionFromPrevious conversionFromFirst droppedFromPrevious medianSecondsFromPrevious';
const funnelQuery = `query ($input: FunnelInput!) { funnel(input: $input) {
  steps { ${stepFields} } breakdowns { breakdown { kind value label } steps { ${stepFields} } } } }`;
const tableFields = `breakdown { kind value } born
  cohorts { period born cells { offset period complete retained percentage } }
  curve { offset percentage retained born cohorts }`;
const retentionQuery = `query ($input: RetentionInput!) { retention(input: $input) {
  today total { ${tableFields} } breakdowns { ${tableFields} } } }`;

const mainSteps = funnelSteps.map((eventType) => ({ eventType }));
const funnelMembers = ['clinic-a', 'clinic-b', 'clinic-h'];
const retentionMembers = ['acme', 'hooli', 'umbrella'];

/** Events of people counted only through a group of the cohort (or of the rest): the filter for people. */
function keepEventsOf(replay: Replay, keep: (group: string) => boolean): Replay {
  const restricted = restrictGroups(replay, keep);
  return { ...restricted, events: restricted.events.filter((event) => event.groups.length > 0) };
}

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers, read field by field against the oracle.
type Answer = any;

function stepsAsExpected(steps: OracleStep[]) {
  return steps.map((step) => ({
    step: step.step,
    count: step.count,
    conversionFromPrevious: expect.closeTo(step.conversionFromPrevious, 9),
    conversionFromFirst: expect.closeTo(step.conversionFromFirst, 9),
    droppedFromPrevious: step.droppedFromPrevious,
    medianSecondsFromPrevious:
      step.medianSecondsFromPrevious === null ? null : expect.closeTo(step.medianSecondsFromPrevious, 6),
  }));
}

function tableAsExpected(table: ExpectedTable) {
  const percentage = (value: number | null) => (value === null ? null : expect.closeTo(value, 9));
  return {
    born: table.born,
    cohorts: table.cohorts.map((cohort) => ({
      ...cohort,
      cells: cohort.cells.map((cell) => ({ ...cell, percentage: percentage(cell.percentage) })),
    })),
    curve: table.curve.map((point) => ({ ...point, percentage: percentage(point.percentage) })),
  };
}

describe('cohorts in funnels and retention', () => {
  let server: TestServer;
  let funnelKey: string;
  let retentionKey: string;
  let readKey: string;
  let funnelReplay: Replay;
  let retentionReplay: Replay;
  let scenario: RetentionScenario;
  let today: string;
  let funnelCohort: number;
  let retentionCohort: number;

  const ok = async (key: string, query: string, variables: Record<string, unknown>): Promise<Answer> => {
    const response = await graphql(server, key, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  const send = async (ingestKey: string, batches: { events: unknown[] }[]) => {
    for (const batch of batches) {
      const response = await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events: batch.events });
      expect(response.status).toBe(200);
    }
  };

  const importCohort = async (key: string, groupType: string, values: string[]) => {
    const result = (
      await ok(
        key,
        `mutation ($input: ImportCohortInput!) { importCohort(input: $input) {
          cohort { id members(first: 50) { edges { node { value } } } } report { matchedCount } } }`,
        { input: { name: 'Chosen', groupType, content: values.join('\n') } },
      )
    ).importCohort;
    expect(result.cohort.members.edges.map((edge: Answer) => edge.node.value).sort()).toEqual(values);
    return result.cohort.id as number;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const funnelProject = await server.services.projects.createProject({ name: 'Funnels', timeZone: funnelTimeZone });
    funnelKey = funnelProject.secretKey;
    const funnelBatches = buildFunnelScenario();
    await send(funnelProject.project.ingestKey, funnelBatches);
    funnelReplay = replayEvents(funnelBatches, funnelGroupType);

    const retentionProject = await server.services.projects.createProject({
      name: 'Retention',
      timeZone: secondTimeZone,
    });
    retentionKey = retentionProject.secretKey;
    readKey = retentionProject.readKey;
    today = dayInZone(Date.now(), secondTimeZone);
    scenario = buildRetentionScenario(today, secondTimeZone);
    await send(retentionProject.project.ingestKey, scenario.batches);
    retentionReplay = replayEvents(scenario.batches, companyType);

    funnelCohort = await importCohort(funnelKey, funnelGroupType, funnelMembers);
    retentionCohort = await importCohort(retentionKey, companyType, retentionMembers);
  });
  afterAll(async () => server?.stop());

  const inFunnelCohort = (group: string) => funnelMembers.includes(group);
  const inRetentionCohort = (group: string) => retentionMembers.includes(group);

  it('filters a funnel by a cohort, counted by groups and by people, as the oracle over its members', async () => {
    for (const countedBy of ['GROUPS', 'PEOPLE'] as const) {
      const definition: FunnelDefinition = { steps: mainSteps, range: funnelRange, countedBy };
      const funnel = (await ok(funnelKey, funnelQuery, { input: { ...definition, cohortId: funnelCohort } })).funnel;
      const restricted =
        countedBy === 'GROUPS'
          ? restrictGroups(funnelReplay, inFunnelCohort)
          : keepEventsOf(funnelReplay, inFunnelCohort);
      const expected = expectedFunnel(restricted, definition, funnelTimeZone);
      expect(funnel.steps, countedBy).toEqual(stepsAsExpected(expected.steps));
      // The cohort really narrows the funnel.
      const whole = expectedFunnel(funnelReplay, definition, funnelTimeZone);
      expect(expected.steps[0]!.count, countedBy).toBeGreaterThan(0);
      expect(expected.steps[0]!.count, countedBy).toBeLessThan(whole.steps[0]!.count);
    }
  });

  it('splits a funnel into the cohort and the rest, each as the oracle over its groups', async () => {
    const definition: FunnelDefinition = { steps: mainSteps, range: funnelRange };
    const funnel = (
      await ok(funnelKey, funnelQuery, {
        input: { ...definition, breakdown: { source: 'COHORT', key: String(funnelCohort) } },
      })
    ).funnel;
    expect(funnel.steps).toEqual(stepsAsExpected(expectedFunnel(funnelReplay, definition, funnelTimeZone).steps));
    const labels = funnel.breakdowns.map((entry: Answer) => entry.breakdown.value).sort();
    expect(labels).toEqual(['in cohort', 'rest']);
    for (const [label, keep] of [
      ['in cohort', inFunnelCohort],
      ['rest', (group: string) => !inFunnelCohort(group)],
    ] as const) {
      const expected = expectedFunnel(restrictGroups(funnelReplay, keep), definition, funnelTimeZone);
      const actual = funnel.breakdowns.find((entry: Answer) => entry.breakdown.value === label);
      expect(actual.breakdown.kind).toBe('VALUE');
      expect(actual.steps, label).toEqual(stepsAsExpected(expected.steps));
    }
  });

  it('filters a retention table by a cohort, counted by groups and by people, as the oracle over its members', async () => {
    for (const countedBy of ['GROUPS', 'PEOPLE'] as const) {
      const definition: RetentionDefinition = {
        startEvent: { eventType: 'Signup' },
        countedBy,
        range: { from: scenario.firstMonday, to: today },
      };
      const table = (await ok(retentionKey, retentionQuery, { input: { ...definition, cohortId: retentionCohort } }))
        .retention;
      expect(table.today).toBe(today);
      const restricted =
        countedBy === 'GROUPS'
          ? restrictGroups(retentionReplay, inRetentionCohort)
          : keepEventsOf(retentionReplay, inRetentionCohort);
      const expected = expectedRetention(restricted, definition, secondTimeZone, today);
      expect(table.total, countedBy).toMatchObject(tableAsExpected(expected.total));
      const whole = expectedRetention(retentionReplay, definition, secondTimeZone, today);
      expect(expected.total.born, countedBy).toBeGreaterThan(0);
      expect(expected.total.born, countedBy).toBeLessThan(whole.total.born);
      expect(expected.total.curve[1]!.retained, countedBy).toBeGreaterThan(0);
    }
  });

  it('splits a retention table into the cohort and the rest, each as the oracle over its groups', async () => {
    const definition: RetentionDefinition = {
      startEvent: { eventType: 'Report Created' },
      returnEvent: { eventType: 'Page Viewed' },
      range: { from: scenario.firstMonday, to: today },
      periods: 6,
    };
    const table = (
      await ok(retentionKey, retentionQuery, {
        input: { ...definition, breakdown: { source: 'COHORT', key: String(retentionCohort) } },
      })
    ).retention;
    expect(table.total).toMatchObject(
      tableAsExpected(expectedRetention(retentionReplay, definition, secondTimeZone, today).total),
    );
    expect(table.breakdowns.map((entry: Answer) => entry.breakdown.value).sort()).toEqual(['in cohort', 'rest']);
    for (const [label, keep] of [
      ['in cohort', inRetentionCohort],
      ['rest', (group: string) => !inRetentionCohort(group)],
    ] as const) {
      const expected = expectedRetention(restrictGroups(retentionReplay, keep), definition, secondTimeZone, today);
      const actual = table.breakdowns.find((entry: Answer) => entry.breakdown.value === label);
      expect(actual.breakdown.kind).toBe('VALUE');
      expect(actual, label).toMatchObject(tableAsExpected(expected.total));
      expect(expected.total.born, label).toBeGreaterThan(0);
    }
  });

  it('splits a retention table counted by people into the cohort and the rest, as a group property would', async () => {
    // The split is a group property every group holds ('in cohort' or 'rest'): the oracle's
    // group-property breakdown then gives each person's rows per group, and (none) for events
    // without a group, exactly what "cohort vs the rest" means when counting people.
    const marked: Replay = {
      ...retentionReplay,
      groupProperties: new Map(
        [...retentionReplay.allGroups].map((group) => [
          group,
          {
            ...retentionReplay.groupProperties.get(group),
            split: inRetentionCohort(group) ? 'in cohort' : 'rest',
          },
        ]),
      ),
    };
    const definition: RetentionDefinition = {
      startEvent: { eventType: 'Report Created' },
      countedBy: 'PEOPLE',
      range: { from: scenario.firstMonday, to: today },
      periods: 6,
    };
    const table = (
      await ok(retentionKey, retentionQuery, {
        input: { ...definition, breakdown: { source: 'COHORT', key: String(retentionCohort) } },
      })
    ).retention;
    const expected = expectedRetention(
      marked,
      { ...definition, breakdown: { source: 'GROUP_PROPERTY', key: 'split' } },
      secondTimeZone,
      today,
    );
    expect(table.total).toMatchObject(tableAsExpected(expected.total));
    const key = (breakdown: { kind: string; value: string | null } | null) => `${breakdown?.kind}|${breakdown?.value}`;
    expect(table.breakdowns.map((entry: Answer) => key(entry.breakdown)).sort()).toEqual(
      expected.breakdowns.map((entry) => key(entry.breakdown)).sort(),
    );
    for (const oracle of expected.breakdowns) {
      const actual = table.breakdowns.find((entry: Answer) => key(entry.breakdown) === key(oracle.breakdown));
      expect(actual, key(oracle.breakdown)).toMatchObject(tableAsExpected(oracle));
    }
    expect(expected.breakdowns.map((entry) => entry.breakdown?.value)).toEqual(
      expect.arrayContaining(['in cohort', 'rest']),
    );
  });

  /** Every value of a Microscope list, page by page. */
  const listValues = async (key: string, query: string, field: string, variables: Record<string, unknown>) => {
    const values: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Answer = (await ok(key, query, { ...variables, first: 2, after }))[field];
      values.push(...page.edges.map((edge: Answer) => edge.node.value));
      if (!page.pageInfo.hasNextPage) return values.sort();
      after = page.pageInfo.endCursor;
    }
  };
  const savedValues = (cohort: Answer) => cohort.members.edges.map((edge: Answer) => edge.node.value).sort();
  const savedFields = 'id kind groupType size members(first: 200) { edges { node { value } } }';

  it('saves a funnel step or drop-off as a static cohort holding exactly its Microscope list', async () => {
    const funnelMicroscope = `query ($point: FunnelPointInput!, $first: Int, $after: String) {
      funnelMicroscope(point: $point, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { value } } } }`;
    const save = `mutation ($name: String!, $point: FunnelPointInput!) {
      saveFunnelMicroscopeCohort(name: $name, point: $point) { ${savedFields} } }`;
    const query = { steps: mainSteps, range: funnelRange };
    const expected = expectedFunnel(funnelReplay, query, funnelTimeZone);
    const points = [
      { query, step: 2, outcome: 'REACHED' },
      { query, step: 1, outcome: 'DROPPED_OFF' },
      {
        query: { ...query, breakdown: { source: 'COHORT', key: String(funnelCohort) } },
        step: 1,
        outcome: 'REACHED',
        breakdown: { kind: 'VALUE', value: 'rest' },
      },
    ];
    for (const point of points) {
      const listed = await listValues(funnelKey, funnelMicroscope, 'funnelMicroscope', { point });
      expect(listed.length, JSON.stringify(point)).toBeGreaterThan(0);
      const saved = (await ok(funnelKey, save, { name: `Step ${point.step} ${point.outcome}`, point }))
        .saveFunnelMicroscopeCohort;
      expect(saved.kind).toBe('STATIC');
      expect(saved.groupType).toBe(funnelGroupType);
      expect(saved.size).toBe(listed.length);
      expect(savedValues(saved)).toEqual(listed);
      // And the oracle agrees on who is behind the bar.
      const outcome = point.outcome === 'REACHED' ? 'REACHED' : 'DROPPED_OFF';
      const oracle = expected.units
        .filter((unit) => (outcome === 'REACHED' ? unit.furthest >= point.step : unit.furthest === point.step))
        .filter((unit) => !point.breakdown || !inFunnelCohort(unit.unit))
        .map((unit) => unit.unit)
        .sort();
      expect(listed).toEqual(oracle);
    }
    const byPeople = await graphql(server, funnelKey, save, {
      name: 'People',
      point: { query: { ...query, countedBy: 'PEOPLE' }, step: 1, outcome: 'REACHED' },
    });
    expect(byPeople.errors?.[0]?.message).toContain('counted by GROUPS');
  });

  it('saves a retention cell, retained or lost, as a static cohort holding exactly its Microscope list', async () => {
    const retentionMicroscope = `query ($cell: RetentionCellInput!, $first: Int, $after: String) {
      retentionMicroscope(cell: $cell, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { value } } } }`;
    const save = `mutation ($name: String!, $cell: RetentionCellInput!) {
      saveRetentionMicroscopeCohort(name: $name, cell: $cell) { ${savedFields} } }`;
    const query: RetentionDefinition = {
      startEvent: { eventType: 'Signup' },
      range: { from: scenario.firstMonday, to: today },
    };
    const expected = expectedRetention(retentionReplay, query, secondTimeZone, today).total;
    // A complete cell where some units returned and some did not, so both lists hold someone.
    const cells = expected.cohorts.flatMap((entry) =>
      entry.cells.map((cell) => ({
        cohort: entry.period,
        born: entry.born,
        offset: cell.offset,
        retained: cell.retained,
      })),
    );
    const chosen = cells.find(
      (cell) => cell.offset > 0 && cell.retained !== null && cell.retained > 0 && cell.retained < cell.born,
    )!;
    expect(chosen).toBeDefined();
    for (const status of ['RETAINED', 'LOST'] as const) {
      const cell = { query, cohort: chosen.cohort, offset: chosen.offset, status };
      const listed = await listValues(retentionKey, retentionMicroscope, 'retentionMicroscope', { cell });
      const retained = chosen.retained!;
      expect(listed.length, status).toBe(status === 'RETAINED' ? retained : chosen.born - retained);
      const saved = (await ok(retentionKey, save, { name: `${chosen.cohort} ${status}`, cell }))
        .saveRetentionMicroscopeCohort;
      expect(saved.kind).toBe('STATIC');
      expect(saved.size).toBe(listed.length);
      expect(savedValues(saved)).toEqual(listed);
    }
    const refused = await graphql(server, retentionKey, save, {
      name: 'People',
      cell: {
        query: { ...query, countedBy: 'PEOPLE' },
        cohort: chosen.cohort,
        offset: chosen.offset,
        status: 'RETAINED',
      },
    });
    expect(refused.errors?.[0]?.message).toContain('counted by GROUPS');
    // Saving is an admin's change: the read key is refused.
    const readOnly = await graphql(server, readKey, save, {
      name: 'Read only',
      cell: { query, cohort: chosen.cohort, offset: chosen.offset, status: 'LOST' },
    });
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
