// The retention chart of the Analyze page in a real browser against the real server: built from
// the form, every figure of the heat-map checked against the API's answer (and a few against the
// events sent), the definition kept in the URL, Microscope opened on a cell (retained and lost
// lists checked against the API), and a saved retention chart reopened from the page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson } from '../support/test-server';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

const dayLength = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
// Six weeks before this week's Monday (UTC project): every cell of a 3-week range and 3 periods has ended.
const thisMonday = (() => {
  const now = new Date();
  const weekday = (now.getUTCDay() + 6) % 7;
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - weekday * dayLength;
})();
const firstMonday = thisMonday - 6 * 7 * dayLength;
const range = { from: isoDay(firstMonday), to: isoDay(firstMonday + 20 * dayLength) };
const companies = ['acme', 'globex', 'initech', 'umbrella', 'soylent'];

/** Company i signs up in week i % 3 (on a Wednesday) and views pages in the weeks w where (i + w) % 2 is 0. */
function buildEvents() {
  const events: Record<string, unknown>[] = [];
  companies.forEach((company, index) => {
    const signupWeek = index % 3;
    events.push({
      event_type: 'Signup',
      user_id: `admin@${company}.example`,
      time: firstMonday + (signupWeek * 7 + 2) * dayLength + 3_600_000,
      insert_id: `signup-${company}`,
      groups: { company },
    });
    for (let week = signupWeek; week < 6; week += 1) {
      if ((index + week) % 2 !== 0) continue;
      events.push({
        event_type: 'Page Viewed',
        user_id: `user@${company}.example`,
        time: firstMonday + (week * 7 + 4) * dayLength + 7_200_000,
        insert_id: `view-${company}-${week}`,
        groups: { company },
      });
    }
  });
  return events;
}

const retentionInput = {
  startEvent: { eventType: 'Signup' },
  returnEvent: { eventType: 'Page Viewed' },
  groupType: 'company',
  countedBy: 'GROUPS',
  range,
  interval: 'WEEK',
  periods: 3,
};

const retentionQuery = `query R($input: RetentionInput!) { retention(input: $input) {
  total { born cohorts { period born cells { offset retained complete } } curve { offset percentage } } } }`;
const microscopeQuery = `query M($cell: RetentionCellInput!) { retentionMicroscope(cell: $cell, first: 200) {
  totalCount edges { node { value returnEvents } } } }`;

let server: WebTestServer;
let browser: Browser;
let page: Page;
let secretKey: string;

