// A funnel on the Analyze page in a real browser against the real server: built from the form,
// every figure on the page checked against the API's funnel and against counts made here from the
// events sent (a practice where the admin sends and patients view and pay converts as a group,
// never as a person), the people comparison beside it, Microscope opened on a drop-off with who did
// which step, its CSV link, and a saved funnel reopened from the page.
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

const range = { from: '2026-11-02', to: '2026-11-08' };
const steps = ['Invoice Sent', 'Invoice Viewed', 'Invoice Paid'];
const at = (day: string, hour: number) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

const event = (eventType: string, user: string, company: string, time: number) => ({
  event_type: eventType,
  user_id: user,
  time,
  insert_id: `${eventType}-${user}-${time}`,
  groups: { company },
});

// clinic: three people, one step each (converts as a group only). solo: one person does all.
// stalled: sends and views, never pays. silent: only sends.
const sent = [
  event('Invoice Sent', 'admin@clinic', 'clinic', at('2026-11-03', 9)),
  event('Invoice Viewed', 'patient1@clinic', 'clinic', at('2026-11-03', 12)),
  event('Invoice Paid', 'patient2@clinic', 'clinic', at('2026-11-04', 10)),
  event('Invoice Sent', 'owner@solo', 'solo', at('2026-11-03', 8)),
  event('Invoice Viewed', 'owner@solo', 'solo', at('2026-11-03', 9)),
  event('Invoice Paid', 'owner@solo', 'solo', at('2026-11-03', 11)),
  event('Invoice Sent', 'admin@stalled', 'stalled', at('2026-11-05', 9)),
  event('Invoice Viewed', 'client@stalled', 'stalled', at('2026-11-05', 15)),
  event('Invoice Sent', 'admin@silent', 'silent', at('2026-11-06', 9)),
];

const funnelFields = `countedBy steps { step count conversionFromPrevious droppedFromPrevious medianSecondsFromPrevious }`;

let server: WebTestServer;
let browser: Browser;
let page: Page;
let secretKey: string;

