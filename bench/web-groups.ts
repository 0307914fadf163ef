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
// Loading 10k accounts takes minutes: BENCH_WEB_REUSE_DATABASE=<url> measures a database loaded
// by an earlier run (kept with BENCH_KEEP_DATABASE=1) instead, under a fresh read key.
const reusedUrl = process.env.BENCH_WEB_REUSE_DATABASE;
const database = reusedUrl ? { url: reusedUrl, drop: async () => {} } : await createBenchDatabase('web');
const environment = await openDataEnvironment({ database: { kind: 'server', url: database.url } });
let created: { readKey: string; summary: { events: number } };
if (reusedUrl) {
  const projectId = (
    await environment.database.prisma.project.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })
  ).id;
  const readKey = await environment.services.projects.rotateReadKey(projectId);
  const events = await environment.database.prisma.event.count({ where: { projectId } });
  created = { readKey, summary: { events } };
  console.log(`reusing ${events.toLocaleString('en-US')} events in ${reusedUrl}`);
} else {
  let lastReport = 0;
  const loaded = await createProjectWithGeneratedData(environment.services, {
    name: 'Bench web',
    generator: { seed: 11, accounts, events, days: 90, endDate: new Date() },
    onProgress: (progress) => {
      if (progress.seconds - lastReport < 10) return;
      lastReport = progress.seconds;
      console.log(`loading: ${formatLoadProgress(progress)}`);
    },
  });
  created = loaded;
  console.log(
    `loaded ${loaded.summary.events.toLocaleString('en-US')} events for ${accounts.toLocaleString('en-US')} accounts in ${loaded.summary.seconds.toFixed(0)}s`,
  );
}
await environment.close();

const config = loadConfig({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  LEADMAPS_DEMO_DATA: 'false',
  LEADMAPS_SCHEDULER: 'false',
  LEADMAPS_WEB: 'true',
  LOG_LEVEL: 'warn',
});
config.database = { kind: 'server', url: database.url };
const server = await startServer(config, { logger: createLogger('warn'), registerExtraRoutes: registerWebRoutes });
async function timeGraphql(query: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${created.readKey}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors[0]!.message);
  return performance.now() - started;
}
const groupsQuery =
  '{ groups(groupType: "company", first: 50) { totalCount edges { node { value name activePeople peopleOnRecord trend { label } sparkline { day events } } } } }';
const reportQuery = '{ accountReport(groupType: "company") { accounts active rising atRisk } }';
const apiTimes = {
  groupsCold: await timeGraphql(groupsQuery),
  reportCold: await timeGraphql(reportQuery),
  groups: [] as number[],
  report: [] as number[],
};
for (let run = 0; run < 5; run += 1) {
  apiTimes.groups.push(await timeGraphql(groupsQuery));
  apiTimes.report.push(await timeGraphql(reportQuery));
}
console.log(
  `API: groups page cold ${Math.round(apiTimes.groupsCold)} ms, warm ${apiTimes.groups.map(Math.round).join('/')} ms; accountReport cold ${Math.round(apiTimes.reportCold)} ms, warm ${apiTimes.report.map(Math.round).join('/')} ms`,
);

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
  await page.waitForSelector('table.groups-table tbody tr', { timeout: 120_000 });
  const elapsed = performance.now() - started;
  await page.close();
  return elapsed;
}

/** Click → the rows on screen changed and the table is no longer busy. */
const rowSignature = `Array.from(document.querySelectorAll('table.groups-table tbody tr')).map((row) => row.dataset.groupValue).join('|')`;
async function timeChange(page: Page, selector: string): Promise<number> {
  const before = (await page.evaluate(rowSignature)) as string;
  const started = performance.now();
  await page.click(selector);
  await page.waitForFunction(
    `(${rowSignature}) !== ${JSON.stringify(before)} && document.querySelector('table.groups-table')?.getAttribute('aria-busy') === 'false'`,
    undefined,
    { timeout: 120_000, polling: 'raf' },
  );
  return performance.now() - started;
}

const coldPaint = await firstUsefulPaint();
const warmPaints: number[] = [];
for (let run = 0; run < 7; run += 1) warmPaints.push(await firstUsefulPaint());

const page = await context.newPage();
const calls = recordGraphqlCalls(page);
await page.goto('/groups');
await page.waitForSelector('table.groups-table tbody tr', { timeout: 120_000 });
const callsBefore = calls.length;
const sortTimes: number[] = [];
for (const column of [
  'EVENTS',
  'NAME',
  'ACTIVE_PEOPLE',
  'LAST_SEEN',
  'TREND_PERCENT',
  'SESSIONS',
  'PEOPLE_ON_RECORD',
  'NAME',
  'EVENTS',
]) {
  sortTimes.push(await timeChange(page, `th[data-column="${column}"] button`));
}
const filterTimes: number[] = [];
for (const filter of [
  '[data-trend-filter="RISING"]',
  '[data-trend-filter="FALLING"]',
  '[data-trend-filter="RISING"]',
  '[data-filter="at-risk"]',
  '[data-trend-filter="FALLING"]',
  '[data-filter="at-risk"]',
]) {
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

GraphQL alone (curl-like, same process): ranked page of 50 ${format(
  percentile(
    [...apiTimes.groups].sort((a, b) => a - b),
    0.5,
  ),
)} warm (${format(apiTimes.groupsCold)} cold), account summary ${format(
  percentile(
    [...apiTimes.report].sort((a, b) => a - b),
    0.5,
  ),
)} warm (${format(apiTimes.reportCold)} cold).
Rows fetched per change: ${[...new Set(interactionCalls.map((call) => call.first))].join(', ')} (one GraphQL request per change: ${interactionCalls.length} requests for ${sortTimes.length + filterTimes.length} changes).
`);

await browser.close();
await server.close();
await database.drop();
