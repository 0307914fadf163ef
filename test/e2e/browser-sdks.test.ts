// The real browser SDKs, @amplitude/analytics-browser and @segment/analytics-next, on a page of
// another origin, send to leadmaps through Chromium's real CORS checks (preflights included), and
// what they send lands with its groups. Requests are watched, not intercepted: Playwright answers
// preflights itself while any route is set, which would hide exactly what this test is about.
// Chromium resolves no host name, so anything bound for a CDN fails, and the test says so.
import type { IncomingMessage } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, startTestServerWithProject, type TestServerWithProject } from '../support/test-server';
import { type BrowserSdkSite, startBrowserSdkSite } from './support/browser-sdk-site';
import { launchBrowser } from './support/web-test-server';

let leadmaps: TestServerWithProject;
let site: BrowserSdkSite;
let browser: Browser;
/** Every request Chromium started, wherever it was bound. */
const browserRequests: string[] = [];
/** Every request leadmaps received from the page's origin, preflights included. */
const serverRequests: string[] = [];
/** The same POSTs with their Content-Type and Content-Encoding. */
const serverBodies: string[] = [];

beforeAll(async () => {
  [leadmaps, site] = await Promise.all([
    startTestServerWithProject({ name: 'Browser SDKs', keyActions: ['Report Created'] }),
    startBrowserSdkSite(),
  ]);
  leadmaps.server.app.server.on('request', (request: IncomingMessage) => {
    if (request.headers.origin !== site.url) return;
    serverRequests.push(`${request.method} ${request.url}`);
    const { 'content-type': type, 'content-encoding': encoding } = request.headers;
    if (request.method === 'POST') serverBodies.push(`${request.url} ${type} ${encoding ?? 'identity'}`);
  });
  browser = await launchBrowser(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await leadmaps?.server.stop();
});

async function openSite(): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.on('request', (request) => browserRequests.push(`${request.method()} ${request.url()}`));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') console.warn(`[page] ${message.text()}`);
  });
  await page.goto(site.url);
  await page.waitForFunction(() => Boolean(window.leadmapsSdkTest));
  return context;
}

const groupQuery = `query Group($value: String!) {
  group(groupType: "company", value: $value) {
    summary { events peopleOnRecord }
    properties
    people { userId }
    recentEvents { eventType attribution userId }
  }
}`;

interface GroupSeen {
  summary: { events: number; peopleOnRecord: number };
  properties: Record<string, unknown>;
  people: Array<{ userId: string }>;
  recentEvents: Array<{ eventType: string; attribution: string; userId: string }>;
}

/** The group as GraphQL shows it, once `ready` says all expected calls are in (SDKs send in the background). */
async function groupOnceLanded(value: string, ready: (group: GroupSeen) => boolean): Promise<GroupSeen | null> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await graphql(leadmaps.server, leadmaps.secretKey, groupQuery, { value });
    expect(answer.errors).toBeUndefined();
    const group = answer.data.group as GroupSeen | null;
    if ((group && ready(group)) || Date.now() > deadline) return group;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const eventsOf = (group: GroupSeen | null) =>
  (group?.recentEvents ?? []).map((event) => `${event.eventType} (${event.attribution}) ${event.userId}`).sort();

