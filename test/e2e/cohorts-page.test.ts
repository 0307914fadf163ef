// The Cohorts page in a real browser against the real server: the behavioural editor's preview
// (checked against a count made here from the events this test sent), creating and importing
// (a browser session only reads today, so the page shows the server's refusal; the same cohorts
// are then made with the secret key through the API and appear on the page), opening a cohort
// (members, size, CSV download) and applying it on the Groups page through the cohort chip. The
// editor's nested group and event-property filters: the preview shown equals the API's preview of
// the same definition and a count made here.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson } from '../support/test-server';
import { launchBrowser, signedInContext, startWebTestServer, type WebTestServer } from './support/web-test-server';

const day = 86_400_000;
const now = Date.now();
/** company → people active in the last few days. */
const activity: Record<string, number> = { acme: 3, globex: 1, initech: 2, umbrella: 0 };
const names: Record<string, string> = { acme: 'Acme Inc', globex: 'Globex', initech: 'Initech', umbrella: 'Umbrella' };

/** company → formats of the exports its first person downloaded in the last few days. */
const exports: Record<string, string[]> = { acme: ['pdf', 'pdf'], globex: ['pdf'], initech: ['csv'] };

function buildEvents() {
  const events: Record<string, unknown>[] = [];
  for (const [company, people] of Object.entries(activity)) {
    events.push({
      event_type: '$groupidentify',
      time: now - 40 * day,
      insert_id: `identify-${company}`,
      groups: { company },
      group_properties: { $set: { name: names[company] } },
    });
    for (let person = 0; person < people; person += 1) {
      events.push({
        event_type: 'Report Created',
        user_id: `user${person}@${company}.example`,
        time: now - (person + 1) * day,
        insert_id: `${company}-${person}`,
        groups: { company },
      });
    }
  }
  // Exports with a format, by people already active (the people counts above stay as they are).
  for (const [company, formats] of Object.entries(exports)) {
    formats.forEach((format, index) => {
      events.push({
        event_type: 'Export Downloaded',
        user_id: `user0@${company}.example`,
        time: now - (index + 2) * day,
        insert_id: `export-${company}-${index}`,
        groups: { company },
        event_properties: { format },
      });
    });
  }
  // Umbrella was active long ago only: a group of the project, in no "active" cohort.
  events.push({
    event_type: 'Report Created',
    user_id: 'old@umbrella.example',
    time: now - 60 * day,
    insert_id: 'umbrella-old',
    groups: { company: 'umbrella' },
  });
  return events;
}

/** Groups with at least 2 distinct people in the last 30 days, from the events sent. */
const expectedActive = Object.entries(activity)
  .filter(([, people]) => people >= 2)
  .map(([company]) => company)
  .sort();

let server: WebTestServer;
let browser: Browser;
let page: Page;
let secretKey: string;

