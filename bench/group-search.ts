// Account lookup by property history: `groupSearch(query: "name = value")` and the Groups list
// filtered the same way, through GraphQL over HTTP against the real server in a child process, on
// 10k accounts of a project whose group properties use 1,000 keys, each account holding a sample
// of them with long histories. Checks every answer's count against plain SQL written here (no
// index expressions, no shared code) and prints the plan of the search statement.
// Run: npm run bench:group-search   (BENCH_SEARCH_ACCOUNTS=10000, BENCH_SEARCH_KEYS_PER_ACCOUNT=40,
// BENCH_SEARCH_LONGEST_HISTORY=24, BENCH_SEARCH_REQUESTS=200; BENCH_KEEP_DATABASE=1 keeps it)
import { loadavg } from 'node:os';
import pg from 'pg';
import { residentMegabytes } from './analysis-support';
import { openDataEnvironment } from './load-data';
import { createBenchDatabase, machineDescription, percentile, postgresVersion, startServerProcess } from './support';

const accounts = Number(process.env.BENCH_SEARCH_ACCOUNTS ?? 10_000);
const projectKeys = 1_000;
const keysPerAccount = Number(process.env.BENCH_SEARCH_KEYS_PER_ACCOUNT ?? 40);
const longestHistory = Number(process.env.BENCH_SEARCH_LONGEST_HISTORY ?? 24);
const requests = Number(process.env.BENCH_SEARCH_REQUESTS ?? 200);
const port = 4800 + Math.floor(Math.random() * 90);
const log = (message: string) => process.stderr.write(`${message}\n`);

const plans = ['trial', 'starter', 'growth', 'enterprise', 'enterprise plus'];
const managers = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra'];

/** The searches measured, each with the plain-SQL count of the groups it must find. */
const searches: { label: string; query: string; key: string | null; value: string | null }[] = [
  {
    label: 'common value, ever held (plan = enterprise)',
    query: 'plan = enterprise',
    key: 'plan',
    value: 'enterprise',
  },
  {
    label: 'quoted name and value',
    query: '"account manager" = "Ada Lovelace"',
    key: 'account manager',
    value: 'Ada Lovelace',
  },
  { label: 'no match', query: 'plan = platinum', key: 'plan', value: 'platinum' },
  { label: 'plain text (name search)', query: 'company 12', key: null, value: null },
];

