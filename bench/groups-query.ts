// Groups query benchmark: the Groups page's `groups` query (top 50 by key actions, 30 days ending on
// the data's last day, with trend and exact people) through GraphQL over HTTP against the real
// server in a child process, side by side with the same answer computed by plain SQL over the raw
// events and by DuckDB over the same rows; fails unless all three agree on the whole top 50.
// Databases are loaded once per size and reused (bench/groups-query-data.ts).
// Run: npm run bench:groups   (BENCH_GROUPS_SIZES=1000000,10000000,30000000; BENCH_GROUPS_REQUESTS;
// BENCH_GROUPS_CONNECTIONS; BENCH_GROUPS_SECONDS; BENCH_GROUPS_SKIP_DUCKDB=1)
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { copyIntoDuckDb, duckDbTopGroups } from './duckdb-groups';
import { datasetParameters, ensureGroupsDataset, type GroupsDataset } from './groups-query-data';
import { rawTopGroups, type TopGroupRow, type TopGroupsQuestion } from './groups-query-reference';
import { machineDescription, percentile, postgresVersion, startServerProcess } from './support';

const sizes = (process.env.BENCH_GROUPS_SIZES ?? '1000000,10000000').split(',').map(Number);
const sequentialRequests = Number(process.env.BENCH_GROUPS_REQUESTS ?? 300);
const freshRequests = Number(process.env.BENCH_GROUPS_FRESH_REQUESTS ?? 200);
const connections = Number(process.env.BENCH_GROUPS_CONNECTIONS ?? 8);
const throughputSeconds = Number(process.env.BENCH_GROUPS_SECONDS ?? 15);
const referenceRuns = Number(process.env.BENCH_GROUPS_REFERENCE_RUNS ?? 3);
const skipDuckDb = Boolean(process.env.BENCH_GROUPS_SKIP_DUCKDB);
const port = 4900 + Math.floor(Math.random() * 90);
const log = (message: string) => process.stderr.write(`${message}\n`);

const groupsQuery = `
  query Groups($range: DateRangeInput!) {
    groups(groupType: "company", range: $range, first: 50, sort: { field: KEY_ACTIONS, direction: DESC }) {
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
  graphql: {
    p50: number;
    p95: number;
    p99: number;
    requests: number;
    requestsPerSecond: number;
    throughputP50: number;
    throughputP99: number;
    errors: number;
    freshP50: number;
    freshP95: number;
  };
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

async function measureGraphql(
  dataset: GroupsDataset,
  range: { from: string; to: string },
  ingestKey: string,
  load: number[],
) {
  const server = await startServerProcess(dataset.url, port);
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${dataset.secretKey}` };
    const body = JSON.stringify({ query: groupsQuery, variables: { range } });
    const ask = async () => {
      const response = await fetch(url, { method: 'POST', headers, body });
      if (!response.ok)
        throw new Error(`GraphQL answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return response.json();
    };
    const first = rowsOfGraphql(await ask());
    for (let index = 0; index < 30; index++) await ask();
    const latencies: number[] = [];
    for (let index = 0; index < sequentialRequests; index++) {
      const started = performance.now();
      await ask();
      latencies.push(performance.now() - started);
      if (index % 50 === 0) load.push(loadavg()[0]!);
    }
    latencies.sort((a, b) => a - b);

    // A live project: one new event (no group, so the top 50 stays the same) before each request
    // changes the data version, so every request computes its page afresh instead of from cache.
    const freshLatencies: number[] = [];
    for (let index = 0; index < freshRequests; index++) {
      const event = {
        event_type: 'Bench Fresh Data',
        user_id: 'bench-fresh-data',
        time: Date.now(),
        insert_id: `fresh-${Date.now()}-${index}`,
      };
      const ingest = await fetch(`http://127.0.0.1:${port}/2/httpapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: ingestKey, events: [event] }),
      });
      if (!ingest.ok) throw new Error(`ingest answered HTTP ${ingest.status}`);
      const started = performance.now();
      rowsOfGraphql(await ask());
      freshLatencies.push(performance.now() - started);
      if (index % 50 === 0) load.push(loadavg()[0]!);
    }
    freshLatencies.sort((a, b) => a - b);
    const throughput = await autocannon({
      url,
      method: 'POST',
      headers,
      body,
      connections,
      duration: throughputSeconds,
    });
    load.push(loadavg()[0]!);
    const graphql = {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      requests: sequentialRequests,
      requestsPerSecond: throughput.requests.average,
      throughputP50: throughput.latency.p50,
      throughputP99: throughput.latency.p99,
      errors: throughput.errors + throughput.non2xx,
      freshP50: percentile(freshLatencies, 0.5),
      freshP95: percentile(freshLatencies, 0.95),
    };
    return { rows: first, graphql };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

async function measureSize(events: number): Promise<SizeResult> {
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
console.log(`\nMachine: ${machineDescription()}, PostgreSQL ${version} on the same machine`);
console.log(
  `Date: ${new Date().toISOString()}; GraphQL: ${sequentialRequests} sequential requests after 30 warm-up; ${freshRequests} sequential requests each after one new event (cache miss); then autocannon ${connections} connections × ${throughputSeconds} s`,
);
console.log(
  '\n| events (stored) | users | groups | GraphQL p50 / p95 / p99 (repeated page) | GraphQL p50 / p95 after fresh data | GraphQL req/s (p50, p99 under load) | plain SQL (median) | DuckDB (median) | SQL ÷ GraphQL fresh p50 | DuckDB ÷ GraphQL fresh p50 | SQL ÷ DuckDB | load average |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const result of results) {
  const sql = median(result.sqlMilliseconds);
  const duck = result.duckDb ? median(result.duckDb.milliseconds) : NaN;
  const g = result.graphql;
  console.log(
    `| ${format(result.dataset.parameters.events)} (${format(result.dataset.storedEvents)}) | ${format(result.dataset.users)} | ${format(result.dataset.groups)} | ` +
      `${format(g.p50)} / ${format(g.p95)} / ${format(g.p99)} ms | ${format(g.freshP50)} / ${format(g.freshP95)} ms | ${format(g.requestsPerSecond)} (${g.throughputP50} ms, ${g.throughputP99} ms; errors ${g.errors}) | ` +
      `${format(sql)} ms | ${result.duckDb ? `${format(duck)} ms (copy ${format(result.duckDb.loadSeconds)} s, ${format(result.duckDb.rows)} rows)` : 'skipped'} | ` +
      `${format(sql / g.freshP50)}× | ${result.duckDb ? `${format(duck / g.freshP50)}×` : '–'} | ${result.duckDb ? `${format(sql / duck)}×` : '–'} | ` +
      `${Math.min(...result.load).toFixed(1)}–${Math.max(...result.load).toFixed(1)} |`,
  );
}
console.log(
  `\nAll three agree on the top 50 (group, key actions, events, active people, previous key actions, trend label) at every size.`,
);