beforeAll(async () => {
  server = await startWebTestServer();
  const created = await server.services.projects.createProject({ name: 'Retention E2E', timeZone: 'UTC' });
  secretKey = created.secretKey;
  const response = await postJson(`${server.url}/2/httpapi`, {
    api_key: created.project.ingestKey,
    events: buildEvents(),
  });
  expect(response.status, response.text).toBe(200);
  browser = await launchBrowser();
  const context = await signedInContext(browser, server, created.readKey);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The heat-map as shown: per cohort row, born and each cell's retained count (null: not complete). */
function shownTable(target: Page) {
  return target.$$eval('[data-testid="retention-table"] tbody tr[data-cohort]', (rows) =>
    rows.map((row) => ({
      period: (row as HTMLElement).dataset.cohort,
      born: Number(row.querySelector('td[data-born]')?.getAttribute('data-born')),
      cells: [...row.querySelectorAll('td[data-offset]')].map((cell) => {
        const retained = cell.getAttribute('data-retained');
        return retained === null ? null : Number(retained);
      }),
    })),
  );
}

async function apiTable() {
  const response = await graphql(server, secretKey, retentionQuery, { input: retentionInput });
  expect(response.errors).toBeUndefined();
  return response.data.retention.total as {
    born: number;
    cohorts: { period: string; born: number; cells: { offset: number; retained: number | null }[] }[];
  };
}

async function buildRetention() {
  await buildRetentionWith(async () => {});
}

/** The chart of buildRetention, with more of the form filled in by `more` before it is shown. */
async function buildRetentionWith(more: () => Promise<void>) {
  await page.goto('/analyze');
  await page.getByLabel('Retention', { exact: true }).check();
  await page.getByLabel('Group type').selectOption('company');
  await page.getByLabel('Counted by').selectOption('GROUPS');
  await page.getByLabel('Start event (born at the first one in the range)').fill('Signup');
  await page.getByLabel('Return event').fill('Page Viewed');
  await page.getByLabel('Periods after birth').fill('3');
  await page.getByLabel('From').fill(range.from);
  await page.getByLabel('To', { exact: true }).fill(range.to);
  await page.getByLabel('Interval').selectOption('WEEK');
  await more();
  await page.getByRole('button', { name: 'Show chart' }).click();
}

describe('the retention chart of the Analyze page', () => {
  it('shows the cohort table the API computes, from the form and again after a reload', async () => {
    await buildRetention();
    const api = await apiTable();
    const expected = api.cohorts.map((cohort) => ({
      period: cohort.period,
      born: cohort.born,
      cells: cohort.cells.map((cell) => cell.retained),
    }));
    await expect.poll(() => shownTable(page), { timeout: 20_000 }).toEqual(expected);
    // Independently of the API: one company born per week (five companies over weeks 0, 1, 2, 0, 1).
    expect(expected.map((cohort) => cohort.born)).toEqual([2, 2, 1]);
    // Week 0's acme (index 0) views pages in weeks 0, 2, 4; umbrella (index 3) in weeks 1, 3, 5.
    expect(expected[0]!.cells).toEqual([1, 1, 1, 1]);
    expect(page.url()).toContain('kind=retention');
    await page.screenshot({ path: screenshotPath('analyze-retention'), fullPage: true });

    await page.reload();
    await expect.poll(() => shownTable(page), { timeout: 20_000 }).toEqual(expected);
    expect(await page.getByLabel('Start event (born at the first one in the range)').inputValue()).toBe('Signup');
  });

  it('opens Microscope on a cell with the keyboard and lists its retained and lost companies', async () => {
    await buildRetention();
    await page.waitForSelector('[data-testid="retention-table"] tbody tr[data-cohort]');
    const cohort = range.from;
    const offset = 1;
    const button = page.locator(`tr[data-cohort="${cohort}"] td[data-offset="${offset}"] button`);
    await button.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('microscope');
    await panel.waitFor();

    for (const status of ['RETAINED', 'LOST'] as const) {
      if (status === 'LOST') await panel.getByRole('button', { name: 'Lost', exact: true }).click();
      const response = await graphql(server, secretKey, microscopeQuery, {
        cell: { query: retentionInput, cohort, offset, status },
      });
      expect(response.errors).toBeUndefined();
      const expected = (
        response.data.retentionMicroscope.edges as { node: { value: string; returnEvents: number } }[]
      ).map((edge) => ({ value: edge.node.value, events: edge.node.returnEvents }));
      expect(expected.length).toBe(1);
      const listed = () =>
        page.$$eval('[data-testid="microscope"] tbody tr', (rows) =>
          rows.map((row) => ({
            value: (row as HTMLElement).dataset.memberValue,
            events: Number(row.querySelector('td[data-events]')?.getAttribute('data-events')),
          })),
        );
      await expect.poll(listed, { timeout: 20_000 }).toEqual(expected);
      expect(await page.textContent('[data-testid="microscope-count"]')).toContain(
        `1 group ${status === 'RETAINED' ? 'retained' : 'lost'}`,
      );
    }
    // "Save as cohort" is offered for the lost list too; this read-only session is told why not, and nothing is saved.
    expect(await panel.getByTestId('save-cohort-name').inputValue()).toContain('lost');
    await panel.getByTestId('save-cohort').click();
    await page.waitForSelector('[data-testid="save-cohort-error"]');
    expect(await page.getByTestId('save-cohort-error').textContent()).toContain('secret key');
    const cohorts = await graphql(server, secretKey, '{ cohorts { id } }');
    expect(cohorts.data.cohorts).toEqual([]);
    await page.screenshot({ path: screenshotPath('analyze-retention-microscope'), fullPage: false });
    await panel.getByRole('button', { name: 'Close Microscope' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('splits the table into a cohort and the rest from the form, kept in the URL', async () => {
    const imported = await graphql(
      server,
      secretKey,
      'mutation ($input: ImportCohortInput!) { importCohort(input: $input) { cohort { id } } }',
      { input: { name: 'Acme and Globex', groupType: 'company', content: 'acme\nglobex' } },
    );
    expect(imported.errors).toBeUndefined();
    const cohortId = String(imported.data.importCohort.cohort.id);
    await buildRetentionWith(async () => {
      await page.getByRole('combobox', { name: 'Breakdown', exact: true }).selectOption('COHORT');
      await page.getByTestId('cohort-select-Breakdown cohort').selectOption(cohortId);
    });
    const response = await graphql(
      server,
      secretKey,
      `query R($input: RetentionInput!) { retention(input: $input) {
        breakdowns { breakdown { value } born cohorts { period born cells { retained } } } } }`,
      { input: { ...retentionInput, breakdown: { source: 'COHORT', key: cohortId } } },
    );
    expect(response.errors).toBeUndefined();
    const breakdowns = response.data.retention.breakdowns as {
      breakdown: { value: string };
      born: number;
      cohorts: { period: string; born: number; cells: { retained: number | null }[] }[];
    }[];
    expect(breakdowns.map((entry) => entry.breakdown.value).sort()).toEqual(['in cohort', 'rest']);
    // acme and globex: born in weeks 0 and 1 (one each); the three others are the rest.
    expect(breakdowns.find((entry) => entry.breakdown.value === 'in cohort')!.born).toBe(2);
    for (const entry of breakdowns) {
      const select = page.getByTestId('retention-table-select');
      await select.waitFor();
      const index = await select.evaluate(
        (element, label) =>
          [...(element as HTMLSelectElement).options].findIndex((option) => option.text.startsWith(`${label} (`)),
        entry.breakdown.value,
      );
      expect(index, entry.breakdown.value).toBeGreaterThan(0);
      await select.selectOption(String(index));
      const expected = entry.cohorts.map((cohort) => ({
        period: cohort.period,
        born: cohort.born,
        cells: cohort.cells.map((cell) => cell.retained),
      }));
      await expect.poll(() => shownTable(page), { timeout: 20_000 }).toEqual(expected);
    }
    expect(decodeURIComponent(page.url())).toContain('"source":"COHORT"');
    await page.reload();
    await page.getByTestId('retention-table-select').waitFor();
    expect(await page.getByRole('combobox', { name: 'Breakdown', exact: true }).inputValue()).toBe('COHORT');
    expect(await page.getByTestId('cohort-select-Breakdown cohort').inputValue()).toBe(cohortId);
  });

  it("shows a group's own weekly retention on its page, as the API computes it", async () => {
    const groupRange = { from: range.from, to: isoDay(firstMonday + 41 * dayLength) };
    const response = await graphql(
      server,
      secretKey,
      'query G($range: DateRangeInput) { group(groupType: "company", value: "acme", range: $range) { retention { cohortWeek size retained } } }',
      { range: groupRange },
    );
    expect(response.errors).toBeUndefined();
    const expected = response.data.group.retention as { cohortWeek: string; size: number; retained: number[] }[];
    // acme's two people: the admin (signup, week 0) and the viewer (weeks 0, 2, 4): one cohort, week 0.
    expect(expected.map((row) => [row.cohortWeek, row.size])).toEqual([[range.from, 2]]);
    await page.goto(`/groups/company/acme?range=custom&from=${groupRange.from}&to=${groupRange.to}`);
    const shown = () =>
      page.$$eval('[data-testid="group-retention"] tbody tr', (rows) =>
        rows.map((row) => ({
          cohortWeek: (row as HTMLElement).dataset.cohort,
          shares: [...row.querySelectorAll('td[data-share]')].map((cell) => Number(cell.getAttribute('data-share'))),
        })),
      );
    await expect
      .poll(shown, { timeout: 20_000 })
      .toEqual(expected.map((row) => ({ cohortWeek: row.cohortWeek, shares: row.retained })));
    await page.screenshot({ path: screenshotPath('group-retention'), fullPage: true });
  });

  it('reopens a saved retention chart', async () => {
    const saved = await graphql(
      server,
      secretKey,
      'mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id } }',
      { input: { name: 'Weekly signup retention', retention: retentionInput } },
    );
    expect(saved.errors).toBeUndefined();
    await page.goto('/analyze');
    await page.getByRole('button', { name: 'Weekly signup retention' }).click();
    expect(await page.getByLabel('Return event').inputValue()).toBe('Page Viewed');
    const api = await apiTable();
    await expect
      .poll(() => shownTable(page), { timeout: 20_000 })
      .toEqual(
        api.cohorts.map((cohort) => ({
          period: cohort.period,
          born: cohort.born,
          cells: cohort.cells.map((cell) => cell.retained),
        })),
      );
  });
});
