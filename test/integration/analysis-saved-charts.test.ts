// Saved charts through the real GraphQL endpoint: save, list, open (and run what was saved),
// replace, delete; one project never sees another's charts; a read key cannot save; a definition
// is checked by the chart's own validation before it is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

const chartFields = 'id name kind definition createdAt updatedAt';
const save = `mutation Save($input: SaveChartInput!) { saveChart(input: $input) { ${chartFields} } }`;
const list = `query { savedCharts { ${chartFields} } }`;
const open = `query Open($id: Int!) { savedChart(id: $id) { ${chartFields} } }`;
const remove = `mutation Delete($id: Int!) { deleteChart(id: $id) }`;
const run = `query Run($input: SegmentationInput!) { segmentation(input: $input) { groupType series { breakdown { label } total } } }`;

describe('saved charts', () => {
  let server: TestServer;
  let keys: { secretKey: string; readKey: string };
  let otherKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Charts', timeZone: 'Australia/Adelaide' });
    keys = { secretKey: created.secretKey, readKey: created.readKey };
    otherKey = (await server.services.projects.createProject({ name: 'Other' })).secretKey;
    const time = Date.UTC(2026, 9, 5, 3);
    const response = await postJson(`${server.url}/2/httpapi`, {
      api_key: created.project.ingestKey,
      events: [
        {
          event_type: '$groupidentify',
          time,
          groups: { company: 'acme' },
          group_properties: { $set: { plan: 'pro' } },
        },
        { event_type: 'Page Viewed', user_id: 'ada@example.com', time, insert_id: 'a', groups: { company: 'acme' } },
        { event_type: 'Page Viewed', user_id: 'bob@example.com', time, insert_id: 'b', groups: { company: 'globex' } },
      ],
    });
    expect(response.status, response.text).toBe(200);
  });
  afterAll(async () => server?.stop());

  const dailyActiveByPlan = {
    series: [{}],
    breakdown: { source: 'GROUP_PROPERTY', key: 'plan' },
    range: { from: '2026-10-01', to: '2026-10-07' },
  };

  it('saves, lists, opens, runs, replaces and deletes a chart', async () => {
    const saved = await graphql(server, keys.secretKey, save, {
      input: { name: 'Daily active companies by plan', segmentation: dailyActiveByPlan },
    });
    expect(saved.errors).toBeUndefined();
    const chart = saved.data.saveChart;
    expect(chart).toMatchObject({ name: 'Daily active companies by plan', kind: 'SEGMENTATION' });
    // Stored as checked: the defaults are written out.
    expect(chart.definition).toMatchObject({
      countedBy: 'GROUPS',
      measure: 'UNIQUES',
      interval: 'DAY',
      groupType: null,
    });
    expect(chart.definition.breakdown).toEqual({ source: 'GROUP_PROPERTY', key: 'plan', limit: 10 });

    const composition = await graphql(server, keys.secretKey, save, {
      input: { name: 'accounts by plan', composition: { property: 'plan' } },
    });
    expect(composition.errors).toBeUndefined();

    const listed = await graphql(server, keys.readKey, list);
    expect(listed.data.savedCharts.map((entry: { name: string; kind: string }) => [entry.name, entry.kind])).toEqual([
      ['accounts by plan', 'COMPOSITION'],
      ['Daily active companies by plan', 'SEGMENTATION'],
    ]);

    // Opening a chart gives a definition the chart query takes as it is.
    const opened = await graphql(server, keys.readKey, open, { id: chart.id });
    const answer = await graphql(server, keys.readKey, run, { input: opened.data.savedChart.definition });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.segmentation.groupType).toBe('company');
    expect(answer.data.segmentation.series).toEqual([
      { breakdown: { label: 'pro' }, total: 1 },
      { breakdown: { label: '(none)' }, total: 1 },
    ]);

    const replaced = await graphql(server, keys.secretKey, save, {
      input: { id: chart.id, name: 'Weekly', segmentation: { ...dailyActiveByPlan, interval: 'WEEK' } },
    });
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data.saveChart).toMatchObject({ id: chart.id, name: 'Weekly' });
    expect(replaced.data.saveChart.definition.interval).toBe('WEEK');

    expect((await graphql(server, keys.secretKey, remove, { id: chart.id })).data.deleteChart).toBe(true);
    expect((await graphql(server, keys.secretKey, remove, { id: chart.id })).data.deleteChart).toBe(false);
    expect((await graphql(server, keys.readKey, open, { id: chart.id })).data.savedChart).toBeNull();
  });

  it('keeps charts to their project and saving to the secret key', async () => {
    const saved = await graphql(server, keys.secretKey, save, {
      input: { name: 'mine', segmentation: dailyActiveByPlan },
    });
    const id = saved.data.saveChart.id;
    expect((await graphql(server, otherKey, open, { id })).data.savedChart).toBeNull();
    expect((await graphql(server, otherKey, list)).data.savedCharts).toEqual([]);
    expect((await graphql(server, otherKey, remove, { id })).data.deleteChart).toBe(false);
    const replaced = await graphql(server, otherKey, save, {
      input: { id, name: 'theirs', segmentation: dailyActiveByPlan },
    });
    expect(replaced.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await graphql(server, keys.readKey, open, { id })).data.savedChart.name).toBe('mine');

    const readOnly = await graphql(server, keys.readKey, save, {
      input: { name: 'x', segmentation: dailyActiveByPlan },
    });
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses definitions the charts would refuse', async () => {
    const refusal = async (input: Record<string, unknown>) => {
      const response = await graphql(server, keys.secretKey, save, { input });
      expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      return response.errors![0]!.message;
    };
    expect(await refusal({ name: 'none' })).toMatch(/exactly one definition/);
    expect(await refusal({ name: 'both', segmentation: dailyActiveByPlan, composition: { property: 'plan' } })).toMatch(
      /exactly one definition/,
    );
    expect(await refusal({ name: ' ', segmentation: dailyActiveByPlan })).toMatch(/name must have 1 to 200/);
    expect(await refusal({ name: 'empty', segmentation: { ...dailyActiveByPlan, series: [] } })).toMatch(
      /series: Add at least one event selection/,
    );
  });
});
