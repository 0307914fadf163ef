// The Groups page in a real browser against the real server on a seeded database: it must rank
// and flag exactly what the API returns, and every control must change the rows the way the API
// says it should. The page's clock stands still at the instant the data was generated, so its
// "last N days" and the API's agree even when a run crosses midnight; every test opens the page
// it needs.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectWithGeneratedData } from '../../apps/api/src/cli/data-environment';
import { graphql } from '../support/test-server';
import { parseCsv } from './support/csv-parse';
import { apiGroups, lastDays } from './support/groups-api';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

const formulaName = '=HYPERLINK("http://attacker.example","Open")';
/** Names a spreadsheet would run as formulas, by their first character (README: `= + - @` and tab). */
const formulaNames: Record<string, string> = {
  'evil-corp': formulaName,
  'plus-corp': '+SUM(1,2)',
  'minus-corp': '-2+3',
  'at-corp': '@SUM(1)',
  'tab-corp': '\tTabbed Ltd',
};

let server: WebTestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let readKey: string;
let secretKey: string;
let ingestKey: string;
let projectId: number;
/** The instant the data ends and the page's clock stands. */
let now: Date;

const rowValues = (target: Page) =>
  target.$$eval('table.groups-table tbody tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.groupValue));
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
  now = new Date();
  const created = await createProjectWithGeneratedData(server.services, {
    name: 'E2E B2B',
    generator: { seed: 7, accounts: 60, events: 30_000, days: 90, endDate: now },
  });
  readKey = created.readKey;
  secretKey = created.secretKey;
  ingestKey = created.project.ingestKey;
  projectId = created.project.id;
  // Companies whose names a spreadsheet would run as formulas, active this week.
  const time = now.getTime();
  await server.services.ingest.ingestAmplitudeEvents(
    created.project,
    Object.entries(formulaNames).flatMap(([value, name]) => [
      {
        event_type: '$groupidentify',
        device_id: `${value}-device`,
        time: time - 3 * 86_400_000,
        groups: { company: value },
        group_properties: { $set: { name } },
      },
      ...Array.from({ length: 5 }, (_, index) => ({
        event_type: 'Report Created',
        user_id: `mallory@${value}.example`,
        time: time - (index + 1) * 3_600_000,
        groups: { company: value },
      })),
    ]),
  );
  browser = await launchBrowser();
  context = await signedInContext(browser, server, readKey, now);
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
    const api = await apiGroups(server, readKey, { range: lastDays(30, now) });
    await expectRows(
      page,
      api.rows.map((row) => row.value),
    );
    expect(await rowFlags(page)).toEqual(
      api.rows.map((row) => ({ value: row.value, atRisk: row.atRisk, trend: row.trend.label })),
    );
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
    await page.goto('/groups');
    await page.waitForSelector('tr[data-group-value="globex"] .badge-risk');
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
    await page.goto('/groups');
    await page.waitForSelector('table.groups-table tbody tr');
    await page.click('th[data-column="NAME"] button');
    const byName = await apiGroups(server, readKey, {
      range: lastDays(30, now),
      sort: { field: 'NAME', direction: 'ASC' },
    });
    await expectRows(
      page,
      byName.rows.map((row) => row.value),
    );
    expect(page.url()).toContain('sort=NAME');
    expect(await page.getAttribute('th[data-column="NAME"]', 'aria-sort')).toBe('ascending');

    await page.click('th[data-column="EVENTS"] button');
    const byEvents = await apiGroups(server, readKey, {
      range: lastDays(30, now),
      sort: { field: 'EVENTS', direction: 'DESC' },
    });
    await expectRows(
      page,
      byEvents.rows.map((row) => row.value),
    );
    await page.click('th[data-column="EVENTS"] button');
    const byEventsAscending = await apiGroups(server, readKey, {
      range: lastDays(30, now),
      sort: { field: 'EVENTS', direction: 'ASC' },
    });
    await expectRows(
      page,
      byEventsAscending.rows.map((row) => row.value),
    );
    expect(page.url()).toContain('dir=asc');
  });

  it('filters by trend, at-risk and search, and a shared URL restores the view', async () => {
    await page.goto('/groups');
    await page.click('[data-trend-filter="RISING"]');
    const rising = await apiGroups(server, readKey, { range: lastDays(30, now), filter: { trend: ['RISING'] } });
    expect(rising.rows.length).toBeGreaterThan(0);
    await expectRows(
      page,
      rising.rows.map((row) => row.value),
    );
    expect((await rowFlags(page)).every((row) => row.trend === 'RISING')).toBe(true);

    await page.click('[data-trend-filter="RISING"]');
    await page.check('[data-filter="at-risk"]');
    const atRisk = await apiGroups(server, readKey, { range: lastDays(30, now), filter: { atRisk: true } });
    await expectRows(
      page,
      atRisk.rows.map((row) => row.value),
    );
    expect(page.url()).toContain('risk=1');
    await page.uncheck('[data-filter="at-risk"]');

    await page.fill('#group-search', 'acme');
    const acme = await apiGroups(server, readKey, { range: lastDays(30, now), filter: { search: 'acme' } });
    await expectRows(
      page,
      acme.rows.map((row) => row.value),
    );
    expect(acme.rows.map((row) => row.name)).toContain('Acme Inc');

    await page.fill('#group-search', 'no company is called this');
    await page.waitForSelector('text=No companies match these filters');
    await page.click('text=Clear filters');
    await page.waitForSelector('table.groups-table');

    // A shared link: falling companies by name, last 7 days.
    const fresh = await context.newPage();
    await fresh.goto('/groups?range=7&sort=NAME&trend=FALLING,FALLING_SHARPLY');
    const falling = await apiGroups(server, readKey, {
      range: lastDays(7, now),
      sort: { field: 'NAME', direction: 'ASC' },
      filter: { trend: ['FALLING', 'FALLING_SHARPLY'] },
    });
    await expectRows(
      fresh,
      falling.rows.map((row) => row.value),
    );
    expect(await fresh.getAttribute('[data-range="7"]', 'aria-pressed')).toBe('true');
    expect(await fresh.getAttribute('[data-trend-filter="FALLING_SHARPLY"]', 'aria-pressed')).toBe('true');
    await fresh.close();
  });

  it('finds companies by a value a property once held, and shows the syntax for a half-typed one', async () => {
    // plus-corp held "Gold Plus" two days ago and "Silver" since; tab-corp only ever "Silver".
    const time = now.getTime();
    const project = await server.services.projects.findByIngestKey(ingestKey);
    await server.services.ingest.ingestAmplitudeEvents(
      project!,
      [
        ['plus-corp', 'Gold Plus', 2],
        ['plus-corp', 'Silver', 1],
        ['tab-corp', 'Silver', 1],
      ].map(([value, tier, daysAgo], index) => ({
        event_type: '$groupidentify',
        device_id: `${value}-device`,
        insert_id: `tier-${index}`,
        time: time - Number(daysAgo) * 86_400_000,
        groups: { company: String(value) },
        group_properties: { $set: { 'support tier': tier } },
      })),
    );
    await page.goto('/groups');
    await page.waitForSelector('table.groups-table tbody tr');
    await page.fill('#group-search', '"support tier" =');
    await page.waitForSelector('#group-search-problem');
    expect(await page.textContent('#group-search-problem')).toContain('name = value');
    expect(await page.getAttribute('#group-search', 'aria-invalid')).toBe('true');

    await page.fill('#group-search', '"support tier" = "gold plus"');
    await expectRows(page, ['plus-corp']);
    expect(await page.locator('#group-search-problem').count()).toBe(0);
    const api = await apiGroups(server, readKey, {
      range: lastDays(30, now),
      filter: { search: '"support tier" = "gold plus"' },
    });
    expect(api.rows.map((row) => row.value)).toEqual(['plus-corp']);
    await page.fill('#group-search', "'support tier'='silver'");
    await expectRows(
      page,
      (
        await apiGroups(server, readKey, {
          range: lastDays(30, now),
          filter: { search: "'support tier'='silver'" },
        })
      ).rows.map((row) => row.value),
    );
    expect((await rowValues(page)).sort()).toEqual(['plus-corp', 'tab-corp']);
    await page.fill('#group-search', '');
  });

  it('changes the rows with the date range, including a custom one', async () => {
    await page.goto('/groups');
    await page.waitForSelector('table.groups-table tbody tr');
    await page.click('[data-range="7"]');
    const week = await apiGroups(server, readKey, { range: lastDays(7, now) });
    await expectRows(
      page,
      week.rows.map((row) => row.value),
    );
    await page.click('[data-range="90"]');
    const quarter = await apiGroups(server, readKey, { range: lastDays(90, now) });
    await expectRows(
      page,
      quarter.rows.map((row) => row.value),
    );

    const custom = lastDays(14, new Date(now.getTime() - 20 * 86_400_000));
    await page.click('[data-range="custom"]');
    await page.fill('input[name="from"]', custom.from);
    await page.fill('input[name="to"]', custom.to);
    await page.click('.custom-range button[type="submit"]');
    const customRows = await apiGroups(server, readKey, { range: custom });
    await expectRows(
      page,
      customRows.rows.map((row) => row.value),
    );
    expect(page.url()).toContain(`from=${custom.from}`);
  });

  it('pages through the ranking, fetching only the visible page', async () => {
    // Every list request the page sends, with the rows it asked for and the rows it got.
    const listCalls: Promise<{ first: number | undefined; after: string | null; rows: number }>[] = [];
    const watch = (response: import('playwright-core').Response) => {
      const request = response.request();
      if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
      const body = request.postDataJSON() as { query?: string; variables?: { first?: number; after?: string | null } };
      if (!/query GroupsTable\b/.test(body.query ?? '')) return;
      listCalls.push(
        response.json().then((answer: { data: { groups: { edges: unknown[] } } }) => ({
          first: body.variables?.first,
          after: body.variables?.after ?? null,
          rows: answer.data.groups.edges.length,
        })),
      );
    };
    page.on('response', watch);
    try {
      await page.goto('/groups?size=25');
      const all = await apiGroups(server, readKey, { range: lastDays(30, now), first: 200 });
      expect(all.totalCount).toBeGreaterThan(50);
      const cursors = await graphql(
        server,
        readKey,
        `query ($range: DateRangeInput) { groups(groupType: "company", range: $range, first: 50) { edges { cursor } } }`,
        { range: lastDays(30, now) },
      );
      const cursorAfterRow = (row: number) => cursors.data.groups.edges[row - 1].cursor as string;
      await expectRows(
        page,
        all.rows.slice(0, 25).map((row) => row.value),
      );
      await expect.poll(() => Promise.all(listCalls)).toEqual([{ first: 25, after: null, rows: 25 }]);

      await page.click('text=Next →');
      await expectRows(
        page,
        all.rows.slice(25, 50).map((row) => row.value),
      );
      expect(await page.textContent('[data-testid="page-status"]')).toContain('26–50');
      await expect
        .poll(() => Promise.all(listCalls))
        .toEqual([
          { first: 25, after: null, rows: 25 },
          { first: 25, after: cursorAfterRow(25), rows: 25 },
        ]);

      await page.click('text=← Previous');
      await expectRows(
        page,
        all.rows.slice(0, 25).map((row) => row.value),
      );
      // Going back may be answered from the page's own cache; a request, if any, asks for the first page again.
      const calls = await Promise.all(listCalls);
      expect(calls.slice(2).every((call) => call.first === 25 && call.after === null && call.rows === 25)).toBe(true);
      expect(calls.every((call) => call.first === 25)).toBe(true);
    } finally {
      page.off('response', watch);
    }
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
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const [header, ...records] = parseCsv(text.slice(1));
    const api = await apiGroups(server, readKey, {
      range: lastDays(30, now),
      sort: { field: 'NAME', direction: 'ASC' },
      first: 200,
    });
    expect(header!.slice(0, 4)).toEqual(['Name', 'Group type', 'Group value', 'Active people']);
    expect(records).toHaveLength(api.totalCount);
    expect(records.map((record) => record[2])).toEqual(api.rows.map((row) => row.value));
    // Each formula name comes back as text: the same characters after a leading apostrophe.
    for (const [value, name] of Object.entries(formulaNames)) {
      const record = records.find((cells) => cells[2] === value)!;
      expect(record, value).toBeDefined();
      expect(record[0], value).toBe(`'${name}`);
    }
    // Other names are left as they are.
    expect(records.find((cells) => cells[2] === 'globex')![0]).toBe('Globex');

    await page.check('[data-filter="at-risk"]');
    await page.waitForURL(/risk=1/);
    const atRisk = await apiGroups(server, readKey, {
      range: lastDays(30, now),
      sort: { field: 'NAME', direction: 'ASC' },
      filter: { atRisk: true },
      first: 200,
    });
    expect(atRisk.totalCount).toBeGreaterThan(0);
    // The URL changes before the view re-renders with the filter: wait for the filtered rows, so
    // the button exports the filtered view (clicking at once raced it and exported all rows).
    await expectRows(
      page,
      atRisk.rows.map((row) => row.value),
    );
    const [filtered] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const [, ...filteredRecords] = parseCsv(readFileSync((await filtered.path())!, 'utf8').slice(1));
    expect(filteredRecords.map((record) => record[2])).toEqual(atRisk.rows.map((row) => row.value));
  });

  it('is usable with the keyboard alone', async () => {
    await page.goto('/groups');
    await page.waitForSelector('table.groups-table tbody tr');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('group-search');
    await page.locator('th[data-column="KEY_ACTIONS"] button').focus();
    await page.keyboard.press('Enter');
    const ascending = await apiGroups(server, readKey, {
      range: lastDays(30, now),
      sort: { field: 'KEY_ACTIONS', direction: 'ASC' },
    });
    await expectRows(
      page,
      ascending.rows.map((row) => row.value),
    );
    const firstName = await page.textContent('table.groups-table tbody tr:first-child a.group-link');
    await page.locator('table.groups-table tbody tr:first-child a.group-link').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.group-detail');
    expect(await page.textContent('h1')).toBe(firstName);
  });

  it('never hands the browser the ingest key or the secret key', async () => {
    const fresh = await browser.newContext({ baseURL: server.url });
    await fresh.clock.setFixedTime(now);
    // Every response body, awaited before the checks (a redirect has none: it is left out).
    const bodies: Promise<{ url: string; text: string } | null>[] = [];
    const freshPage = await fresh.newPage();
    freshPage.on('response', (response) =>
      bodies.push(
        response.text().then(
          (text) => ({ url: response.url(), text }),
          () => null,
        ),
      ),
    );
    const link = await server.services.webSessions.createLoginLink(projectId, server.url);
    await freshPage.goto(link);
    await freshPage.waitForSelector('table.groups-table tbody tr');
    await freshPage.click('tr[data-group-value="globex"] a.group-link');
    await freshPage.waitForSelector('.group-detail');
    expect(freshPage.url()).not.toContain('token=');
    const cookies = await fresh.cookies();
    expect(cookies.find((cookie) => cookie.name === 'leadmaps_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    const read = (await Promise.all(bodies)).filter((body) => body !== null);
    expect(read.length).toBeGreaterThan(5);
    // The answers that carry the project's data were among them.
    expect(read.some((body) => body.url.endsWith('/graphql') && body.text.includes('"globex"'))).toBe(true);
    for (const body of read) {
      expect(body.text, body.url).not.toContain(ingestKey);
      expect(body.text, body.url).not.toContain(secretKey);
    }
    // The session may read but not change settings.
    const mutation = await freshPage.evaluate(async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { setKeyActions(eventTypes: ["x"]) { id } }' }),
      });
      return response.json();
    });
    expect(mutation.errors[0].extensions.code).toBe('FORBIDDEN');
    await fresh.close();
  });

  it('signs in with a pasted key and refuses a wrong one', async () => {
    const fresh = await browser.newContext({ baseURL: server.url });
    await fresh.clock.setFixedTime(now);
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