async function loadDataset(url: string, projectId: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    await client.query(`INSERT INTO group_type (project_id, id, name) VALUES ($1, 0, 'company')`, [projectId]);
    // Last events spread over 400 days: about 45% of the accounts were active in the last six months.
    await client.query(
      `INSERT INTO "group" (project_id, group_type_id, value, properties, search_name, first_seen, last_seen)
       SELECT $1::int, 0, 'company-' || n, jsonb_build_object('name', 'Company ' || n), 'company ' || n,
         now() - interval '900 days', now() - ((n * 7919) % 400) * interval '1 day' - (n % 1440) * interval '1 minute'
       FROM generate_series(1, $2::int) n`,
      [projectId, accounts],
    );
    await client.query(
      `INSERT INTO group_property_key (project_id, key)
       SELECT $1::int, 'key_' || k FROM generate_series(0, ${projectKeys - 3}) k
       UNION ALL SELECT $1::int, 'plan' UNION ALL SELECT $1::int, 'account manager'`,
      [projectId],
    );
    // Per account: plan, account manager and keysPerAccount - 2 of the other keys (97 is prime to
    // 1,000, so they are distinct), each with 1..longestHistory changes, one a month back in time.
    await client.query(
      `INSERT INTO group_property_change (project_id, group_id, key, value, operation, source, changed_at)
       SELECT $1::int, g.id, k.key, v.value, 'set', 'identify', g.last_seen - h.step * interval '30 days'
       FROM "group" g
       CROSS JOIN LATERAL (
         SELECT j, CASE j WHEN 0 THEN 'plan' WHEN 1 THEN 'account manager' ELSE 'key_' || ((g.id * 31 + j * 97) % ${projectKeys - 2}) END AS key
         FROM generate_series(0, $2::int - 1) j
       ) k
       CROSS JOIN LATERAL generate_series(0, (g.id * 13 + k.j * 7) % $3::int) h(step)
       CROSS JOIN LATERAL (SELECT CASE
         WHEN k.j = 0 THEN to_jsonb(($4::text[])[1 + (g.id + h.step) % 5])
         WHEN k.j = 1 THEN to_jsonb(($5::text[])[1 + (g.id * 3 + h.step) % 4])
         WHEN k.j % 3 = 0 THEN to_jsonb((g.id * (h.step + 1) * 7) % 10000)
         ELSE to_jsonb('v' || ((g.id * 7 + h.step * 11 + k.j) % 5000)) END AS value) v
       WHERE g.project_id = $1`,
      [projectId, keysPerAccount, longestHistory, plans, managers],
    );
    // What ingest writes with each change (groups/group-property.repository.ts), as the migration fills it.
    await client.query(
      `INSERT INTO group_property_value (project_id, key, value, group_id)
       SELECT DISTINCT project_id, left(lower(key), 100), left(lower(jsonb_extract_path_text(value, VARIADIC ARRAY[]::text[])), 100), group_id
       FROM group_property_change WHERE project_id = $1 AND value IS NOT NULL AND jsonb_typeof(value) <> 'null'`,
      [projectId],
    );
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

/** Groups whose property ever held the value, among those active since six months ago: plain SQL. */
async function expectedCount(client: pg.Client, projectId: number, key: string, value: string): Promise<number> {
  const { rows } = await client.query<{ count: string }>(
    `SELECT count(*) FROM "group" g
     WHERE g.project_id = $1 AND g.last_seen >= now() - interval '6 months'
       AND EXISTS (SELECT 1 FROM group_property_change c
                   WHERE c.project_id = $1 AND c.group_id = g.id AND upper(c.key) = upper($2)
                     AND (c.value = to_jsonb($3::text) OR upper(c.value::text) = upper(to_jsonb($3::text)::text)
                          OR c.value::text = $3))`,
    [projectId, key, value],
  );
  return Number(rows[0]!.count);
}

/**
 * The groupSearch statement before and after it found the matching groups once, timed alternately
 * on one connection. The previous form is kept here as text (it is no longer in the server).
 */
async function compareStatements(client: pg.Client, projectId: number) {
  const condition = `g.id IN (SELECT v.group_id FROM group_property_value v
      WHERE v.project_id = $1 AND v.key = left(lower($2::text), 100) AND v.value = left(lower($3::text), 100))
    AND g.last_seen >= now() - interval '6 months'`;
  const columns = `g.id, g.group_type_id, t.name, t.name_property, g.value, g.properties, g.first_seen, g.last_seen`;
  const previous = `SELECT ${columns},
      (SELECT count(*) FROM "group" g WHERE g.project_id = $1 AND g.group_type_id = 0 AND ${condition})::int AS total
    FROM "group" g JOIN group_type t ON t.project_id = $1 AND t.id = g.group_type_id
    WHERE g.project_id = $1 AND g.group_type_id = 0 AND ${condition}
    ORDER BY g.last_seen DESC, g.id DESC LIMIT 51`;
  const current = `WITH matching AS MATERIALIZED (
      SELECT g.id, g.last_seen FROM "group" g WHERE g.project_id = $1 AND g.group_type_id = 0 AND ${condition}),
    page AS (SELECT m.id FROM matching m ORDER BY m.last_seen DESC, m.id DESC LIMIT 51)
    SELECT ${columns}, (SELECT count(*) FROM matching)::int AS total
    FROM page JOIN "group" g ON g.project_id = $1 AND g.id = page.id
    JOIN group_type t ON t.project_id = $1 AND t.id = g.group_type_id
    ORDER BY g.last_seen DESC, g.id DESC`;
  const results: { query: string; previous: number; current: number }[] = [];
  for (const [property, value] of [
    ['plan', 'enterprise'],
    ['account manager', 'Ada Lovelace'],
  ] as const) {
    const times = { previous: [] as number[], current: [] as number[] };
    let totals: number[] = [];
    for (let round = 0; round < 45; round++) {
      for (const form of round % 2 ? (['current', 'previous'] as const) : (['previous', 'current'] as const)) {
        const started = performance.now();
        const { rows } = await client.query<{ total: number }>(form === 'previous' ? previous : current, [
          projectId,
          property,
          value,
        ]);
        if (round >= 5) times[form].push(performance.now() - started);
        totals.push(rows[0]?.total ?? 0);
      }
      if (new Set(totals).size !== 1) throw new Error(`the two forms count differently: ${totals.join(', ')}`);
      totals = [];
    }
    for (const list of Object.values(times)) list.sort((left, right) => left - right);
    results.push({
      query: `${property} = ${value}`,
      previous: percentile(times.previous, 0.5),
      current: percentile(times.current, 0.5),
    });
  }
  return results;
}

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers, read field by field below.
async function timeQuery(url: string, secretKey: string, body: object): Promise<{ ms: number; json: any }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  return { ms: performance.now() - started, json };
}

