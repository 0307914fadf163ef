// Groups query benchmark: the Groups page's `groups` query (a page of 50 with trend, exact people
// and sparklines) through GraphQL over HTTP against the real server in a child process. The
// headline is requests no cache answered before: every request asks a question (range × sort)
// not asked before, so neither the page cache nor the response cache can answer it. Then the same
// right after a new event, and, as a second line, one page asked again and again. Beside it, plain
// SQL over the raw events and DuckDB over the same rows compute the 30-day top by key actions;
// the bench fails unless all three agree on it. Databases are loaded once per size and reused
// (bench/groups-query-data.ts). The server's resident memory is read from /proc.
// Run: npm run bench:groups -- 1000000 10000000   (sizes as arguments, else BENCH_GROUPS_SIZES;
// BENCH_GROUPS_FIRST_REQUESTS, BENCH_GROUPS_FRESH_REQUESTS, BENCH_GROUPS_REPEATED_REQUESTS,
// BENCH_GROUPS_CONNECTIONS, BENCH_GROUPS_SECONDS (0: no throughput run), BENCH_GROUPS_SKIP_DUCKDB=1)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { copyIntoDuckDb, duckDbTopGroups } from './duckdb-groups';
import { datasetParameters, ensureGroupsDataset, type GroupsDataset } from './groups-query-data';
import { rawTopGroups, type TopGroupRow, type TopGroupsQuestion } from './groups-query-reference';
import { benchServerUrl, machineDescription, percentile, postgresVersion, startServerProcess } from './support';

const sizeArguments = process.argv.slice(2).filter((argument) => /^\d+$/.test(argument));
const sizes = (
  sizeArguments.length ? sizeArguments : (process.env.BENCH_GROUPS_SIZES ?? '1000000,10000000').split(',')
).map(Number);
const firstRequests = Number(process.env.BENCH_GROUPS_FIRST_REQUESTS ?? 240);
const freshRequests = Number(process.env.BENCH_GROUPS_FRESH_REQUESTS ?? 200);
const repeatedRequests = Number(process.env.BENCH_GROUPS_REPEATED_REQUESTS ?? 200);
const connections = Number(process.env.BENCH_GROUPS_CONNECTIONS ?? 8);
const throughputSeconds = Number(process.env.BENCH_GROUPS_SECONDS ?? 10);
const referenceRuns = Number(process.env.BENCH_GROUPS_REFERENCE_RUNS ?? 3);
const skipDuckDb = Boolean(process.env.BENCH_GROUPS_SKIP_DUCKDB);
const port = 4900 + Math.floor(Math.random() * 90);
const log = (message: string) => process.stderr.write(`${message}\n`);

const groupsQuery = `
  query Groups($range: DateRangeInput!, $sort: GroupSortInput!) {
    groups(groupType: "company", range: $range, first: 50, sort: $sort) {
      totalCount
      edges { node {
        value name activePeople peopleOnRecord events keyActions sessions lastSeen atRisk riskReasons
        trend { label current previous percentChange metric }
        sparkline { day events keyActions }
      } }
    }
  }`;

