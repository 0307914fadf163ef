// A person's page in a real browser: reached from the people table of a company, it lists the
// person's accounts with their activity in each, exactly as sent (a consultant in two companies
// through event-level groups; a colleague whose user-level company moved with a later identify).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

const hour = 3_600_000;
let server: WebTestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let start: number;

/** What is sent: the consultant's events per company, newest last. */
const consultantEvents = [
  { eventType: 'Report Created', company: 'acme' },
  { eventType: 'Query Run', company: 'globex' },
  { eventType: 'Report Created', company: 'acme' },
  { eventType: 'Dashboard Viewed', company: 'globex' },
  { eventType: 'Query Run', company: 'acme' },
];

beforeAll(async () => {
  server = await startWebTestServer();
  const { project, readKey } = await server.services.projects.createProject({ name: 'People' });
  start = Date.now() - 48 * hour;
  await server.services.ingest.ingestAmplitudeEvents(project, [
    {
      event_type: '$groupidentify',
      time: start,
      groups: { company: 'acme' },
      group_properties: { $set: { name: 'Acme Inc' } },
    },
    { event_type: '$identify', user_id: 'alice', time: start, groups: { company: 'acme' } },
    { event_type: 'Report Created', user_id: 'alice', time: start + hour },
    ...consultantEvents.map((event, index) => ({
      event_type: event.eventType,
      user_id: 'consultant',
      time: start + (index + 2) * hour,
      groups: { company: event.company },
      user_properties: { $set: { title: 'Consultant', email: 'pat@consulting.example' } },
    })),
  ]);
  await server.services.ingest.ingestAmplitudeEvents(project, [
    { event_type: '$identify', user_id: 'alice', time: start + 10 * hour, groups: { company: 'globex' } },
    { event_type: 'Query Run', user_id: 'alice', time: start + 11 * hour },
  ]);
  browser = await launchBrowser();
  context = await signedInContext(browser, server, readKey);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const accountRows = (target: Page) =>
  target.$$eval('table.person-accounts tbody tr', (rows) =>
    rows.map((row) => ({
      value: (row as HTMLElement).dataset.groupValue,
      kind: (row as HTMLElement).dataset.kind,
      events: row.querySelector('td.numeric')?.textContent,
    })),
  );

describe("a person's page", () => {
  it("opens from a company's people table and lists the person's accounts with their activity in each", async () => {
    await page.goto('/groups/company/acme');
    const link = page.locator('a[href="/people/consultant"]');
    await link.waitFor();
    await link.click();
    await page.waitForURL('**/people/consultant');
    await page.waitForSelector('table.person-accounts tbody tr');
    expect(await page.textContent('h1')).toBe('consultant');
    const count = (company: string) => String(consultantEvents.filter((event) => event.company === company).length);
    // Most recently active first: the consultant's last event was in acme.
    expect(await accountRows(page)).toEqual([
      { value: 'acme', kind: 'EVENT_LEVEL', events: count('acme') },
      { value: 'globex', kind: 'EVENT_LEVEL', events: count('globex') },
    ]);
    expect(await page.textContent('table.person-accounts tbody tr[data-group-value="acme"] a')).toBe('Acme Inc');
    expect(await page.textContent('[data-figure="events"] dd')).toBe(String(consultantEvents.length));
    // Activity over time: 30 days ending today, the events on the days they were sent.
    const daily = await page.$$eval('.person-daily li', (items) =>
      items.map((item) => ({
        day: (item as HTMLElement).dataset.day,
        events: Number((item as HTMLElement).dataset.events),
      })),
    );
    const expectedDays = new Map<string, number>();
    consultantEvents.forEach((_, index) => {
      const day = new Date(start + (index + 2) * hour).toISOString().slice(0, 10);
      expectedDays.set(day, (expectedDays.get(day) ?? 0) + 1);
    });
    expect(daily).toHaveLength(30);
    expect(daily.filter((point) => point.events > 0)).toEqual(
      [...expectedDays].sort().map(([day, events]) => ({ day, events })),
    );
    expect(await page.locator('.person-activity .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(
      await page.$$eval('.person-events li', (items) => items.map((item) => (item as HTMLElement).dataset.eventType)),
    ).toEqual([...consultantEvents].reverse().map((event) => event.eventType));
    expect(await page.textContent('section[aria-label="Properties"]')).toContain('Consultant');
    await page.screenshot({ path: screenshotPath('person-page'), fullPage: true });
  });

  it('shows a moved user-level company as the current one and the earlier one through events', async () => {
    await page.goto('/people/alice');
    await page.waitForSelector('table.person-accounts tbody tr');
    expect(await accountRows(page)).toEqual([
      { value: 'globex', kind: 'USER_LEVEL', events: '1' },
      { value: 'acme', kind: 'EVENT_LEVEL', events: '1' },
    ]);
  });

  it('finds a person by email from the People search in the navigation, and opens their page', async () => {
    await page.goto('/groups');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.waitForURL('**/people');
    await page.waitForSelector('table.people-search-results tbody tr');
    const search = page.getByLabel('Search people by user id, device id, email or name');
    await search.fill('CONSULTING.example');
    await search.press('Enter');
    await page.waitForURL('**/people?search=CONSULTING.example');
    await page.waitForFunction(() => document.querySelectorAll('table.people-search-results tbody tr').length === 1);
    expect(await page.textContent('table.people-search-results tbody tr')).toContain('pat@consulting.example');
    await page.click('table.people-search-results a[href="/people/consultant"]');
    await page.waitForURL('**/people/consultant');
    await page.waitForSelector('table.person-accounts tbody tr');
    // The search is in the URL: back returns to it.
    await page.goBack();
    await page.waitForSelector('table.people-search-results a[href="/people/consultant"]');
    await page.goto('/people?search=nobody-at-all');
    await page.waitForSelector('[data-testid="people-empty"]');
  });

  it('says so for an unknown person', async () => {
    await page.goto('/people/nobody');
    await page.waitForSelector('text=No such person');
  });
});
