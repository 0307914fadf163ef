// Empty states that teach: a project with no data, and one whose people arrive without a company.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

let server: WebTestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startWebTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('empty states', () => {
  it('explains how to send the group key when nothing has arrived', async () => {
    const { readKey } = await server.services.projects.createProject({ name: 'Nothing yet' });
    const context = await signedInContext(browser, server, readKey);
    const page = await context.newPage();
    await page.goto('/groups');
    await page.waitForSelector('[data-empty-state="no-groups"]');
    const text = await page.textContent('[data-empty-state="no-groups"]');
    expect(text).toContain('No data has arrived yet');
    expect(text).toContain('amplitude.setGroup');
    expect(text).toContain('analytics.group');
    await context.close();
  });

  it('says how many people arrive without a company', async () => {
    const { project, readKey } = await server.services.projects.createProject({
      name: 'No groups',
      keyActions: ['Report Created'],
    });
    const now = Date.now();
    const events = ['ann@a.example', 'bob@b.example', 'cy@c.example'].flatMap((userId, index) =>
      Array.from({ length: 3 }, (_, event) => ({
        event_type: 'Report Created',
        user_id: userId,
        time: now - (index * 3 + event + 1) * 3_600_000,
      })),
    );
    const result = await server.services.ingest.ingestAmplitudeEvents(project, events);
    expect(result).toEqual({ ingested: 9, duplicates: 0, warnings: [], partiallyRefused: [] });
    const context = await signedInContext(browser, server, readKey);
    const page = await context.newPage();
    await page.goto('/groups');
    await page.waitForSelector('[data-testid="people-without-group"]');
    expect(await page.textContent('[data-testid="people-without-group"]')).toMatch(/3 of 3 people/);
    expect(await page.textContent('h2')).toContain('the group key is not being sent');
    await page.screenshot({ path: screenshotPath('groups-empty-no-company'), fullPage: true });
    await context.close();
  });
});