interface SizeResult {
  dataset: GroupsDataset;
  range: { from: string; to: string };
  graphql: Awaited<ReturnType<typeof measureGraphql>>['graphql'];
  sqlMilliseconds: number[];
  duckDb: { milliseconds: number[]; loadSeconds: number; rows: number } | null;
  load: number[];
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function describeQuestion(
  dataset: GroupsDataset,
): Promise<{ question: TopGroupsQuestion; range: { from: string; to: string }; ingestKey: string }> {
  const client = new pg.Client({ connectionString: dataset.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT p.key_actions AS "keyActions", p.trend_steady_percent AS "steadyPercent", p.trend_sharp_percent AS "sharpPercent", p.time_zone AS "timeZone",
         t.id AS "groupTypeId", p.ingest_key AS "ingestKey"
       FROM project p JOIN group_type t ON t.project_id = p.id AND t.name = 'company' WHERE p.id = $1`,
      [dataset.projectId],
    );
    const project = rows[0];
    if (project.timeZone !== 'UTC') throw new Error('the bench project is expected in UTC');
    // The generator's fixed end, not max(time): the fresh-data run below adds events dated now.
    const lastDay = isoDay(new Date(dataset.parameters.endDate));
    const rangeEnd = new Date(`${lastDay}T00:00:00Z`);
    rangeEnd.setUTCDate(rangeEnd.getUTCDate() + 1);
    const day = 86_400_000;
    const rangeStart = new Date(rangeEnd.getTime() - 30 * day);
    const previousStart = new Date(rangeStart.getTime() - 30 * day);
    return {
      question: {
        projectId: dataset.projectId,
        groupTypeId: project.groupTypeId,
        keyActions: project.keyActions,
        rangeStart,
        rangeEnd,
        previousStart,
        steadyPercent: project.steadyPercent,
        sharpPercent: project.sharpPercent,
        limit: 50,
      },
      range: { from: isoDay(rangeStart), to: lastDay },
      ingestKey: project.ingestKey,
    };
  } finally {
    await client.end();
  }
}

/** The part of the Groups query's answer that the benchmark compares. */
interface GroupsAnswer {
  errors?: unknown[];
  data: {
    groups: {
      edges: {
        node: Pick<TopGroupRow, 'value' | 'keyActions' | 'events' | 'activePeople'> & {
          trend: { previous: number; label: string };
        };
      }[];
    };
  };
}

function rowsOfGraphql(body: GroupsAnswer): TopGroupRow[] {
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data.groups.edges.map(({ node }) => ({
    value: node.value,
    keyActions: node.keyActions,
    events: node.events,
    activePeople: node.activePeople,
    previousKeyActions: node.trend.previous,
    label: node.trend.label,
  }));
}

/** Fails loudly, with the first rows that differ, unless both top 50s are identical. */
function expectSameTop(what: string, expected: TopGroupRow[], actual: TopGroupRow[]): void {
  const differences: string[] = [];
  if (expected.length !== actual.length) differences.push(`${expected.length} rows vs ${actual.length}`);
  for (let index = 0; index < Math.max(expected.length, actual.length); index++) {
    const left = JSON.stringify(expected[index] ?? null);
    const right = JSON.stringify(actual[index] ?? null);
    if (left !== right) differences.push(`#${index + 1}: expected ${left}\n        got ${right}`);
  }
  if (differences.length)
    throw new Error(`${what} disagrees with GraphQL on the top 50:\n  ${differences.slice(0, 10).join('\n  ')}`);
}

/** The server's resident memory, from /proc (Linux), in MiB. */
function residentMebibytes(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kibibytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kibibytes / 1024;
  } catch {
    return NaN;
  }
}

const sortFields = [
  'KEY_ACTIONS',
  'EVENTS',
  'SESSIONS',
  'ACTIVE_PEOPLE',
  'PEOPLE_ON_RECORD',
  'TREND_PERCENT',
  'LAST_SEEN',
];

interface Question {
  range: { from: string; to: string };
  sort: { field: string; direction: 'ASC' | 'DESC' };
}

const shiftDay = (day: string, days: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

/**
 * Distinct questions (range × sort), none asked twice: every one is a first request for the page
 * and response caches. Ranges of the usual lengths and custom ones, ending on the data's last day
 * or up to `maximumEndShift` days before; every sort, both directions; the 30-day top by key
 * actions first (the one plain SQL and DuckDB compute).
 */
function distinctQuestions(lastDay: string, count: number, seed: number, endShifts: number[]): Question[] {
  const lengths = [7, 30, 90, 14, 21, 45, 60, 28, 1, 3, 10, 35, 50, 75, 89];
  const questions: Question[] = [];
  const seen = new Set<string>();
  let state = seed;
  const next = (bound: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % bound;
  };
  const add = (question: Question) => {
    const key = JSON.stringify(question);
    if (seen.has(key)) return;
    seen.add(key);
    questions.push(question);
  };
  add({ range: { from: shiftDay(lastDay, -29), to: lastDay }, sort: { field: 'KEY_ACTIONS', direction: 'DESC' } });
  for (let index = 0; questions.length < count; index++) {
    const length = index < lengths.length * 4 ? lengths[index % lengths.length]! : 1 + next(90);
    const to = shiftDay(lastDay, -endShifts[next(endShifts.length)]!);
    add({
      range: { from: shiftDay(to, -(length - 1)), to },
      sort: { field: sortFields[index % sortFields.length]!, direction: next(4) === 0 ? 'ASC' : 'DESC' },
    });
  }
  return questions;
}

async function measureGraphql(
  dataset: GroupsDataset,
  range: { from: string; to: string },
  ingestKey: string,
  load: number[],
) {
  // The process's first request loads the history (a minute at 10M on a loaded machine): let it.
  process.env.LEADMAPS_REQUEST_TIMEOUT_MS ??= '600000';
  const server = await startServerProcess(dataset.url, port);
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${dataset.secretKey}` };
    const bodyOf = (question: Question) => JSON.stringify({ query: groupsQuery, variables: question });
    const ask = async (question: Question) => {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body: bodyOf(question) });
      if (!response.ok)
        throw new Error(`GraphQL answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const body = (await response.json()) as GroupsAnswer;
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
      return { body, milliseconds: performance.now() - started };
    };
    const rssAtStart = residentMebibytes(server.pid);
    // The process's very first request loads the rollup history of the group type.
    const warmUpQuestion: Question = {
      range: { from: shiftDay(range.to, -400), to: shiftDay(range.to, -300) },
      sort: { field: 'KEY_ACTIONS', direction: 'DESC' },
    };
    const processFirst = (await ask(warmUpQuestion)).milliseconds;
    const rssLoaded = residentMebibytes(server.pid);

    // Headline: questions nobody asked before (no cache can have answered them).
    const questions = distinctQuestions(range.to, firstRequests, 7, [0, 0, 0, 1, 2, 5, 10, 20]);
    const firstLatencies: number[] = [];
    const bySort = new Map<string, number[]>();
    let first: TopGroupRow[] = [];
    for (const [index, question] of questions.entries()) {
      const { body, milliseconds } = await ask(question);
      if (index === 0) first = rowsOfGraphql(body);
      firstLatencies.push(milliseconds);
      const key = question.sort.field;
      bySort.set(key, [...(bySort.get(key) ?? []), milliseconds]);
      if (index % 50 === 0) load.push(loadavg()[0]!);
    }
    const rssAfterFirst = residentMebibytes(server.pid);

    // Right after new events: one new event of an existing account, dated now, then a question
    // not asked before (other end days than the headline's), so the history takes the fold first.
    const values = first.map((row) => row.value);
    const freshQuestions = distinctQuestions(range.to, freshRequests, 11, [3, 4, 6, 7, 8, 9]);
    const freshLatencies: number[] = [];
    for (const [index, question] of freshQuestions.entries()) {
      const event = {
        event_type: 'Bench Fresh Data',
        user_id: `bench-fresh-${index % 7}`,
        time: Date.now(),
        insert_id: `fresh-${Date.now()}-${index}`,
        groups: { company: values[index % values.length] },
      };
      const ingest = await fetch(`http://127.0.0.1:${port}/2/httpapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: ingestKey, events: [event] }),
      });
      if (!ingest.ok) throw new Error(`ingest answered HTTP ${ingest.status}`);
      freshLatencies.push((await ask(question)).milliseconds);
      if (index % 50 === 0) load.push(loadavg()[0]!);
    }

    // Second line: the same page asked again and again (page and response caches).
    const repeated = freshQuestions[0]!;
    const repeatedLatencies: number[] = [];
    for (let index = 0; index < repeatedRequests; index++) repeatedLatencies.push((await ask(repeated)).milliseconds);
    const rssEnd = residentMebibytes(server.pid);

    let throughput: autocannon.Result | null = null;
    if (throughputSeconds > 0) {
      throughput = await autocannon({
        url,
        method: 'POST',
        headers,
        body: bodyOf(repeated),
        connections,
        duration: throughputSeconds,
      });
      load.push(loadavg()[0]!);
    }
    for (const list of [firstLatencies, freshLatencies, repeatedLatencies, ...bySort.values()])
      list.sort((a, b) => a - b);
    return {
      rows: first,
      graphql: {
        processFirst,
        first: summarize(firstLatencies),
        bySort: Object.fromEntries([...bySort].map(([field, list]) => [field, summarize(list)])),
        fresh: summarize(freshLatencies),
        repeated: summarize(repeatedLatencies),
        requestsPerSecond: throughput?.requests.average ?? NaN,
        errors: throughput ? throughput.errors + throughput.non2xx : 0,
        rss: { atStart: rssAtStart, loaded: rssLoaded, afterFirst: rssAfterFirst, end: rssEnd },
      },
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

interface Latencies {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summarize(sorted: number[]): Latencies {
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

/**
 * A database being loaded by someone else has no complete marker yet, and ensureGroupsDataset
 * would drop and reload it: refuse instead, unless loading was asked for (BENCH_GROUPS_LOAD=1).
 */
async function refuseIncompleteDatabase(events: number): Promise<void> {
  if (process.env.BENCH_GROUPS_LOAD) return;
  const name = `leadmaps_bench_groups_${events}`;
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch {
    throw new Error(`${name} does not exist; load it first (BENCH_GROUPS_LOAD=1 loads it)`);
  }
  try {
    const table = await client.query(`SELECT to_regclass('bench.groups_dataset') AS name`);
    const complete = table.rows[0].name
      ? (await client.query('SELECT 1 FROM bench.groups_dataset WHERE complete')).rowCount
      : 0;
    if (!complete) throw new Error(`${name} is not completely loaded (still loading?); not touching it`);
  } finally {
    await client.end();
  }
}

async function measureSize(events: number): Promise<SizeResult> {
  await refuseIncompleteDatabase(events);
  const dataset = await ensureGroupsDataset(datasetParameters(events));
  const { question, range, ingestKey } = await describeQuestion(dataset);
  const load: number[] = [loadavg()[0]!];
  log(
    `${events.toLocaleString('en-US')}: ${dataset.storedEvents.toLocaleString('en-US')} events, range ${range.from}..${range.to}; GraphQL…`,
  );
  const graphqlRun = await measureGraphql(dataset, range, ingestKey, load);

  log('plain SQL over raw events…');
  const client = new pg.Client({ connectionString: dataset.url });
  await client.connect();
  const sqlMilliseconds: number[] = [];
  let sqlRows: TopGroupRow[] = [];
  try {
    for (let run = 0; run < referenceRuns; run++) {
      const started = performance.now();
      sqlRows = await rawTopGroups(client, question);
      sqlMilliseconds.push(performance.now() - started);
    }
  } finally {
    await client.end();
  }
  load.push(loadavg()[0]!);
  expectSameTop('plain SQL over raw events', sqlRows, graphqlRun.rows);

  let duckDb: SizeResult['duckDb'] = null;
  if (!skipDuckDb) {
    log('DuckDB: copying rows…');
    let lastMessage = 0;
    const copy = await copyIntoDuckDb(dataset.url, dataset.projectId, (message) => {
      if (Date.now() - lastMessage > 10_000) {
        lastMessage = Date.now();
        log(message);
      }
    });
    try {
      const milliseconds: number[] = [];
      let duckRows: TopGroupRow[] = [];
      for (let run = 0; run < referenceRuns + 1; run++) {
        const started = performance.now();
        duckRows = await duckDbTopGroups(copy.connection, question);
        // The first run is a warm-up, as for the other two.
        if (run > 0) milliseconds.push(performance.now() - started);
      }
      expectSameTop('DuckDB', duckRows, graphqlRun.rows);
      duckDb = { milliseconds, loadSeconds: copy.loadSeconds, rows: copy.rows };
    } finally {
      copy.close();
    }
    load.push(loadavg()[0]!);
  }
  return { dataset, range, graphql: graphqlRun.graphql, sqlMilliseconds, duckDb, load };
}

const results: SizeResult[] = [];
for (const size of sizes) results.push(await measureSize(size));

const version = await postgresVersion(results[0]!.dataset.url);
const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 1 : 0 });
const triple = (latencies: Latencies) =>
  `${format(latencies.p50)} / ${format(latencies.p95)} / ${format(latencies.p99)} ms (max ${format(latencies.max)})`;
console.log(`\nMachine: ${machineDescription()}, PostgreSQL ${version} on the same machine`);
console.log(
  `Date: ${new Date().toISOString()}; GraphQL: ${firstRequests} sequential requests, each a question (range × sort) not asked before; ${freshRequests} each right after one new event of an account (and not asked before); ${repeatedRequests} repeats of one page; server NODE_ENV=production`,
);
console.log(
  "\n| events (stored) | users | groups | first requests p50 / p95 / p99 | right after a new event p50 / p95 / p99 | repeated page p50 / p95 / p99 | process's first request (loads the history) | plain SQL, 30-day top (first / median) | DuckDB, same (median) | SQL ÷ GraphQL first p50 | DuckDB ÷ GraphQL first p50 | server RSS start → loaded → end | load average |",
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const result of results) {
  const sql = median(result.sqlMilliseconds);
  const duck = result.duckDb ? median(result.duckDb.milliseconds) : NaN;
  const g = result.graphql;
  console.log(
    `| ${format(result.dataset.parameters.events)} (${format(result.dataset.storedEvents)}) | ${format(result.dataset.users)} | ${format(result.dataset.groups)} | ` +
      `${triple(g.first)} | ${triple(g.fresh)} | ${triple(g.repeated)} | ${format(g.processFirst)} ms | ` +
      `${format(result.sqlMilliseconds[0]!)} / ${format(sql)} ms | ${result.duckDb ? `${format(duck)} ms (copy ${format(result.duckDb.loadSeconds)} s)` : 'skipped'} | ` +
      `${format(sql / g.first.p50)}× | ${result.duckDb ? `${format(duck / g.first.p50)}×` : '–'} | ` +
      `${format(g.rss.atStart)} → ${format(g.rss.loaded)} → ${format(g.rss.end)} MiB | ` +
      `${Math.min(...result.load).toFixed(1)}–${Math.max(...result.load).toFixed(1)} |`,
  );
}
console.log('\nFirst requests by sort (p50 / p95 / p99):\n');
console.log(`| events | ${sortFields.join(' | ')} |`);
console.log(`|---|${sortFields.map(() => '---').join('|')}|`);
for (const result of results) {
  const bySort = result.graphql.bySort as Record<string, Latencies>;
  console.log(
    `| ${format(result.dataset.parameters.events)} | ${sortFields.map((field) => (bySort[field] ? `${format(bySort[field].p50)} / ${format(bySort[field].p95)} / ${format(bySort[field].p99)}` : '–')).join(' | ')} |`,
  );
}
if (throughputSeconds > 0) {
  for (const result of results)
    console.log(
      `\n${format(result.dataset.parameters.events)}: repeated page under autocannon ${connections} connections × ${throughputSeconds} s: ${format(result.graphql.requestsPerSecond)} req/s, errors ${result.graphql.errors}`,
    );
}
console.log(
  `\nAll three agree on the 30-day top 50 by key actions (group, key actions, events, active people, previous key actions, trend label) at every size.`,
);
