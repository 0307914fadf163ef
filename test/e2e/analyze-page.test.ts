// The Analyze page in a real browser against the real server. The data goes in through the real
// Amplitude endpoint, and every figure the page shows is checked against a count made here from
// the events this test sent, not against the API: the seed's two examples (daily active companies
// by plan; composition of all organisations by country and by plan), Microscope on one point (its
// list and its CSV download) and a saved chart reopened from the page.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson } from '../support/test-server';
import { parseCsv } from './support/csv-parse';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

interface Company {
  value: string;
  name: string;
  plan?: string;
  country: string;
}

const companies: Company[] = [
  { value: 'acme', name: 'Acme Inc', plan: 'pro', country: 'US' },
  { value: 'globex', name: 'Globex', plan: 'free', country: 'DE' },
  { value: 'initech', name: 'Initech', plan: 'pro', country: 'DE' },
  { value: 'umbrella', name: 'Umbrella', country: 'US' },
  { value: 'soylent', name: 'Soylent', plan: 'enterprise', country: 'FR' },
  // Known to leadmaps (identified) but never active: only "all organisations" counts it.
  { value: 'hooli', name: 'Hooli', plan: 'free', country: 'US' },
];
const activeCompanies = companies.filter((company) => company.value !== 'hooli');
const days = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'];
const range = { from: days[0]!, to: days[days.length - 1]! };

interface SentEvent {
  event_type: string;
  user_id: string;
  time: number;
  insert_id: string;
  groups: { company: string };
}

/** A fixed pattern: company i is active on day d unless (i + d) % 3 is 0, with 1–3 people. */
function buildEvents(): SentEvent[] {
  const events: SentEvent[] = [];
  activeCompanies.forEach((company, companyIndex) => {
    days.forEach((day, dayIndex) => {
      if ((companyIndex + dayIndex) % 3 === 0) return;
      const people = 1 + ((companyIndex + dayIndex) % 3);
      for (let person = 0; person < people; person += 1) {
        const eventType = (person + dayIndex) % 2 === 0 ? 'Report Created' : 'Page Viewed';
        for (let repeat = 0; repeat <= person; repeat += 1) {
          events.push({
            event_type: eventType,
            user_id: `user${person}@${company.value}.example`,
            time: Date.parse(`${day}T${String(9 + repeat).padStart(2, '0')}:15:00Z`),
            insert_id: `${company.value}-${day}-${person}-${repeat}`,
            groups: { company: company.value },
          });
        }
      }
    });
  });
  return events;
}

const sent = buildEvents();
const dayOf = (event: SentEvent) => new Date(event.time).toISOString().slice(0, 10);
const companyOf = (value: string) => companies.find((company) => company.value === value)!;

let server: WebTestServer;
let browser: Browser;
let page: Page;
let secretKey: string;

