// Cohorts of groups through the real GraphQL and HTTP endpoints, on the Groups scenario sent
// through the real ingest endpoint: behavioural membership at a frozen time ("did not", "at most",
// people counts, ever-held values, nesting) compared with test/factories/cohort-oracle.ts; file
// imports and their edge cases; the cohort filter on the Groups page and on segmentation; the
// scheduled recompute on an injected clock, with sizes over time and entered / left changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohortRecomputeJob } from '../../apps/api/src/jobs/cohort-recompute.job';
import { expectedSegmentation, replayEvents, type ChartDefinition, type Replay } from '../factories/analysis-oracle';
import {
  buildScenario,
  companyType,
  localMidnight,
  scenarioTimeZone,
  type ScenarioBatch,
} from '../factories/analytics-scenario';
import {
  expectedCohortMembers,
  replayPropertyHistory,
  restrictGroups,
  type OracleDefinition,
  type PropertyHistory,
} from '../factories/cohort-oracle';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const timeZone = scenarioTimeZone;
const frozenNow = localMidnight('2026-11-10', timeZone) + 10 * 3_600_000;

const cohortFields = `id name groupType kind definition size computedAt lastError csvPath
  members(first: 100) { totalCount edges { node { value name groupPath } } pageInfo { hasNextPage } }
  sizeHistory { computedAt size }
  membershipChanges(first: 50) { edges { node { value entered changedAt } } }`;

const definitions: Record<string, OracleDefinition> = {
  'report created at least 5 times in the last 14 days': {
    groupType: companyType,
    combinator: 'AND',
    conditions: [
      {
        kind: 'PERFORMED_EVENT',
        event: { eventType: 'Report Created' },
        comparison: 'AT_LEAST',
        count: 5,
        window: { lastDays: 14 },
      },
    ],
  },
  'did not share a dashboard in the last 30 days': {
    groupType: companyType,
    combinator: 'AND',
    conditions: [
      {
        kind: 'PERFORMED_EVENT',
        performed: false,
        event: { eventType: 'Dashboard Shared' },
        comparison: 'AT_LEAST',
        count: 1,
        window: { lastDays: 30 },
      },
    ],
  },
  'at most 20 events in a fixed range and at least 2 active people in 30 days': {
    groupType: companyType,
    combinator: 'AND',
    conditions: [
      {
        kind: 'PERFORMED_EVENT',
        event: {},
        comparison: 'AT_MOST',
        count: 20,
        window: { range: { from: '2026-10-01', to: '2026-10-15' } },
      },
      { kind: 'ACTIVE_PEOPLE', comparison: 'AT_LEAST', count: 2, lastDays: 30 },
    ],
  },
  'at most one active person in the last 7 days': {
    groupType: companyType,
    combinator: 'AND',
    conditions: [{ kind: 'ACTIVE_PEOPLE', comparison: 'AT_MOST', count: 1, lastDays: 7 }],
  },
  'ever held stage renewal, or nested current plan and page views': {
    groupType: companyType,
    combinator: 'OR',
    conditions: [
      { kind: 'PROPERTY_EVER_HELD', filter: { key: 'stage', operator: 'EQUALS', value: 'renewal' } },
      {
        kind: 'GROUP',
        combinator: 'AND',
        conditions: [
          { kind: 'PROPERTY', filter: { key: 'plan', operator: 'EQUALS', value: 'pro' } },
          {
            kind: 'PERFORMED_EVENT',
            event: { eventType: 'Page Viewed' },
            comparison: 'AT_LEAST',
            count: 10,
            window: { lastDays: 60 },
          },
        ],
      },
    ],
  },
  'current stage is not renewal (ever held it though)': {
    groupType: companyType,
    combinator: 'AND',
    conditions: [
      { kind: 'PROPERTY', filter: { key: 'stage', operator: 'NOT_EQUALS', value: 'renewal' } },
      { kind: 'PROPERTY_EVER_HELD', filter: { key: 'stage', operator: 'CONTAINS', value: 'RENEW' } },
    ],
  },
};

const hour = 3_600_000;
const day = 24 * hour;

