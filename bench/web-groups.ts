// Web benchmark: the Groups page with 10k accounts on local PostgreSQL, in headless Chromium.
// Measures the first useful paint (navigation start → first ranked row on screen) and how long a
// sort or filter change takes (click → new rows rendered), and checks that each change fetches
// one page of rows, not the whole list.
// Run: node --experimental-wasm-modules --import tsx bench/web-groups.ts
//      (BENCH_WEB_ACCOUNTS, BENCH_WEB_EVENTS to resize; BENCH_DATABASE_URL for another server)
import type { Page } from 'playwright-core';
import { loadConfig } from '../apps/api/src/config/config';
import { registerWebRoutes } from '../apps/api/src/http/web-routes';
import { createLogger } from '../apps/api/src/lib/logger';
import { startServer } from '../apps/api/src/server';
import { launchBrowser, signedInContext } from '../test/e2e/support/web-test-server';
import { ensureWebBuild } from '../apps/web/scripts/ensure-build.mjs';
import { createProjectWithGeneratedData, formatLoadProgress, openDataEnvironment } from './load-data';
import { createBenchDatabase, machineDescription, percentile, postgresVersion } from './support';

const accounts = Number(process.env.BENCH_WEB_ACCOUNTS ?? 10_000);
const events = Number(process.env.BENCH_WEB_EVENTS ?? 400_000);

ensureWebBuild();
const database = await createBenchDatabase('web');
const environment = await openDataEnvironment({ database: { kind: 'server', url: database.url } });
let lastReport = 0;
const created = await createProjectWithGeneratedData(environment.services, {
  name: 'Bench web',
  generator: { seed: 11, accounts, events, days: 90, endDate: new Date() },
  onProgress: (progress) => {
    if (progress.seconds - lastReport < 10) return;
    lastReport = progress.seconds;
    console.log(`loading: ${formatLoadProgress(progress)}`);
  },
});
await environment.close();
console.log(`loaded ${created.summary.events.toLocaleString('en-US')} events for ${accounts.toLocaleString('en-US')} accounts in ${created.summary.seconds.toFixed(0)}s`);

const config = loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LEADMAPS_DEMO_DATA: 'false', LEADMAPS_SCHEDULER: 'false', LEADMAPS_WEB: 'true', LOG_LEVEL: 'warn' });
config.database = { kind: 'server', url: database.url };
const server = await startServer(config, { logger: createLogger('warn'), registerExtraRoutes: registerWebRoutes });
const browser = await launchBrowser();
const context = await signedInContext(browser, server, created.readKey);

interface GraphqlCall {
  first: number | undefined;
}
function recordGraphqlCalls(page: Page): GraphqlCall[] {
  const calls: GraphqlCall[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { query: string; variables?: { first?: number } };
    if (body.query.includes('query GroupsTable')) calls.push({ first: body.variables?.first });
  });
  return calls;
}

async function firstUsefulPaint(): Promise<number> {
  const page = await context.newPage();
  const started = performance.now();
  await page.goto('/groups');
  await page.waitForSelector('table.groups-table tbody tr');
  const elapsed = performance.now() - started;
  await page.close();
  return elapsed;
}

/** Click → the table went busy and came back with the new rows, timed inside the page. */
async function timeChange(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (target) =>
      new Promise<number>((resolve, reject) => {
        const table = document.querySelector('table.groups-table')!;
        let sawBusy = false;
        const started = performance.now();
        const check = () => {
          const current = document.querySelector('table.groups-table') ?? table;
          const busy = current.getAttribute('aria-busy') === 'true';
          if (busy) sawBusy = true;
          if (sawBusy && !busy) return resolve(performance.now() - started);
          if (performance.now() - started > 10_000) return reject(new Error(`no change after clicking ${target}`));
          requestAnimationFrame(check);
        };
        (document.querySelector(target) as HTMLElement).click();
        requestAnimationFrame(check);
      }),
    selector,
  );
}

const coldPaint = await firstUsefulPaint();
const warmPaints: number[] = [];
for (let run = 0; run < 7; run += 1) warmPaints.push(await firstUsefulPaint());

const page = await context.newPage();
const calls = recordGraphqlCalls(page);
await page.goto('/groups');
await page.waitForSelector('table.groups-table tbody tr');
const callsBefore = calls.length;
const sortTimes: number[] = [];
for (const column of ['EVENTS', 'NAME', 'ACTIVE_PEOPLE', 'LAST_SEEN', 'TREND_PERCENT', 'SESSIONS', 'PEOPLE_ON_RECORD', 'NAME', 'EVENTS']) {
  sortTimes.push(await timeChange(page, `th[data-column="${column}"] button`));
}
const filterTimes: number[] = [];
for (const filter of ['[data-trend-filter="RISING"]', '[data-trend-filter="FALLING"]', '[data-trend-filter="RISING"]', '[data-filter="at-risk"]', '[data-trend-filter="FALLING"]', '[data-filter="at-risk"]']) {
  filterTimes.push(await timeChange(page, filter));
}
const interactionCalls = calls.slice(callsBefore);

const sortedWarm = [...warmPaints].sort((a, b) => a - b);
const sortedSorts = [...sortTimes].sort((a, b) => a - b);
const sortedFilters = [...filterTimes].sort((a, b) => a - b);
const format = (milliseconds: number) => `${Math.round(milliseconds)} ms`;
console.log(`
## Web

Groups page, ${accounts.toLocaleString('en-US')} accounts, ${created.summary.events.toLocaleString('en-US')} events over 90 days, ${await postgresVersion(database.url)}, ${machineDescription()}.
Headless Chromium on the same machine, production build of the web app served by the API process.

| Measure | Median | p95 / max | Budget |
| --- | --- | --- | --- |
| First useful paint (navigation → first ranked row), cold server | ${format(coldPaint)} | – | ≤ 1 s |
| First useful paint, warm (${warmPaints.length} runs) | ${format(percentile(sortedWarm, 0.5))} | ${format(sortedWarm[sortedWarm.length - 1]!)} | ≤ 1 s |
| Sort change (click → new rows rendered, ${sortTimes.length} runs) | ${format(percentile(sortedSorts, 0.5))} | ${format(sortedSorts[sortedSorts.length - 1]!)} | ≤ 300 ms |
| Filter change (trend / at-risk, ${filterTimes.length} runs) | ${format(percentile(sortedFilters, 0.5))} | ${format(sortedFilters[sortedFilters.length - 1]!)} | ≤ 300 ms |

Rows fetched per change: ${[...new Set(interactionCalls.map((call) => call.first))].join(', ')} (one GraphQL request per change: ${interactionCalls.length} requests for ${sortTimes.length + filterTimes.length} changes).
`);

await browser.close();
await server.close();
await database.drop();