describe('browser SDKs on another origin', () => {
  it('@amplitude/analytics-browser: identify, setGroup, groupIdentify, track with groups and page views land', async () => {
    const context = await openSite();
    const [page] = context.pages();
    const outcome = await page!.evaluate(
      ([url, key]) => window.leadmapsSdkTest.sendWithAmplitude(url!, key!, 'ann@acme.example'),
      [leadmaps.server.url, leadmaps.ingestKey],
    );
    expect(outcome.codes).toEqual([200, 200, 200, 200, 200, 200]);

    const acme = await groupOnceLanded('acme-inc', (group) =>
      group.recentEvents.some((event) => event.eventType === '[Amplitude] Page Viewed'),
    );
    expect(acme?.properties).toEqual({ name: 'Acme Inc', plan: 'pro' });
    expect(acme?.people).toEqual([expect.objectContaining({ userId: 'ann@acme.example' })]);
    expect(eventsOf(acme)).toEqual([
      'Report Created (user) ann@acme.example',
      '[Amplitude] Page Viewed (user) ann@acme.example',
    ]);
    const initech = await groupOnceLanded('initech', (group) => group.summary.events > 1);
    expect(eventsOf(initech)).toEqual(['Invite Sent (event) ann@acme.example', 'Tab Hidden (event) ann@acme.example']);
    expect(initech?.summary.peopleOnRecord).toBe(1);
    await context.close();

    // The SDK's JSON (and its gzip) is not a simple request: Chromium asked first, and was answered.
    expect(serverRequests).toContain('OPTIONS /2/httpapi');
    expect(serverRequests).toContain('POST /2/httpapi');
    // The large batch came gzipped; the beacon as text/plain.
    expect(serverBodies).toContain('/2/httpapi application/json gzip');
    expect(serverBodies).toContain('/2/httpapi text/plain;charset=UTF-8 identity');
  });

  it('@segment/analytics-next: settings from leadmaps, then identify, group, track with groups and page, one by one', async () => {
    const context = await openSite();
    const outcome = await context
      .pages()[0]!
      .evaluate(
        ([url, key]) => window.leadmapsSdkTest.sendWithSegment(url!, key!, 'bob@globex.example', 'standard'),
        [leadmaps.server.url, leadmaps.ingestKey],
      );
    expect(outcome.failed).toEqual([]);

    const globex = await groupOnceLanded('globex', (group) => group.summary.events > 0);
    expect(globex?.properties).toEqual({ name: 'globex corp' });
    expect(globex?.people).toEqual([expect.objectContaining({ userId: 'bob@globex.example' })]);
    expect(eventsOf(globex)).toEqual(['Viewed Pricing Page (user) bob@globex.example']);
    const hooli = await groupOnceLanded('hooli', (group) => group.summary.events > 0);
    expect(eventsOf(hooli)).toEqual(['Report Created (event) bob@globex.example']);
    await context.close();

    expect(serverRequests).toContain(`GET /v1/projects/${leadmaps.ingestKey}/settings`);
    expect(serverBodies).toContain('/v1/t text/plain identity');
    // Basic auth makes every call preflighted.
    for (const path of ['/v1/i', '/v1/g', '/v1/t', '/v1/p']) {
      expect(serverRequests).toContain(`OPTIONS ${path}`);
      expect(serverRequests).toContain(`POST ${path}`);
    }
  });

  it('@segment/analytics-next with batching: one /v1/b request carries every call', async () => {
    const context = await openSite();
    const outcome = await context
      .pages()[0]!
      .evaluate(
        ([url, key]) => window.leadmapsSdkTest.sendWithSegment(url!, key!, 'cy@umbrella.example', 'batching'),
        [leadmaps.server.url, leadmaps.ingestKey],
      );
    expect(outcome.failed).toEqual([]);

    const umbrella = await groupOnceLanded('umbrella', (group) => group.summary.events > 0);
    expect(umbrella?.properties).toEqual({ name: 'umbrella corp' });
    expect(umbrella?.people).toEqual([expect.objectContaining({ userId: 'cy@umbrella.example' })]);
    expect(eventsOf(umbrella)).toEqual(['Viewed Pricing Page (user) cy@umbrella.example']);
    const hooli = await groupOnceLanded('hooli', (group) => group.summary.events > 1);
    expect(eventsOf(hooli)).toEqual([
      'Report Created (event) bob@globex.example',
      'Report Created (event) cy@umbrella.example',
    ]);
    await context.close();
    expect(serverRequests.filter((request) => request === 'POST /v1/b')).toHaveLength(1);
  });

  it('asked nothing of any host but the two local servers', () => {
    const local = [leadmaps.server.url, site.url].map((url) => new URL(url).origin);
    const elsewhere = browserRequests.filter((request) => !local.includes(new URL(request.split(' ')[1]!).origin));
    expect(elsewhere).toEqual([]);
    expect(browserRequests.length).toBeGreaterThan(10);
  });
});