beforeAll(async () => {
  server = await startWebTestServer();
  const created = await server.services.projects.createProject({ name: 'Cohorts E2E', timeZone: 'UTC' });
  secretKey = created.secretKey;
  const response = await postJson(`${server.url}/2/httpapi`, {
    api_key: created.project.ingestKey,
    events: buildEvents(),
  });
  expect(response.status).toBe(200);
  browser = await launchBrowser();
  const context = await signedInContext(browser, server, created.readKey);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the Cohorts page', () => {
  let cohortId: number;

  it('previews a behavioural cohort while editing, and explains why a read-only session cannot create it', async () => {
    await page.goto('/cohorts');
    await page.waitForSelector('text=No cohorts yet');
    await page.getByTestId('cohort-name').fill('Teams of two or more');
    await page.getByLabel('Condition 1: kind').selectOption('ACTIVE_PEOPLE');
    await page.getByLabel('Condition 1: count').fill('2');
    await page.getByLabel('Condition 1: days').fill('30');
    await page.waitForFunction(
      (size) => document.querySelector('[data-testid="cohort-preview-size"] strong')?.textContent === String(size),
      expectedActive.length,
    );
    const previewed = await page.$$eval('[data-testid="cohort-preview"] li a', (links) =>
      links.map((link) => link.textContent),
    );
    expect(previewed.sort()).toEqual(expectedActive.map((company) => names[company]).sort());

    // OR "did not create a report between ten days ago and today": adds the company silent lately.
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByTestId('cohort-combinator').selectOption('OR');
    await page.getByLabel('Condition 2: kind').selectOption('NOT_PERFORMED_EVENT');
    await page.getByLabel('Condition 2: event type').fill('Report Created');
    await page.getByLabel('Condition 2: window').selectOption('RANGE');
    await page.getByLabel('Condition 2: from').fill(new Date(now - 10 * day).toISOString().slice(0, 10));
    await page.getByLabel('Condition 2: to').fill(new Date(now).toISOString().slice(0, 10));
    const silent = Object.entries(activity)
      .filter(([, people]) => people === 0)
      .map(([company]) => company);
    await page.waitForFunction(
      (size) => document.querySelector('[data-testid="cohort-preview-size"] strong')?.textContent === String(size),
      expectedActive.length + silent.length,
    );
    const widened = await page.$$eval('[data-testid="cohort-preview"] li a', (links) =>
      links.map((link) => link.textContent),
    );
    expect(widened.sort()).toEqual([...expectedActive, ...silent].map((company) => names[company]).sort());

    await page.getByTestId('cohort-create').click();
    await page.waitForSelector('[data-testid="cohort-create-error"]');
    expect(await page.getByTestId('cohort-create-error').textContent()).toContain('secret key');
  });

  it('previews a nested group with event-property filters as the API does', async () => {
    await page.goto('/cohorts');
    await page.getByTestId('cohort-name').waitFor();
    const byLabel = (label: string) => page.getByLabel(label, { exact: true });
    // Active in 30 days AND (at least two PDF exports OR at least one export whose format contains "cs").
    await byLabel('Condition 1: kind').selectOption('ACTIVE_PEOPLE');
    await byLabel('Condition 1: count').fill('1');
    await page.getByRole('button', { name: 'Add a nested group', exact: true }).click();
    await byLabel('Group 2: combinator').selectOption('OR');
    await byLabel('Condition 2.1: event type').fill('Export Downloaded');
    await byLabel('Condition 2.1: count').fill('2');
    await byLabel('Condition 2.1: add an event property filter').click();
    await byLabel('Condition 2.1 filter 1: property').fill('format');
    await byLabel('Condition 2.1 filter 1: value').fill('pdf');
    await byLabel('Group 2: add a condition').click();
    await byLabel('Condition 2.2: event type').fill('Export Downloaded');
    await byLabel('Condition 2.2: add an event property filter').click();
    await byLabel('Condition 2.2 filter 1: property').fill('format');
    await byLabel('Condition 2.2 filter 1: operator').selectOption('CONTAINS');
    await byLabel('Condition 2.2 filter 1: value').fill('cs');

    // From the events sent: active lately, and two PDF exports or an export in a format containing "cs".
    const expected = Object.keys(activity)
      .filter((company) => activity[company]! >= 1)
      .filter((company) => {
        const formats = exports[company] ?? [];
        return (
          formats.filter((format) => format === 'pdf').length >= 2 || formats.some((format) => format.includes('cs'))
        );
      })
      .sort();
    const exportCondition = (count: number, filter: Record<string, string>) => ({
      kind: 'PERFORMED_EVENT',
      performed: true,
      event: { eventType: 'Export Downloaded', filters: [filter] },
      comparison: 'AT_LEAST',
      count,
      window: { lastDays: 30 },
    });
    const api = await graphql(
      server,
      secretKey,
      'query ($definition: JSON!) { cohortPreview(definition: $definition, first: 50) { size members { value } } }',
      {
        definition: {
          groupType: 'company',
          combinator: 'AND',
          conditions: [
            { kind: 'ACTIVE_PEOPLE', comparison: 'AT_LEAST', count: 1, lastDays: 30 },
            {
              kind: 'GROUP',
              combinator: 'OR',
              conditions: [
                exportCondition(2, { key: 'format', operator: 'EQUALS', value: 'pdf' }),
                exportCondition(1, { key: 'format', operator: 'CONTAINS', value: 'cs' }),
              ],
            },
          ],
        },
      },
    );
    expect(api.errors).toBeUndefined();
    expect(api.data.cohortPreview.size).toBe(expected.length);
    expect(api.data.cohortPreview.members.map((member: { value: string }) => member.value).sort()).toEqual(expected);
    // Neither the filters nor the nesting are inert: without them the answer would differ.
    expect(expected).toEqual(['acme', 'initech']);

    await page.waitForFunction(
      (size) => document.querySelector('[data-testid="cohort-preview-size"] strong')?.textContent === String(size),
      api.data.cohortPreview.size,
    );
    const shown = await page.$$eval('[data-testid="cohort-preview"] li a', (links) =>
      links.map((link) => link.textContent),
    );
    expect(shown.sort()).toEqual(expected.map((company) => names[company]).sort());
  });

  it('lists cohorts made with the secret key, shows an import refused to a read-only session, and opens one', async () => {
    const created = await graphql(
      server,
      secretKey,
      'mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id size } }',
      {
        input: {
          name: 'Teams of two or more',
          definition: {
            groupType: 'company',
            combinator: 'AND',
            conditions: [{ kind: 'ACTIVE_PEOPLE', comparison: 'AT_LEAST', count: 2, lastDays: 30 }],
          },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    cohortId = created.data.createCohort.id;
    expect(created.data.createCohort.size).toBe(expectedActive.length);

    await page.goto('/cohorts');
    await page.getByTestId('import-name').fill('From a file');
    await page.getByTestId('import-file').setInputFiles({
      name: 'companies.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('\uFEFFAcme Inc\r\nglobex\r\n'),
    });
    await page.getByTestId('import-submit').click();
    await page.waitForSelector('[data-testid="import-error"]');
    expect(await page.getByTestId('import-error').textContent()).toContain('secret key');

    await page.waitForSelector('[data-testid="cohort-list"]');
    await page.getByRole('link', { name: 'Teams of two or more' }).click();
    await page.waitForSelector('[data-testid="cohort-members"]');
    expect(await page.getByTestId('cohort-size').textContent()).toBe(String(expectedActive.length));
    const members = await page.$$eval('[data-testid="cohort-members"] tbody tr td:nth-child(2)', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(members.sort()).toEqual(expectedActive);
    const entered = await page.$$eval('[data-testid="cohort-changes"] li', (items) =>
      items.map((item) => item.textContent),
    );
    expect(entered.filter((text) => text?.includes('entered'))).toHaveLength(expectedActive.length);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cohort-csv').click()]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('group_type,value,name,entered_at');
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',')[1])
        .sort(),
    ).toEqual(expectedActive);
  });

  it('applies the cohort on the Groups page with a chip kept in the URL', async () => {
    await page.getByRole('link', { name: 'Show on the Groups page' }).click();
    await page.waitForSelector('[data-filter="cohort"]');
    expect(page.url()).toContain(`cohort=${cohortId}`);
    await page.waitForFunction(
      (count) => document.querySelectorAll('table.groups-table tbody tr[data-group-value]').length === count,
      expectedActive.length,
    );
    const shown = await page.$$eval('table.groups-table tbody tr[data-group-value]', (rows) =>
      rows.map((row) => (row as HTMLElement).dataset.groupValue),
    );
    expect(shown.sort()).toEqual(expectedActive);

    // Removing the chip shows every company again, and the URL forgets the cohort.
    await page.getByLabel('Remove the cohort filter').click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('table.groups-table tbody tr[data-group-value]').length === count,
      Object.keys(activity).length,
    );
    expect(page.url()).not.toContain('cohort=');

    // Chosen again from the menu beside the trend filters.
    await page.locator('select[data-filter="cohort"]').selectOption(String(cohortId));
    await page.waitForFunction(
      (count) => document.querySelectorAll('table.groups-table tbody tr[data-group-value]').length === count,
      expectedActive.length,
    );
    expect(page.url()).toContain(`cohort=${cohortId}`);
  });

  it('filters a chart on the Analyze page by the cohort and compares the cohort with the rest', async () => {
    const today = new Date(now).toISOString().slice(0, 10);
    const from = new Date(now - 29 * day).toISOString().slice(0, 10);
    const chart = {
      series: [{}],
      range: { from, to: today },
      interval: 'DAY',
      breakdown: { source: 'COHORT', key: String(cohortId) },
    };
    await page.goto(`/analyze?kind=segmentation&chart=${encodeURIComponent(JSON.stringify(chart))}`);
    await page.waitForSelector('table.analysis-table tbody tr');
    const totals = await page.$$eval('table.analysis-table tbody tr', (rows) =>
      rows.map((row) => [
        (row as HTMLElement).dataset.breakdown,
        Number(row.querySelector('td[data-total]')?.getAttribute('data-total')),
      ]),
    );
    // Active in the last 30 days: the cohort's members, and the one other company active lately.
    const activeLately = Object.entries(activity).filter(([, people]) => people > 0).length;
    expect(Object.fromEntries(totals)).toEqual({
      'in cohort': expectedActive.length,
      rest: activeLately - expectedActive.length,
    });
    // Microscope on the cohort's point of yesterday offers "Save as cohort"; a read-only session is told why not.
    const yesterday = new Date(now - day).toISOString().slice(0, 10);
    await page.locator(`tr[data-breakdown="in cohort"] td[data-bucket="${yesterday}"] button`).click();
    await page.getByTestId('microscope').waitFor();
    await page.getByTestId('save-cohort').click();
    await page.waitForSelector('[data-testid="save-cohort-error"]');
    expect(await page.getByTestId('save-cohort-error').textContent()).toContain('secret key');

    // The breakdown form shows the cohort chosen.
    expect(await page.getByTestId('cohort-select-Breakdown cohort').inputValue()).toBe(String(cohortId));
  });

  it("shows a group's cohorts on its page", async () => {
    await page.goto(`/groups/company/${expectedActive[0]}`);
    await page.waitForSelector('[data-testid="group-cohorts"] li a');
    const listed = await page.$$eval('[data-testid="group-cohorts"] li a', (links) =>
      links.map((link) => link.textContent),
    );
    expect(listed).toEqual(['Teams of two or more']);
  });
});
