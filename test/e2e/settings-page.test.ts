// The settings page in a real browser: an admin session (signed in with the secret key) changes
// key actions and sees the Groups page's figures change, changes the time zone and follows the
// rebuild's progress to the new day boundaries, and finds every change in the change log; a
// read-only session is refused the page, and the server refuses it the mutations too.
import type { Browser } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInTimeZone } from '@leadmaps/shared';
import { advisoryLockKeys } from '../../apps/api/src/lib/advisory-lock-keys';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

let server: WebTestServer;
let browser: Browser;
let project: { id: number; secretKey: string; readKey: string };
/** The day of globex's one late event: 23:30 UTC, which is the next day in Kiritimati (UTC+14). */
let lateDay: string;

beforeAll(async () => {
  server = await startWebTestServer();
  browser = await launchBrowser();
  const created = await server.services.projects.createProject({ name: 'Settings E2E' });
  project = { id: created.project.id, secretKey: created.secretKey, readKey: created.readKey };
  lateDay = addDays(todayInTimeZone('UTC'), -10);
  const noonYesterday = Date.parse(`${addDays(todayInTimeZone('UTC'), -1)}T12:00:00Z`);
  const events = [
    ...Array.from({ length: 3 }, (_, index) => ({ event_type: 'Report Created', index })),
    ...Array.from({ length: 2 }, (_, index) => ({ event_type: 'Page Viewed', index: index + 3 })),
  ].map(({ event_type, index }) => ({
    event_type,
    user_id: 'ann@acme.example',
    time: noonYesterday + index * 60_000,
    insert_id: `acme-${index}`,
    groups: { company: 'acme' },
  }));
  events.push({
    event_type: 'Report Created',
    user_id: 'bob@globex.example',
    time: Date.parse(`${lateDay}T23:30:00Z`),
    insert_id: 'globex-late',
    groups: { company: 'globex' },
  });
  const result = await server.services.ingest.ingestAmplitudeEvents(created.project, events);
  expect(result.ingested).toBe(6);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const cell = (value: string, column: string) => `tr[data-group-value="${value}"] td[data-column="${column}"]`;

describe('settings page', () => {
  it('admin: key actions change the Groups page figures, and the change log shows who changed what', async () => {
    const context = await signedInContext(browser, server, project.secretKey);
    const page = await context.newPage();
    await page.goto('/groups');
    await page.waitForSelector(cell('acme', 'KEY_ACTIONS'));
    expect((await page.textContent(cell('acme', 'KEY_ACTIONS')))?.trim()).toBe('—');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForSelector('h2#figures-heading');
    await page.getByLabel(/Key actions: event types/).fill('Report Created');
    await page.getByRole('button', { name: 'Save key actions' }).click();
    await page.waitForSelector('form[aria-label="Key actions"] [role="status"]');
    await page.waitForSelector('[data-testid="audit-log"] tr[data-action="project.key_actions"]');
    const row = await page.textContent('[data-testid="audit-log"] tr[data-action="project.key_actions"]');
    expect(row).toContain('Admin session (web app)');
    expect(row).toContain('["Report Created"]');
    // The preview counts the bands with the thresholds typed: both companies are new (nothing before the range).
    await page.waitForSelector('[data-testid="trend-preview"] [data-band="NEW"]');
    expect(await page.textContent('[data-testid="trend-preview"] [data-band="NEW"]')).toContain('2 companies');
    expect(await page.textContent('[data-testid="trend-preview"] [data-band="RISING"]')).toContain('0 companies');
    await page.screenshot({ path: screenshotPath('settings-admin'), fullPage: true });

    await page.getByRole('link', { name: 'Groups' }).click();
    await expect
      .poll(async () => (await page.textContent(cell('acme', 'KEY_ACTIONS')))?.trim(), { timeout: 15_000 })
      .toBe('3');
    await context.close();
  });

  it('admin: a time-zone change shows its progress, then the new day boundaries', async () => {
    const context = await signedInContext(browser, server, project.secretKey);
    const page = await context.newPage();
    const eventsOn = async (day: string) => {
      await page.goto(`/groups?range=custom&from=${day}&to=${day}`);
      await page.waitForSelector(cell('globex', 'EVENTS'));
      return (await page.textContent(cell('globex', 'EVENTS')))?.trim();
    };
    expect(await eventsOn(lateDay)).toBe('1');

    await page.goto('/settings');
    await page.waitForSelector('h2#general-heading');
    const databaseUrl = server.services.config.database.kind === 'server' ? server.services.config.database.url : null;
    // On PostgreSQL, hold the rollup lock from another connection so the rebuild is seen running.
    const blocker = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
    try {
      if (blocker) {
        await blocker.connect();
        await blocker.query('SELECT pg_advisory_lock($1::int, $2::int)', [advisoryLockKeys.rollupFold, project.id]);
      }
      await page.getByRole('combobox', { name: 'Time zone' }).fill('Pacific/Kiritimati');
      await page.getByRole('button', { name: 'Change time zone' }).click();
      if (blocker) {
        await page.waitForSelector('[data-testid="time-zone-progress"][data-state="running"]');
        expect(await page.textContent('[data-testid="time-zone-progress"]')).toContain('Figures use the old time zone');
        await page.screenshot({ path: screenshotPath('settings-time-zone-running'), fullPage: true });
      }
    } finally {
      if (blocker) {
        await blocker.query('SELECT pg_advisory_unlock_all()');
        await blocker.end();
      }
    }
    await page.waitForSelector('[data-testid="time-zone-progress"][data-state="finished"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="time-zone-progress"]')).toContain(
      'Figures now use Pacific/Kiritimati',
    );
    await page.waitForSelector('[data-testid="audit-log"] tr[data-action="project.time_zone"]');

    expect(await eventsOn(lateDay)).toBe('0');
    expect(await eventsOn(addDays(lateDay, 1))).toBe('1');
    await context.close();
  });

  it('read-only: the page is refused, the Settings link is not offered, and the server refuses the mutations', async () => {
    const context = await signedInContext(browser, server, project.readKey);
    const page = await context.newPage();
    await page.goto('/settings');
    await page.waitForSelector('[data-testid="settings-refused"]');
    expect(await page.textContent('[data-testid="settings-refused"]')).toMatch(/read-only/);
    await page.goto('/groups');
    await page.waitForSelector(cell('acme', 'EVENTS'));
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    const refused = await context.request.post('/graphql', {
      data: { query: 'mutation { setKeyActions(eventTypes: ["Page Viewed"]) { keyActions } }' },
    });
    expect((await refused.json()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const audit = await context.request.post('/graphql', {
      data: { query: '{ settingsChanges { edges { cursor } } }' },
    });
    expect((await audit.json()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.services.projects.getProject(project.id))?.keyActions).toEqual(['Report Created']);
    await page.goto('/analyze');
    expect(await page.textContent('[data-testid="save-unavailable"]')).toMatch(/read-only/);
    await context.close();
  });

  it('admin: saves the chart shown on the Analyze page', async () => {
    const context = await signedInContext(browser, server, project.secretKey);
    const page = await context.newPage();
    await page.goto('/analyze');
    await page.waitForSelector('[data-testid="save-chart-form"]');
    await page.getByPlaceholder('Chart name').fill('Everything, daily');
    await page.getByRole('button', { name: 'Save chart' }).click();
    await page.getByRole('button', { name: 'Everything, daily' }).waitFor();
    expect(await page.getByTestId('save-unavailable').count()).toBe(0);
    await context.close();
  });

  it('admin: rotates the read key (shown once, the old one refused) and creates a project to switch to', async () => {
    const context = await signedInContext(browser, server, project.secretKey);
    const page = await context.newPage();
    await page.goto('/settings');
    await page.waitForSelector('[data-testid="ingest-key"]');
    expect(await page.textContent('[data-testid="ingest-key"]')).toMatch(/^lm_ingest_/);
    await page.getByRole('button', { name: 'Rotate the read key' }).click();
    await page.getByRole('button', { name: 'Yes, rotate the read key' }).click();
    const newReadKey = (await page
      .locator('[data-testid="rotate-read"] [data-testid="shown-once-key"]')
      .textContent())!;
    expect(newReadKey).toMatch(/^lm_read_/);
    expect((await context.request.post('/auth/session', { data: { key: project.readKey } })).status()).toBe(401);
    expect((await server.services.projects.authenticate(newReadKey))?.project.id).toBe(project.id);
    await page.waitForSelector('[data-testid="audit-log"] tr[data-action="keys.rotate_read"]');

    await page.locator('input[name="new-project-name"]').fill('Staging');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForSelector('[data-testid="created-project"]');
    await page.getByRole('button', { name: 'Switch this browser to “Staging”' }).click();
    await page.waitForURL('**/settings');
    await expect
      .poll(() => page.locator('input[name="project-name"]').inputValue(), { timeout: 15_000 })
      .toBe('Staging');
    await context.close();
  });
});