beforeAll(async () => {
  server = await startWebTestServer();
  const created = await server.services.projects.createProject({ name: 'Analyze E2E', timeZone: 'UTC' });
  secretKey = created.secretKey;
  const identified = companies.map((company) => ({
    event_type: '$groupidentify',
    // Before the range, so identifying a company is not activity in it.
    time: Date.parse('2026-09-01T12:00:00Z'),
    insert_id: `identify-${company.value}`,
    groups: { company: company.value },
    group_properties: {
      $set: { name: company.name, country: company.country, ...(company.plan ? { plan: company.plan } : {}) },
    },
  }));
  for (const batch of [identified, sent]) {
    const response = await postJson(`${server.url}/2/httpapi`, { api_key: created.project.ingestKey, events: batch });
    expect(response.status, response.text).toBe(200);
  }
  browser = await launchBrowser();
  const context = await signedInContext(browser, server, created.readKey);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The table's figures: breakdown label → bucket → value, and the totals. */
async function segmentationTable(target: Page) {
  return target.$$eval('table.analysis-table tbody tr', (rows) =>
    rows.map((row) => ({
      breakdown: (row as HTMLElement).dataset.breakdown ?? '',
      total: Number(row.querySelector('td[data-total]')?.getAttribute('data-total')),
      points: Object.fromEntries(
        [...row.querySelectorAll('td[data-bucket]')].map((cell) => [
          cell.getAttribute('data-bucket'),
          Number(cell.getAttribute('data-value')),
        ]),
      ),
    })),
  );
}

/** Daily distinct companies per plan, and distinct over the range, from the events sent. */
function expectedActiveCompaniesByPlan() {
  const labels = new Map<string, { points: Record<string, Set<string>>; total: Set<string> }>();
  for (const event of sent) {
    const label = companyOf(event.groups.company).plan ?? '(none)';
    const entry = labels.get(label) ?? {
      points: Object.fromEntries(days.map((day) => [day, new Set<string>()])),
      total: new Set(),
    };
    entry.points[dayOf(event)]!.add(event.groups.company);
    entry.total.add(event.groups.company);
    labels.set(label, entry);
  }
  return [...labels].map(([breakdown, entry]) => ({
    breakdown,
    total: entry.total.size,
    points: Object.fromEntries(days.map((day) => [day, entry.points[day]!.size])),
  }));
}

const byLabel = <T extends { breakdown: string }>(rows: T[]) =>
  [...rows].sort((left, right) => left.breakdown.localeCompare(right.breakdown));

async function buildDailyActiveCompaniesByPlan() {
  await page.goto('/analyze');
  await page.getByLabel('From').fill(range.from);
  await page.getByLabel('To', { exact: true }).fill(range.to);
  await page.getByLabel('Group type').selectOption('company');
  await page.getByLabel('Counted by').selectOption('GROUPS');
  await page.getByLabel('Measure').selectOption('UNIQUES');
  await page.getByRole('combobox', { name: 'Breakdown' }).selectOption('GROUP_PROPERTY');
  await page.getByLabel('Breakdown property').fill('plan');
  await page.getByLabel('Interval').selectOption('DAY');
  await page.getByRole('button', { name: 'Show chart' }).click();
}

describe('the Analyze page', () => {
  it('builds "daily active companies grouped by plan" with the figures counted from the events sent', async () => {
    await buildDailyActiveCompaniesByPlan();
    const expected = byLabel(expectedActiveCompaniesByPlan());
    await expect.poll(async () => byLabel(await segmentationTable(page)), { timeout: 20_000 }).toEqual(expected);
    expect(expected.map((row) => row.breakdown)).toContain('(none)');
    expect(page.url()).toContain('kind=segmentation');
    await page.screenshot({ path: screenshotPath('analyze-segmentation'), fullPage: true });

    // The URL holds the whole definition: a reload (or a shared link) shows the same chart.
    await page.reload();
    await expect.poll(async () => byLabel(await segmentationTable(page)), { timeout: 20_000 }).toEqual(expected);
    expect(await page.getByLabel('Breakdown property').inputValue()).toBe('plan');
  });

  it('suggests the event types and property keys the project has', async () => {
    await page.goto('/analyze');
    const optionsOf = (list: string) =>
      page.$$eval(`datalist#${list} option`, (options) => options.map((option) => (option as HTMLOptionElement).value));
    await expect
      .poll(() => optionsOf('analysis-event-type-suggestions'), { timeout: 20_000 })
      .toEqual([...new Set(sent.map((event) => event.event_type))].sort());
    expect(await optionsOf('analysis-group-property-suggestions')).toContain('plan');
    // The inputs are tied to the lists (the browser offers them as the user types).
    expect(await page.getByLabel('Series 1: event type').getAttribute('list')).toBe('analysis-event-type-suggestions');
  });

  it('builds "composition of all organisations" by country and by plan', async () => {
    for (const property of ['country', 'plan'] as const) {
      await page.goto('/analyze');
      await page.getByLabel('Composition').check();
      await page.getByLabel('Group type').selectOption('company');
      await page.getByLabel('Group property').fill(property);
      await page.getByLabel('All groups').check();
      await page.getByRole('button', { name: 'Show chart' }).click();

      const expected = new Map<string, { groups: number; people: Set<string> }>();
      for (const company of companies) {
        const label = company[property] ?? '(none)';
        const entry = expected.get(label) ?? { groups: 0, people: new Set<string>() };
        entry.groups += 1;
        for (const event of sent) if (event.groups.company === company.value) entry.people.add(event.user_id);
        expected.set(label, entry);
      }
      const expectedRows = [...expected]
        .map(([label, entry]) => ({ label, groups: entry.groups, people: entry.people.size }))
        .sort((left, right) => left.label.localeCompare(right.label));
      const shown = () =>
        page.$$eval('table.composition-table tbody tr', (rows) =>
          rows
            .map((row) => ({
              label: (row as HTMLElement).dataset.label ?? '',
              groups: Number(row.querySelector('td[data-groups]')?.getAttribute('data-groups')),
              people: Number(row.querySelector('td[data-people]')?.getAttribute('data-people')),
            }))
            .sort((left, right) => left.label.localeCompare(right.label)),
        );
      await expect.poll(shown, { timeout: 20_000 }).toEqual(expectedRows);
      expect(await page.textContent('[data-testid="composition-summary"]')).toContain(
        `${companies.length} company groups (all groups)`,
      );
    }
    await page.screenshot({ path: screenshotPath('analyze-composition'), fullPage: true });
  });

  it('opens Microscope on a point from the keyboard, lists its companies and downloads them as CSV', async () => {
    await buildDailyActiveCompaniesByPlan();
    const day = '2026-10-03';
    const cell = page.locator(`tr[data-breakdown="pro"] td[data-bucket="${day}"] button`);
    await cell.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('microscope');
    await panel.waitFor();

    // Independently: pro companies with an event that day, their events and distinct people.
    const expected = companies
      .filter((company) => company.plan === 'pro')
      .map((company) => {
        const events = sent.filter((event) => event.groups.company === company.value && dayOf(event) === day);
        return {
          value: company.value,
          name: company.name,
          events: events.length,
          people: new Set(events.map((event) => event.user_id)).size,
        };
      })
      .filter((member) => member.events > 0)
      .sort((left, right) => right.events - left.events || left.name.localeCompare(right.name));
    // Two companies, so the order (most events first) is checked too.
    expect(expected.length).toBe(2);

    const listed = () =>
      page.$$eval('[data-testid="microscope"] tbody tr', (rows) =>
        rows.map((row) => ({
          value: (row as HTMLElement).dataset.memberValue,
          events: Number(row.querySelector('td[data-events]')?.getAttribute('data-events')),
          href: row.querySelector('a')?.getAttribute('href'),
        })),
      );
    await expect.poll(listed, { timeout: 20_000 }).toEqual(
      expected.map((member) => ({
        value: member.value,
        events: member.events,
        href: `/groups/company/${member.value}`,
      })),
    );
    expect(await page.textContent('[data-testid="microscope-count"]')).toContain(`${expected.length} groups`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('microscope-csv').click()]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...records] = parseCsv(text).filter((record) => record.some((cell) => cell !== ''));
    expect(header).toEqual(['group_type', 'value', 'name', 'events', 'active_people']);
    expect(records).toEqual(
      expected.map((member) => ['company', member.value, member.name, String(member.events), String(member.people)]),
    );
    await page.screenshot({ path: screenshotPath('analyze-microscope'), fullPage: false });

    await panel.getByRole('button', { name: 'Close Microscope' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('opens Microscope from a bar of the chart', async () => {
    await buildDailyActiveCompaniesByPlan();
    await page.waitForSelector('table.analysis-table tbody tr');
    const firstSeries = await page.getAttribute('table.analysis-table tbody tr >> nth=0', 'data-breakdown');
    await page.getByRole('button', { name: 'Bar', exact: true }).click();
    // The first bar of the first series: its first bucket with a figure.
    const firstBucket = (await segmentationTable(page))[0]!;
    const day = days.find((candidate) => firstBucket.points[candidate]! > 0)!;
    await page.locator('.recharts-bar').first().locator('.recharts-bar-rectangle').first().click();
    const panel = page.getByTestId('microscope');
    await panel.waitFor();
    const [year, month, date] = day.split('-').map(Number);
    const dayLabel = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year!, month! - 1, date!)),
    );
    expect(await panel.textContent()).toContain(`Any event · ${firstSeries}, ${dayLabel}`);
    await expect
      .poll(() => page.textContent('[data-testid="microscope-count"]'), { timeout: 20_000 })
      .toBe(`${firstBucket.points[day]} ${firstBucket.points[day] === 1 ? 'group' : 'groups'}`);
  });

  it("shows the empty state for an event type nobody sent, and the server's reason for an unknown property", async () => {
    await page.goto('/analyze');
    await page.getByLabel('From').fill(range.from);
    await page.getByLabel('To', { exact: true }).fill(range.to);
    await page.getByLabel('Series 1: event type').fill('Never Sent');
    await page.getByRole('button', { name: 'Show chart' }).click();
    await page.getByText('Nothing matched in this range').waitFor();

    await page.getByLabel('Series 1: event type').fill('');
    await page.getByRole('combobox', { name: 'Breakdown' }).selectOption('GROUP_PROPERTY');
    await page.getByLabel('Breakdown property').fill('no_such_property');
    await page.getByRole('button', { name: 'Show chart' }).click();
    const failure = page.locator('.state-error[role="alert"]');
    await failure.waitFor();
    // The API's message names the unknown key and the known ones, so the user can correct it.
    expect(await failure.textContent()).toMatch(/no_such_property[\s\S]*plan/);
    await failure.getByRole('button', { name: 'Retry' }).waitFor();
  });

  it('opens Microscope from a point of the line chart', async () => {
    await buildDailyActiveCompaniesByPlan();
    await page.waitForSelector('table.analysis-table tbody tr');
    const firstSeries = await page.getAttribute('table.analysis-table tbody tr >> nth=0', 'data-breakdown');
    await page.locator('circle.chart-point[data-series="0"][data-bucket-index="2"]').click();
    const panel = page.getByTestId('microscope');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(`Any event · ${firstSeries}, Oct 3, 2026`);
    await page.getByTestId('microscope-count').waitFor();
  });

  it('lists a saved chart and reopens it, while saying saving is not available in a read-only session', async () => {
    const definition = {
      series: [{ eventType: 'Report Created' }],
      countedBy: 'PEOPLE',
      range,
      interval: 'DAY',
    };
    const saved = await graphql(
      server,
      secretKey,
      'mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id } }',
      { input: { name: 'Daily people creating reports', segmentation: definition } },
    );
    expect(saved.errors).toBeUndefined();

    await page.goto('/analyze');
    expect(await page.textContent('[data-testid="save-unavailable"]')).toMatch(/read-only/);
    await page.getByRole('button', { name: 'Daily people creating reports' }).click();
    expect(await page.getByLabel('Series 1: event type').inputValue()).toBe('Report Created');
    expect(await page.getByLabel('Counted by').inputValue()).toBe('PEOPLE');

    const reports = sent.filter((event) => event.event_type === 'Report Created');
    const expected = [
      {
        breakdown: '',
        total: new Set(reports.map((event) => event.user_id)).size,
        points: Object.fromEntries(
          days.map((day) => [
            day,
            new Set(reports.filter((event) => dayOf(event) === day).map((event) => event.user_id)).size,
          ]),
        ),
      },
    ];
    await expect.poll(() => segmentationTable(page), { timeout: 20_000 }).toEqual(expected);
    expect(page.url()).toContain('Report+Created');
  });
});