/** Reports with a format, for conditions filtered by an event property: some today before and after the frozen now. */
function reportEvents(): ScenarioBatch {
  const report = (account: string, time: number, format: string) => ({
    event_type: 'Report Created',
    user_id: `user-${account}-00`,
    time,
    groups: { [companyType]: account },
    event_properties: { format, pages: format === 'pdf' ? 12 : 3 },
  });
  return {
    events: [
      report('acme', frozenNow - 2 * day, 'pdf'),
      report('acme', frozenNow - hour, 'pdf'),
      report('northwind', frozenNow - 3 * day, 'pdf'),
      report('northwind', frozenNow + hour, 'pdf'),
      report('northwind', frozenNow - day, 'csv'),
      report('newco', frozenNow - 20 * day, 'pdf'),
      report('newco', frozenNow - 19 * day, 'pdf'),
      report('newco', frozenNow - 2 * hour, 'PDF'),
    ],
  };
}

definitions['at least two PDF reports in the last 14 days (event property filter)'] = {
  groupType: companyType,
  combinator: 'AND',
  conditions: [
    {
      kind: 'PERFORMED_EVENT',
      event: { eventType: 'Report Created', filters: [{ key: 'format', operator: 'EQUALS', value: 'pdf' }] },
      comparison: 'AT_LEAST',
      count: 2,
      window: { lastDays: 14 },
    },
  ],
};
definitions['active, and no long report in 3 days or one in a fixed range (nested, filtered "did not")'] = {
  groupType: companyType,
  combinator: 'AND',
  conditions: [
    { kind: 'ACTIVE_PEOPLE', comparison: 'AT_LEAST', count: 1, lastDays: 30 },
    {
      kind: 'GROUP',
      combinator: 'OR',
      conditions: [
        {
          kind: 'PERFORMED_EVENT',
          performed: false,
          event: { eventType: 'Report Created', filters: [{ key: 'pages', operator: 'GREATER_THAN', value: '10' }] },
          comparison: 'AT_LEAST',
          count: 1,
          window: { lastDays: 3 },
        },
        {
          kind: 'PERFORMED_EVENT',
          event: { filters: [{ key: 'format', operator: 'CONTAINS', value: 'pd' }] },
          comparison: 'AT_LEAST',
          count: 1,
          window: { range: { from: '2026-10-20', to: '2026-10-22' } },
        },
      ],
    },
  ],
};