beforeAll(async () => {
  server = await startWebTestServer();
  const created = await server.services.projects.createProject({ name: 'Funnel E2E', timeZone: 'UTC' });
  secretKey = created.secretKey;
  const response = await postJson(`${server.url}/2/httpapi`, { api_key: created.project.ingestKey, events: sent });
  expect(response.status, response.text).toBe(200);
  browser = await launchBrowser();
  const context = await signedInContext(browser, server, created.readKey);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiFunnel(countedBy: 'GROUPS' | 'PEOPLE') {
  const response = await graphql(
    server,
    secretKey,
    `query F($input: FunnelInput!) { funnel(input: $input) { ${funnelFields} } }`,
    {
      input: { steps: steps.map((eventType) => ({ eventType })), range, window: { amount: 2, unit: 'DAY' }, countedBy },
    },
  );
  expect(response.errors).toBeUndefined();
  return response.data.funnel.steps as {
    step: number;
    count: number;
    conversionFromPrevious: number;
    droppedFromPrevious: number;
    medianSecondsFromPrevious: number | null;
  }[];
}

/** The figures a funnel table shows, from its data attributes. */
function shownSteps(testId: string) {
  return page.$$eval(`[data-testid="${testId}"] table.funnel-table tbody tr`, (rows) =>
    rows.map((row) => {
      const read = (attribute: string) => row.querySelector(`td[${attribute}]`)?.getAttribute(attribute) ?? '';
      return {
        step: Number((row as HTMLElement).dataset.step),
        count: Number(read('data-count')),
        conversionFromPrevious: Number(read('data-conversion')),
        droppedFromPrevious: Number(read('data-dropped')),
        medianSecondsFromPrevious: read('data-median-seconds') === '' ? null : Number(read('data-median-seconds')),
      };
    }),
  );
}

async function buildFunnel() {
  await buildFunnelWith(async () => {});
}

/** The funnel of buildFunnel, with more of the form filled in by `more` before it is shown. */
async function buildFunnelWith(more: () => Promise<void>) {
  await page.goto('/analyze');
  await page.getByRole('radio', { name: 'Funnel' }).check();
  await page.getByLabel('Step 1: event type').fill(steps[0]!);
  await page.getByLabel('Step 2: event type').fill(steps[1]!);
  await page.getByRole('button', { name: 'Add step' }).click();
  await page.getByLabel('Step 3: event type').fill(steps[2]!);
  await page.getByLabel('Conversion window').fill('2');
  await page.getByLabel('Window unit').selectOption('DAY');
  await page.getByLabel('From').fill(range.from);
  await page.getByLabel('To', { exact: true }).fill(range.to);
  await more();
  await page.getByRole('button', { name: 'Show chart' }).click();
}

describe('a funnel on the Analyze page', () => {
  it('shows the figures of the API, counted from the events sent, and the people funnel beside it', async () => {
    await buildFunnel();
    const groups = await apiFunnel('GROUPS');
    // From the events: 4 companies send, 3 view, 2 pay (clinic and solo). By people: 4 send, and
    // only owner@solo views and pays after sending himself.
    expect(groups.map((step) => step.count)).toEqual([4, 3, 2]);
    await expect.poll(() => shownSteps('funnel-groups'), { timeout: 20_000 }).toEqual(groups);
    expect(page.url()).toContain('kind=funnel');

    await page.getByTestId('compare-people').check();
    const people = await apiFunnel('PEOPLE');
    expect(people.map((step) => step.count)).toEqual([4, 1, 1]);
    await expect.poll(() => shownSteps('funnel-people'), { timeout: 20_000 }).toEqual(people);
    await page.screenshot({ path: screenshotPath('analyze-funnel'), fullPage: true });

    // The URL holds the definition: a reload shows the same funnel.
    await page.reload();
    await expect.poll(() => shownSteps('funnel-groups'), { timeout: 20_000 }).toEqual(groups);
    expect(await page.getByLabel('Step 3: event type').inputValue()).toBe(steps[2]);
  });

  it('opens Microscope on a drop-off from the keyboard: who stopped, and who did which step', async () => {
    await buildFunnel();
    const dropped = page.locator('[data-testid="funnel-groups"] tr[data-step="3"] td[data-dropped] button');
    await dropped.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('microscope');
    await panel.waitFor();
    await expect.poll(() => page.textContent('[data-testid="microscope-count"]'), { timeout: 20_000 }).toBe('1 group');
    const rows = () =>
      page.$$eval('[data-testid="microscope"] tbody tr', (found) =>
        found.map((row) => ({
          value: (row as HTMLElement).dataset.memberValue,
          furthest: row.querySelector('td[data-furthest-step]')?.getAttribute('data-furthest-step'),
          chain: [...row.querySelectorAll('li[data-chain-step]')].map((item) => item.textContent ?? ''),
        })),
      );
    const listed = await rows();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ value: 'stalled', furthest: '2' });
    expect(listed[0]!.chain[0]).toContain('admin@stalled');
    expect(listed[0]!.chain[1]).toContain('client@stalled');
    const csv = await panel.getByTestId('microscope-csv').getAttribute('href');
    expect(csv).toMatch(/^\/analysis\/funnel-microscope\.csv\?point=/);
    const download = await page.request.get(csv!);
    expect(download.status()).toBe(200);
    expect((await download.text()).split('\r\n')[1]).toMatch(/^company,stalled,stalled,2,/);
    await page.screenshot({ path: screenshotPath('analyze-funnel-microscope'), fullPage: false });
    // "Save as cohort" is offered for the drop-off; this read-only session is told why not, and nothing is saved.
    await panel.getByTestId('save-cohort').click();
    await page.waitForSelector('[data-testid="save-cohort-error"]');
    expect(await page.getByTestId('save-cohort-error').textContent()).toContain('secret key');
    expect((await graphql(server, secretKey, '{ cohorts { id } }')).data.cohorts).toEqual([]);

    // A click on the chart's reached bar of step 3 lists the converted practices.
    await page.locator('.recharts-bar').first().locator('.recharts-bar-rectangle').nth(2).click();
    await expect.poll(() => page.textContent('[data-testid="microscope-count"]'), { timeout: 20_000 }).toBe('2 groups');
    const converted = await rows();
    expect(converted.map((row) => row.value).sort()).toEqual(['clinic', 'solo']);
    const clinic = converted.find((row) => row.value === 'clinic')!;
    expect(clinic.chain.map((item) => item.split(':')[1]!.trim().split(',')[0])).toEqual([
      'admin@clinic',
      'patient1@clinic',
      'patient2@clinic',
    ]);
  });

  it('splits the funnel into a cohort and the rest from the form, kept in the URL', async () => {
    const imported = await graphql(
      server,
      secretKey,
      'mutation ($input: ImportCohortInput!) { importCohort(input: $input) { cohort { id } } }',
      { input: { name: 'Clinic and stalled', groupType: 'company', content: 'clinic\nstalled' } },
    );
    expect(imported.errors).toBeUndefined();
    const cohortId = String(imported.data.importCohort.cohort.id);
    await buildFunnelWith(async () => {
      await page.getByRole('combobox', { name: 'Breakdown', exact: true }).selectOption('COHORT');
      await page.getByTestId('cohort-select-Breakdown cohort').selectOption(cohortId);
    });
    const response = await graphql(
      server,
      secretKey,
      `query F($input: FunnelInput!) { funnel(input: $input) { breakdowns { breakdown { label } steps { count } } } }`,
      {
        input: {
          steps: steps.map((eventType) => ({ eventType })),
          range,
          window: { amount: 2, unit: 'DAY' },
          breakdown: { source: 'COHORT', key: cohortId },
        },
      },
    );
    expect(response.errors).toBeUndefined();
    const expected = (
      response.data.funnel.breakdowns as { breakdown: { label: string }; steps: { count: number }[] }[]
    ).map((entry) => ({ label: entry.breakdown.label, counts: entry.steps.map((step) => step.count) }));
    // clinic pays, stalled stops at step 2: both in the cohort; the two others are the rest.
    expect(expected.find((entry) => entry.label === 'in cohort')?.counts).toEqual([2, 2, 1]);
    const shown = () =>
      page.$$eval('tr[data-breakdown]', (rows) =>
        rows.map((row) => ({
          label: (row as HTMLElement).dataset.breakdown,
          counts: [...row.querySelectorAll('td[data-count]')].map((cell) => Number(cell.getAttribute('data-count'))),
        })),
      );
    await expect.poll(shown, { timeout: 20_000 }).toEqual(expected);
    expect(decodeURIComponent(page.url())).toContain('"source":"COHORT"');
    await page.reload();
    await expect.poll(shown, { timeout: 20_000 }).toEqual(expected);
    expect(await page.getByTestId('cohort-select-Breakdown cohort').inputValue()).toBe(cohortId);
  });

  it('reopens a saved funnel from the list', async () => {
    const saved = await graphql(
      server,
      secretKey,
      'mutation Save($input: SaveChartInput!) { saveChart(input: $input) { id } }',
      {
        input: {
          name: 'Invoices to payment',
          funnel: { steps: steps.map((eventType) => ({ eventType })), range, window: { amount: 2, unit: 'DAY' } },
        },
      },
    );
    expect(saved.errors).toBeUndefined();
    await page.goto('/analyze');
    await page.getByRole('button', { name: 'Invoices to payment' }).click();
    const groups = await apiFunnel('GROUPS');
    await expect.poll(() => shownSteps('funnel-groups'), { timeout: 20_000 }).toEqual(groups);
    expect(page.url()).toContain('kind=funnel');
  });
});
