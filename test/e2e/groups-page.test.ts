// The Groups page in a real browser against the real server on a seeded database: it must rank
// and flag exactly what the API returns, and every control must change the rows the way the API
// says it should.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectWithGeneratedData } from '../../apps/api/src/cli/data-environment';
import { apiGroups, lastDays } from './support/groups-api';
import { launchBrowser, screenshotPath, signedInContext, startWebTestServer, type WebTestServer } from './support/web-test-server';

const formulaName = '=HYPERLINK("http://attacker.example","Open")';

let server: WebTestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let readKey: string;
let secretKey: string;
let ingestKey: string;
let projectId: number;

const rowValues = (target: Page) => target.$$eval('table.groups-table tbody tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.groupValue));
const rowFlags = (target: Page) =>
  target.$$eval('table.groups-table tbody tr', (rows) =>
    rows.map((row) => ({
      value: (row as HTMLElement).dataset.groupValue,
      atRisk: (row as HTMLElement).dataset.atRisk === 'true',
      trend: row.querySelector('[data-trend]')?.getAttribute('data-trend'),
    })),
  );
const expectRows = async (target: Page, expected: string[]) => {
  await expect.poll(() => rowValues(target), { timeout: 15_000 }).toEqual(expected);
};

beforeAll(async () => {
  server = await startWebTestServer();
  const created = await createProjectWithGeneratedData(server.services, {
    name: 'E2E B2B',
    generator: { seed: 7, accounts: 60, events: 30_000, days: 90, endDate: new Date() },
  });
  readKey = created.readKey;
  secretKey = created.secretKey;
  ingestKey = created.project.ingestKey;
  projectId = created.project.id;
  // A company whose name a spreadsheet would run as a formula, active this week.
  const now = Date.now();
  await server.services.ingest.ingestAmplitudeEvents(created.project, [
    { event_type: '$groupidentify', device_id: 'evil-device', time: now - 3 * 86_400_000, groups: { company: 'evil-corp' }, group_properties: { $set: { name: formulaName } } },
    ...Array.from({ length: 5 }, (_, index) => ({ event_type: 'Report Created', user_id: 'mallory@evil.example', time: now - (index + 1) * 3_600_000, groups: { company: 'evil-corp' } })),
  ]);
  browser = await launchBrowser();
  context = await signedInContext(browser, server, readKey);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the Groups page', () => {
  it('ranks and flags exactly what the API returns', async () => {
    const started = Date.now();
    await page.goto('/groups');
    await page.waitForSelector('table.groups-table tbody tr');
    const firstPaint = Date.now() - started;
    const api = await apiGroups(server, readKey, { range: lastDays(30) });
    await expectRows(page, api.rows.map((row) => row.value));
    expect(await rowFlags(page)).toEqual(api.rows.map((row) => ({ value: row.value, atRisk: row.atRisk, trend: row.trend.label })));
    expect(api.rows.some((row) => row.atRisk)).toBe(true);
    expect(await page.textContent('h1')).toBe('Groups');
    expect(await page.textContent('[data-testid="page-status"]')).toContain(`of ${api.totalCount}`);
    // The worked example: Acme is rising and on top, Globex falls sharply and is flagged.
    expect(api.rows[0]!.name).toBe('Acme Inc');
    const globex = api.rows.find((row) => row.value === 'globex')!;
    expect(globex).toMatchObject({ atRisk: true, trend: { label: 'FALLING_SHARPLY' } });
    await page.screenshot({ path: screenshotPath('groups-list'), fullPage: false });
    expect(firstPaint).toBeLessThan(10_000);
  });

  it('shows risk reasons on hover and on keyboard focus', async () => {
    const badge = page.locator('tr[data-group-value="globex"] .badge-risk');
    const tooltip = page.locator('tr[data-group-value="globex"] [role="tooltip"]');
    expect(await tooltip.isVisible()).toBe(false);
    await badge.focus();
    await tooltip.waitFor({ state: 'visible' });
    expect(await tooltip.textContent()).toMatch(/key actions/i);
    await page.screenshot({ path: screenshotPath('groups-risk-tooltip') });
    await page.locator('h1').click();
    await badge.hover();
    await tooltip.waitFor({ state: 'visible' });
  });

  it('sorts on the server when a header is clicked, and keeps the sort in the URL', async () => {
    await page.click('th[data-column="NAME"] button');
    const byName = await apiGroups(server, readKey, { range: lastDays(30), sort: { field: 'NAME', direction: 'ASC' } });
    await expectRows(page, byName.rows.map((row) => row.value));
    expect(page.url()).toContain('sort=NAME');
    expect(await page.getAttribute('th[data-column="NAME"]', 'aria-sort')).toBe('ascending');

    await page.click('th[data-column="EVENTS"] button');
    const byEvents = await apiGroups(server, readKey, { range: lastDays(30), sort: { field: 'EVENTS', direction: 'DESC' } });
    await expectRows(page, byEvents.rows.map((row) => row.value));
    await page.click('th[data-column="EVENTS"] button');
    const byEventsAscending = await apiGroups(server, readKey, { range: lastDays(30), sort: { field: 'EVENTS', direction: 'ASC' } });
    await expectRows(page, byEventsAscending.rows.map((row) => row.value));
    expect(page.url()).toContain('dir=asc');
  });

  it('filters by trend, at-risk and search, and a shared URL restores the view', async () => {
    await page.goto('/groups');
    await page.click('[data-trend-filter="RISING"]');
    const rising = await apiGroups(server, readKey, { range: lastDays(30), filter: { trend: ['RISING'] } });
    expect(rising.rows.length).toBeGreaterThan(0);
    await expectRows(page, rising.rows.map((row) => row.value));
    expect((await rowFlags(page)).every((row) => row.trend === 'RISING')).toBe(true);

    await page.click('[data-trend-filter="RISING"]');
    await page.check('[data-filter="at-risk"]');
    const atRisk = await apiGroups(server, readKey, { range: lastDays(30), filter: { atRisk: true } });
    await expectRows(page, atRisk.rows.map((row) => row.value));
    expect(page.url()).toContain('risk=1');
    await page.uncheck('[data-filter="at-risk"]');

    await page.fill('#group-search', 'acme');
    const acme = await apiGroups(server, readKey, { range: lastDays(30), filter: { search: 'acme' } });
    await expectRows(page, acme.rows.map((row) => row.value));
    expect(acme.rows.map((row) => row.name)).toContain('Acme Inc');

    await page.fill('#group-search', 'no company is called this');
    await page.waitForSelector('text=No companies match these filters');
    await page.click('text=Clear filters');
    await page.waitForSelector('table.groups-table');

    // A shared link: falling companies by name, last 7 days.
    const fresh = await context.newPage();
    await fresh.goto('/groups?range=7&sort=NAME&trend=FALLING,FALLING_SHARPLY');
    const falling = await apiGroups(server, readKey, { range: lastDays(7), sort: { field: 'NAME', direction: 'ASC' }, filter: { trend: ['FALLING', 'FALLING_SHARPLY'] } });
    await expectRows(fresh, falling.rows.map((row) => row.value));
    expect(await fresh.getAttribute('[data-range="7"]', 'aria-pressed')).toBe('true');
    expect(await fresh.getAttribute('[data-trend-filter="FALLING_SHARPLY"]', 'aria-pressed')).toBe('true');
    await fresh.close();
  });

  it('changes the rows with the date range, including a custom one', async () => {
    await page.goto('/groups');
    await page.waitForSelector('table.groups-table tbody tr');
    await page.click('[data-range="7"]');
    const week = await apiGroups(server, readKey, { range: lastDays(7) });
    await expectRows(page, week.rows.map((row) => row.value));
    await page.click('[data-range="90"]');
    const quarter = await apiGroups(server, readKey, { range: lastDays(90) });
    await expectRows(page, quarter.rows.map((row) => row.value));

    const custom = lastDays(14, new Date(Date.now() - 20 * 86_400_000));
    await page.click('[data-range="custom"]');
    await page.fill('input[name="from"]', custom.from);
    await page.fill('input[name="to"]', custom.to);
    await page.click('.custom-range button[type="submit"]');
    const customRows = await apiGroups(server, readKey, { range: custom });
    await expectRows(page, customRows.rows.map((row) => row.value));
    expect(page.url()).toContain(`from=${custom.from}`);
  });

  it('pages through the ranking, fetching only the visible page', async () => {
    await page.goto('/groups?size=25');
    const all = await apiGroups(server, readKey, { range: lastDays(30), first: 200 });
    await expectRows(page, all.rows.slice(0, 25).map((row) => row.value));
    await page.click('text=Next →');
    await expectRows(page, all.rows.slice(25, 50).map((row) => row.value));
    expect(await page.textContent('[data-testid="page-status"]')).toContain('26–50');
    await page.click('text=← Previous');
    await expectRows(page, all.rows.slice(0, 25).map((row) => row.value));
  });

  it('opens the detail view from the list and by URL', async () => {
    await page.goto('/groups');
    await page.click('tr[data-group-value="globex"] a.group-link');
    await page.waitForSelector('.group-detail');
    expect(await page.textContent('h1')).toBe('Globex');
    expect(page.url()).toContain('/groups/company/globex');
    expect(await page.textContent('[data-testid="risk-reasons"]')).toMatch(/key actions/i);
    await page.waitForSelector('.recharts-surface');
    expect(await page.locator('.group-detail table tbody tr').count()).toBeGreaterThan(3);
    await page.screenshot({ path: screenshotPath('group-detail'), fullPage: true });

    const direct = await context.newPage();
    await direct.goto('/groups/company/acme-inc?range=90');
    await direct.waitForSelector('.group-detail');
    expect(await direct.textContent('h1')).toBe('Acme Inc');
    await direct.goto('/groups/company/no-such-company');
    await direct.waitForSelector('text=No such company');
    await direct.close();
  });

  it('downloads the current view as CSV with formula cells escaped', async () => {
    await page.goto('/groups?sort=NAME');
    await page.waitForSelector('table.groups-table tbody tr');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    const lines = csv.trimEnd().split('\r\n');
    const api = await apiGroups(server, readKey, { range: lastDays(30), sort: { field: 'NAME', direction: 'ASC' }, first: 200 });
    expect(lines[0]).toMatch(/^Name,Group type,Group value,Active people/);
    expect(lines.length - 1).toBe(api.totalCount);
    const valuesInFile = lines.slice(1).map((line) => /^(?:"(?:[^"]|"")*"|[^,]*),[^,]*,([^,]*)/.exec(line)?.[1]);
    expect(valuesInFile).toEqual(api.rows.map((row) => row.value));
    const evilLine = lines.find((line) => line.includes('evil-corp'))!;
    expect(evilLine.startsWith(`"'=HYPERLINK(""http://attacker.example"",""Open"")"`)).toBe(true);

    await page.check('[data-filter="at-risk"]');
    await page.waitForURL(/risk=1/);
    const atRisk = await apiGroups(server, readKey, { range: lastDays(30), sort: { field: 'NAME', direction: 'ASC' }, filter: { atRisk: true }, first: 200 });
    // The URL changes before the view re-renders with the filter: wait for the filtered rows, so
    // the button exports the filtered view (clicking at once raced it and exported all rows).
    await expectRows(page, atRisk.rows.map((row) => row.value));
    const [filtered] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const filteredLines = readFileSync((await filtered.path())!, 'utf8').trimEnd().split('\r\n');
    expect(filteredLines.length - 1).toBe(atRisk.totalCount);
  });

  it('is usable with the keyboard alone', async () => {
    await page.goto('/groups');
    await page.waitForSelector('table.groups-table tbody tr');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('group-search');
    await page.locator('th[data-column="KEY_ACTIONS"] button').focus();
    await page.keyboard.press('Enter');
    const ascending = await apiGroups(server, readKey, { range: lastDays(30), sort: { field: 'KEY_ACTIONS', direction: 'ASC' } });
    await expectRows(page, ascending.rows.map((row) => row.value));
    const firstName = await page.textContent('table.groups-table tbody tr:first-child a.group-link');
    await page.locator('table.groups-table tbody tr:first-child a.group-link').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.group-detail');
    expect(await page.textContent('h1')).toBe(firstName);
  });

  it('never hands the browser the ingest key or the secret key', async () => {
    const fresh = await browser.newContext({ baseURL: server.url });
    const bodies: string[] = [];
    const freshPage = await fresh.newPage();
    freshPage.on('response', (response) => void response.text().then((text) => bodies.push(text), () => {}));
    const link = await server.services.webSessions.createLoginLink(projectId, server.url);
    await freshPage.goto(link);
    await freshPage.waitForSelector('table.groups-table tbody tr');
    await freshPage.click('tr[data-group-value="globex"] a.group-link');
    await freshPage.waitForSelector('.group-detail');
    expect(freshPage.url()).not.toContain('token=');
    const cookies = await fresh.cookies();
    expect(cookies.find((cookie) => cookie.name === 'leadmaps_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      expect(body).not.toContain(ingestKey);
      expect(body).not.toContain(secretKey);
    }
    // The session may read but not change settings.
    const mutation = await freshPage.evaluate(async () => {
      const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { setKeyActions(eventTypes: ["x"]) { id } }' }) });
      return response.json();
    });
    expect(mutation.errors[0].extensions.code).toBe('FORBIDDEN');
    await fresh.close();
  });

  it('signs in with a pasted key and refuses a wrong one', async () => {
    const fresh = await browser.newContext({ baseURL: server.url });
    const loginPage = await fresh.newPage();
    await loginPage.goto('/groups');
    await loginPage.waitForURL(/\/login\?next=/);
    await loginPage.fill('#key', 'lm_read_not-a-real-key');
    await loginPage.click('button[type="submit"]');
    await loginPage.waitForSelector('#login-error');
    await loginPage.screenshot({ path: screenshotPath('login-error') });
    await loginPage.fill('#key', readKey);
    await loginPage.click('button[type="submit"]');
    await loginPage.waitForURL(/\/groups$/);
    await loginPage.waitForSelector('table.groups-table tbody tr');
    await fresh.close();
  });
});