describe('cohorts of groups', () => {
  let server: TestServer;
  let secretKey: string;
  let readKey: string;
  let batches: ScenarioBatch[];
  let replay: Replay;
  let history: PropertyHistory;

  const call = async (query: string, variables: Record<string, unknown> = {}, key = secretKey) => {
    const response = await graphql(server, key, query, variables);
    // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers, read field by field in the assertions.
    return response as { data: any; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await call(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const createCohort = async (name: string, definition: unknown) =>
    (
      await ok(`mutation ($input: CreateCohortInput!) { createCohort(input: $input) { ${cohortFields} } }`, {
        input: { name, definition },
      })
    ).createCohort;
  const membersOf = (cohort: { members: { edges: { node: { value: string } }[] } }) =>
    cohort.members.edges.map((edge) => edge.node.value).sort();

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Cohorts', timeZone });
    secretKey = created.secretKey;
    readKey = created.readKey;
    batches = [...buildScenario(), reportEvents()];
    for (const batch of batches) {
      const response = await postJson(`${server.url}/2/httpapi`, {
        api_key: created.project.ingestKey,
        events: batch.events,
      });
      expect(response.status).toBe(200);
    }
    replay = replayEvents(batches, companyType);
    history = replayPropertyHistory(batches, companyType);
    server.services.cohorts.clock = () => new Date(frozenNow);
  });
  afterAll(async () => server?.stop());

  it('computes behavioural membership at a frozen time as the oracle does, and previews the same', async () => {
    const sizes = new Set<number>();
    for (const [name, definition] of Object.entries(definitions)) {
      const expected = expectedCohortMembers(replay, history, definition, timeZone, frozenNow);
      const cohort = await createCohort(name, definition);
      expect(membersOf(cohort), name).toEqual(expected);
      expect(cohort.size, name).toBe(expected.length);
      expect(cohort.kind).toBe('BEHAVIORAL');
      expect(new Date(cohort.computedAt).getTime()).toBe(frozenNow);
      expect(cohort.sizeHistory).toEqual([{ computedAt: new Date(frozenNow).toISOString(), size: expected.length }]);
      const preview = (
        await ok(
          'query ($definition: JSON!) { cohortPreview(definition: $definition, first: 50) { size members { value } } }',
          {
            definition,
          },
        )
      ).cohortPreview;
      expect(preview.size).toBe(expected.length);
      expect(preview.members.map((member: { value: string }) => member.value).sort()).toEqual(expected);
      sizes.add(expected.length);
    }
    // The conditions really separate the groups: neither everything nor nothing every time.
    expect(sizes.size).toBeGreaterThan(2);
    const everHeld = expectedCohortMembers(
      replay,
      history,
      definitions['current stage is not renewal (ever held it though)']!,
      timeZone,
      frozenNow,
    );
    expect(everHeld).toEqual(['globex']);
  });

  it('refuses bad definitions with actionable errors, and read keys may not write', async () => {
    const bad = await call('mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }', {
      input: {
        name: 'Bad',
        definition: {
          groupType: companyType,
          combinator: 'AND',
          conditions: [{ kind: 'ACTIVE_PEOPLE', comparison: 'AT_LEAST', count: -1, lastDays: 7 }],
        },
      },
    });
    expect(bad.errors?.[0]?.message).toMatch(/count/i);
    const unknownType = await call('mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }', {
      input: {
        name: 'Bad',
        definition: {
          groupType: 'nope',
          combinator: 'AND',
          conditions: [{ kind: 'PROPERTY', filter: { key: 'plan', operator: 'IS_SET' } }],
        },
      },
    });
    expect(unknownType.errors?.[0]?.message).toContain('Unknown group type "nope"');
    const window = await call('mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }', {
      input: {
        name: 'Bad',
        definition: {
          groupType: companyType,
          combinator: 'AND',
          conditions: [{ kind: 'PERFORMED_EVENT', event: {}, comparison: 'AT_LEAST', count: 1, window: {} }],
        },
      },
    });
    expect(window.errors?.[0]?.message).toContain('exactly one of "lastDays" or "range"');
    const readOnly = await call(
      'mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }',
      { input: { name: 'X', definition: definitions['at most one active person in the last 7 days'] } },
      readKey,
    );
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('imports a file: BOM, CRLF, blank, duplicate, ambiguous and unknown lines', async () => {
    // Two groups share a name, so that name is ambiguous; a name matches before a value.
    const sameName = [
      {
        event_type: '$groupidentify',
        time: frozenNow - 5_000,
        groups: { company: 'twin-a' },
        group_properties: { $set: { name: 'Twin' } },
      },
      {
        event_type: '$groupidentify',
        time: frozenNow - 5_000,
        groups: { company: 'twin-b' },
        group_properties: { $set: { name: 'Twin' } },
      },
      {
        event_type: '$groupidentify',
        time: frozenNow - 5_000,
        groups: { company: 'renamed' },
        group_properties: { $set: { name: 'tiny' } },
      },
    ];
    const project = await server.services.projects.authenticate(secretKey);
    expect(
      (await postJson(`${server.url}/2/httpapi`, { api_key: project!.project.ingestKey, events: sameName })).status,
    ).toBe(200);
    // The oracle sees them too (later tests count every group).
    batches.push({ events: sameName });
    replay = replayEvents(batches, companyType);
    history = replayPropertyHistory(batches, companyType);
    // "acme" is the value of the group named "Acme Inc" on line 1: the same member, a duplicate.
    const content =
      '\uFEFFAcme Inc\r\nglobex\r\n\r\nTwin\r\nnobody here\r\nAcme Inc\r\ntiny\r\n  \r\nnewco\r\nacme\r\n';
    const result = (
      await ok(
        `mutation ($input: ImportCohortInput!) { importCohort(input: $input) {
          cohort { ${cohortFields} }
          report { lineCount matchedCount blankLines unmatchedLines { line text } ambiguousLines { line text matches } duplicateLines { line text firstLine } } } }`,
        { input: { name: 'Imported', groupType: companyType, content } },
      )
    ).importCohort;
    expect(result.report).toEqual({
      lineCount: 10,
      matchedCount: 4,
      blankLines: [3, 8],
      unmatchedLines: [{ line: 5, text: 'nobody here' }],
      ambiguousLines: [{ line: 4, text: 'Twin', matches: 2 }],
      duplicateLines: [
        { line: 6, text: 'Acme Inc', firstLine: 1 },
        { line: 10, text: 'acme', firstLine: 1 },
      ],
    });
    // "tiny" is the name of the group "renamed": the name wins over the value.
    expect(membersOf(result.cohort)).toEqual(['acme', 'globex', 'newco', 'renamed']);
    expect(result.cohort.kind).toBe('STATIC');

    // LF without BOM through the HTTP route, which takes files larger than GraphQL's body limit.
    const response = await fetch(`${server.url}/cohorts/import?name=Plain&groupType=${companyType}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'text/plain' },
      body: 'northwind\ndormant',
    });
    expect(response.status).toBe(200);
    const plain = await response.json();
    expect(plain.report.matchedCount).toBe(2);
    expect(plain.cohort.size).toBe(2);

    // Too many lines, or bytes that are not UTF-8: refused, and nothing imported.
    const before = (await ok('{ cohorts { id } }')).cohorts.length;
    const tooMany = await fetch(`${server.url}/cohorts/import?name=Big&groupType=${companyType}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'text/plain' },
      body: `${Array.from({ length: 100_001 }, (_, index) => `group-${index}`).join('\n')}\n`,
    });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toContain('at most 100000');
    const notUtf8 = await fetch(`${server.url}/cohorts/import?name=Latin&groupType=${companyType}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from([0x41, 0x63, 0x6d, 0xe9, 0x0a]),
    });
    expect(notUtf8.status).toBe(400);
    const blank = await fetch(`${server.url}/cohorts/import?name=Blank&groupType=${companyType}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'text/plain' },
      body: '\uFEFF\r\n  \r\n',
    });
    expect(blank.status).toBe(400);
    expect((await blank.json()).error).toContain('no group on any line');
    expect((await ok('{ cohorts { id } }')).cohorts.length).toBe(before);

    // Exactly 100,000 lines is accepted.
    const limit = await fetch(`${server.url}/cohorts/import?name=Limit&groupType=${companyType}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'text/plain' },
      body: ['acme', ...Array.from({ length: 99_999 }, (_, index) => `missing-${index}`)].join('\r\n'),
    });
    expect(limit.status).toBe(200);
    const limited = await limit.json();
    expect(limited.report.lineCount).toBe(100_000);
    expect(limited.report.matchedCount).toBe(1);

    // The members download as CSV.
    const csv = await fetch(`${server.url}${result.cohort.csvPath}`, {
      headers: { authorization: `Bearer ${secretKey}` },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('group_type,value,name,entered_at');
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',')[1])
        .sort(),
    ).toEqual(['acme', 'globex', 'newco', 'renamed']);
  });

  it('filters the Groups page and segmentation by a cohort, and compares a cohort with the rest', async () => {
    const definition = definitions['report created at least 5 times in the last 14 days']!;
    const cohort = await createCohort('Filter', definition);
    const members = new Set<string>(membersOf(cohort));
    expect(members.size).toBeGreaterThan(0);

    const groupsQuery = `query ($filter: GroupFilterInput) {
      groups(groupType: "company", range: { from: "2026-10-01", to: "2026-11-09" }, filter: $filter, first: 200) {
        totalCount edges { node { value } } } }`;
    const all = (await ok(groupsQuery)).groups;
    const filtered = (await ok(groupsQuery, { filter: { cohortId: cohort.id } })).groups;
    expect(filtered.edges.map((edge: { node: { value: string } }) => edge.node.value).sort()).toEqual(
      [...members].sort(),
    );
    expect(filtered.totalCount).toBe(members.size);
    expect(all.totalCount).toBeGreaterThan(members.size);
    // The cohort is part of every cache key: asked again (cached), then after a recompute that changes it.
    expect((await ok(groupsQuery, { filter: { cohortId: cohort.id } })).groups.totalCount).toBe(members.size);

    const range = { from: '2026-10-01', to: '2026-11-09' };
    const chart: ChartDefinition = { series: [{}, { eventType: 'Report Created' }], range, interval: 'WEEK' };
    const segmentationQuery = `query ($input: SegmentationInput!) { segmentation(input: $input) {
      series { seriesIndex breakdown { kind value } points { bucket value } total } } }`;
    const inCohort = (await ok(segmentationQuery, { input: { ...chart, cohortId: cohort.id } })).segmentation;
    const expected = expectedSegmentation(
      restrictGroups(replay, (group) => members.has(group)),
      chart,
      timeZone,
    );
    expected.forEach((series, index) => {
      expect(inCohort.series[index].total).toBe(series.total);
      for (const point of inCohort.series[index].points) expect(point.value).toBe(series.points.get(point.bucket) ?? 0);
    });

    const split = (
      await ok(segmentationQuery, { input: { ...chart, breakdown: { source: 'COHORT', key: String(cohort.id) } } })
    ).segmentation;
    const rest = expectedSegmentation(
      restrictGroups(replay, (group) => !members.has(group)),
      chart,
      timeZone,
    );
    for (const [value, oracle] of [
      ['in cohort', expected],
      ['rest', rest],
    ] as const) {
      oracle.forEach((series, index) => {
        const actual = split.series.find(
          (candidate: { seriesIndex: number; breakdown: { value: string } }) =>
            candidate.seriesIndex === index && candidate.breakdown.value === value,
        );
        expect(actual?.total ?? 0, `${value} ${index}`).toBe(series.total);
      });
    }

    // Saved from a Microscope point: the groups behind it, as a static cohort.
    const saved = (
      await ok(
        `mutation ($point: ChartPointInput!) { saveMicroscopeCohort(name: "Week of Oct 5", point: $point) { ${cohortFields} } }`,
        { point: { query: { ...chart, cohortId: cohort.id }, seriesIndex: 0, bucket: '2026-10-05' } },
      )
    ).saveMicroscopeCohort;
    const weekStart = localMidnight('2026-10-05', timeZone);
    const weekEnd = localMidnight('2026-10-12', timeZone);
    const active = new Set(
      replay.events
        .filter((event) => event.time >= weekStart && event.time < weekEnd)
        .flatMap((event) => event.groups)
        .filter((group) => members.has(group)),
    );
    expect(membersOf(saved)).toEqual([...active].sort());

    // Composition of the cohort's groups by plan, compared with the replay's current properties.
    const composition = (
      await ok(
        `query ($input: CompositionInput!) { composition(input: $input) { totalGroups rows { breakdown { kind value } groups } } }`,
        { input: { property: 'plan', cohortId: cohort.id } },
      )
    ).composition;
    expect(composition.totalGroups).toBe(members.size);
    const plans = new Map<string, number>();
    for (const member of members) {
      const plan = replay.groupProperties.get(member)?.plan;
      const label = plan === undefined || plan === null ? '(none)' : String(plan);
      plans.set(label, (plans.get(label) ?? 0) + 1);
    }
    for (const row of composition.rows) {
      expect(row.groups).toBe(plans.get(row.breakdown.kind === 'NONE' ? '(none)' : row.breakdown.value));
    }

    // A new definition is recomputed at once, and the Groups page (cached a moment ago) follows it.
    const wider = definitions['did not share a dashboard in the last 30 days']!;
    const updated = (
      await ok(
        `mutation ($id: Int!, $input: UpdateCohortInput!) { updateCohort(id: $id, input: $input) { ${cohortFields} } }`,
        {
          id: cohort.id,
          input: { definition: wider },
        },
      )
    ).updateCohort;
    const widerMembers = expectedCohortMembers(replay, history, wider, timeZone, frozenNow);
    expect(membersOf(updated)).toEqual(widerMembers);
    expect(widerMembers).not.toEqual([...members].sort());
    const refiltered = (await ok(groupsQuery, { filter: { cohortId: cohort.id } })).groups;
    expect(refiltered.edges.map((edge: { node: { value: string } }) => edge.node.value).sort()).toEqual(widerMembers);

    // A cohort of another type, or none, is refused with the reason.
    const missing = await call(groupsQuery, { filter: { cohortId: 99999 } });
    expect(missing.errors?.[0]?.message).toContain('No cohort of groups 99999');

    // The group knows its cohorts.
    const value = widerMembers[0]!;
    const group = (await ok(`{ group(groupType: "company", value: "${value}") { cohorts { id } } }`)).group;
    expect(group.cohorts.map((entry: { id: number }) => entry.id)).toContain(cohort.id);
  });

  it('recomputes on the schedule with an injected clock, keeping sizes over time and entered / left changes', async () => {
    const definition = definitions['at most one active person in the last 7 days']!;
    const cohort = await createCohort('Scheduled', definition);
    const firstMembers = membersOf(cohort);
    const later = localMidnight('2026-11-20', timeZone) + 3_600_000;
    const job = createCohortRecomputeJob(server.services.cohorts);
    await job.run(new Date(later));
    const expected = expectedCohortMembers(replay, history, definition, timeZone, later);
    const after = (await ok(`query ($id: Int!) { cohort(id: $id) { ${cohortFields} } }`, { id: cohort.id })).cohort;
    expect(membersOf(after)).toEqual(expected);
    expect(new Date(after.computedAt).getTime()).toBe(later);
    expect(after.sizeHistory.map((entry: { size: number }) => entry.size)).toEqual([
      firstMembers.length,
      expected.length,
    ]);
    const changes = after.membershipChanges.edges.map(
      (edge: { node: { value: string; entered: boolean; changedAt: string } }) => edge.node,
    );
    const enteredLater = expected.filter((group) => !firstMembers.includes(group)).sort();
    const leftLater = firstMembers.filter((group) => !expected.includes(group)).sort();
    expect(enteredLater.length + leftLater.length).toBeGreaterThan(0);
    const at = (time: number) =>
      changes.filter((change: { changedAt: string }) => new Date(change.changedAt).getTime() === time);
    expect(
      at(later)
        .filter((change: { entered: boolean }) => change.entered)
        .map((change: { value: string }) => change.value)
        .sort(),
    ).toEqual(enteredLater);
    expect(
      at(later)
        .filter((change: { entered: boolean }) => !change.entered)
        .map((change: { value: string }) => change.value)
        .sort(),
    ).toEqual(leftLater);
    expect(
      at(frozenNow)
        .map((change: { value: string }) => change.value)
        .sort(),
    ).toEqual(firstMembers);

    // On demand, and a failing cohort does not stop the others (its error is kept).
    const recomputed = (
      await ok(`mutation ($id: Int!) { recomputeCohort(id: $id) { size computedAt } }`, { id: cohort.id })
    ).recomputeCohort;
    expect(new Date(recomputed.computedAt).getTime()).toBe(frozenNow);
    const broken = await createCohort('Broken later', definition);
    await server.services.database.execute(
      // A definition that no longer parses (as after a bad hand edit): the job must go on.
      (await import('../../apps/api/src/database/sql'))
        .sql`UPDATE cohort SET definition = '{"groupType": 1}'::jsonb WHERE id = ${broken.id}`,
    );
    const outcome = await server.services.cohorts.recomputeAll(new Date(later));
    expect(outcome.failed).toBe(1);
    expect(outcome.recomputed).toBeGreaterThan(1);
    const failed = (await ok(`query ($id: Int!) { cohort(id: $id) { lastError } }`, { id: broken.id })).cohort;
    expect(failed.lastError).toContain('Invalid stored cohort definition');

    expect((await ok(`mutation ($id: Int!) { deleteCohort(id: $id) }`, { id: broken.id })).deleteCohort).toBe(true);
    expect((await ok(`query ($id: Int!) { cohort(id: $id) { id } }`, { id: broken.id })).cohort).toBeNull();
  });
});