const searchDocument = `query ($query: String!) { groupSearch(groupType: "company", query: $query, first: 50) {
  totalCount edges { node { value name lastSeen } } pageInfo { hasNextPage endCursor } } }`;
const listDocument = `query ($query: String!, $first: Int) { groups(groupType: "company", filter: { search: $query }, first: $first) {
  totalCount edges { node { value name keyActions lastSeen } } } }`;

async function main() {
  const database = await createBenchDatabase('group_search');
  const environment = await openDataEnvironment({ database: { kind: 'server', url: database.url } });
  let server: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  try {
    const { project, secretKey } = await environment.services.projects.createProject({ name: 'bench group search' });
    await environment.close();
    log(`loading ${accounts} accounts × ${keysPerAccount} of ${projectKeys} keys, histories of 1..${longestHistory}…`);
    const loadSeconds = await loadDataset(database.url, project.id);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows: sizeRows } = await client.query<{ changes: string; table: string; index: string }>(
      `SELECT (SELECT count(*) FROM group_property_change WHERE project_id = $1) AS changes,
        pg_size_pretty(pg_total_relation_size('group_property_change')) AS table,
        pg_size_pretty(pg_total_relation_size('group_property_value')) AS index`,
      [project.id],
    );
    log(`loaded in ${loadSeconds.toFixed(0)} s: ${Number(sizeRows[0]!.changes).toLocaleString('en-US')} changes`);

    server = await startServerProcess(database.url, port);
    const url = `http://127.0.0.1:${port}/graphql`;
    const results: {
      label: string;
      query: string;
      kind: string;
      first: number;
      p50: number;
      p95: number;
      count: number;
    }[] = [];
    let residentPeak = 0;
    // A text and a number that a handful of accounts held, picked from the data (plain SQL).
    for (const [label, pattern] of [
      ['rare text value of one of 1,000 keys', '^v'],
      ['rare number, as text', '^[0-9]+$'],
    ]) {
      const { rows } = await client.query<{ key: string; value: string }>(
        `SELECT c.key, c.value #>> '{}' AS value FROM group_property_change c
         WHERE c.project_id = $1 AND c.key LIKE 'key%' AND (c.value #>> '{}') ~ $2
         GROUP BY 1, 2 HAVING count(DISTINCT c.group_id) BETWEEN 3 AND 20 ORDER BY 1, 2 LIMIT 1`,
        [project.id, pattern],
      );
      const picked = rows[0];
      if (picked)
        searches.splice(2, 0, { label, query: `${picked.key}=${picked.value}`, key: picked.key, value: picked.value });
    }
    for (const search of searches) {
      const expected = search.key ? await expectedCount(client, project.id, search.key, search.value!) : null;
      for (const [kind, document] of [
        ['groupSearch', searchDocument],
        ['groups (list filter)', listDocument],
      ] as const) {
        const times: number[] = [];
        let first = Number.NaN;
        let count = -1;
        for (let attempt = 0; attempt < requests + 20; attempt++) {
          // The Groups list answers a repeated read from memory for seconds: each of its requests
          // asks for another page size (50 down to 1), so none is served from the cache.
          const { ms, json } = await timeQuery(url, secretKey, {
            query: document,
            variables: { query: search.query, first: 50 - (attempt % 50) },
          });
          if (json.errors) throw new Error(`${search.query}: ${JSON.stringify(json.errors)}`);
          count = (kind === 'groupSearch' ? json.data.groupSearch : json.data.groups).totalCount;
          if (attempt === 0) first = ms;
          if (attempt >= 20) times.push(ms);
          if (kind !== 'groupSearch' && attempt >= 20 + 30) break;
        }
        if (expected !== null && count !== expected) {
          throw new Error(`${kind} "${search.query}" found ${count} groups; plain SQL says ${expected}`);
        }
        times.sort((left, right) => left - right);
        residentPeak = Math.max(residentPeak, residentMegabytes(server.pid!));
        results.push({
          label: search.label,
          query: search.query,
          kind,
          first,
          p50: percentile(times, 0.5),
          p95: percentile(times, 0.95),
          count,
        });
        log(`${kind} ${search.query}: p50 ${percentile(times, 0.5).toFixed(1)} ms, ${count} groups`);
      }
    }
    const statements = await compareStatements(client, project.id);
    const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
       SELECT count(*) FROM "group" g WHERE g.project_id = $1 AND g.group_type_id = 0 AND g.id IN (
         SELECT v.group_id FROM group_property_value v
         WHERE v.project_id = $1 AND v.key = left(lower('plan'), 100) AND v.value = left(lower('enterprise'), 100))
         AND g.last_seen >= now() - interval '6 months'`,
      [project.id],
    );
    await client.end();

    const { rows: autovacuum } = await (async () => {
      const settings = new pg.Client({ connectionString: database.url });
      await settings.connect();
      try {
        return await settings.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'autovacuum'`);
      } finally {
        await settings.end();
      }
    })();
    console.log(`\nMachine: ${machineDescription()}, PostgreSQL ${await postgresVersion(database.url)}`);
    console.log(
      `Date: ${new Date().toISOString()}, load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
    console.log(`autovacuum: ${autovacuum[0]?.setting}`);
    console.log(
      `Data: ${accounts} accounts, ${projectKeys} keys in the project, ${keysPerAccount} per account, histories of 1..${longestHistory} changes: ${Number(sizeRows[0]!.changes).toLocaleString('en-US')} changes (table ${sizeRows[0]!.table}; group_property_value with its index ${sizeRows[0]!.index}); loaded in ${loadSeconds.toFixed(0)} s`,
    );
    console.log(`Server resident memory (largest sample, after each search): ${residentPeak.toFixed(0)} MB`);
    console.log(
      '\n| search | query | field | groups found | first request ms | p50 ms | p95 ms |\n|---|---|---|---:|---:|---:|---:|',
    );
    for (const result of results) {
      console.log(
        `| ${result.label} | \`${result.query}\` | ${result.kind} | ${result.count} | ${result.first.toFixed(1)} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} |`,
      );
    }
    console.log(
      '\n`groupSearch` statement alone (first 51, with its count), previous form (the join run for the page and again for the count) and current form (matching groups found once), alternately, 40 rounds each:\n',
    );
    console.log('| query | previous p50 ms | current p50 ms | ratio |\n|---|---:|---:|---:|');
    for (const row of statements) {
      console.log(
        `| \`${row.query}\` | ${row.previous.toFixed(1)} | ${row.current.toFixed(1)} | ${(row.previous / row.current).toFixed(2)} |`,
      );
    }
    console.log('\nPlan of the search condition (plan = enterprise, count):\n');
    for (const line of plan) console.log(`    ${line['QUERY PLAN']}`);
  } finally {
    server?.kill('SIGTERM');
    await database.drop();
  }
}

await main();
