// Event segmentation benchmark: two charts through the real GraphQL endpoint of the server (a child
// process in production mode) on the Groups benchmark's datasets (10k accounts, ~300k people, 90
// days; bench/groups-query-data.ts loads each size once and reuses it), each answer compared with
// the same chart computed by DuckDB over the raw rows (events and their attributions) in the same
// run:
//   (a) daily active companies over 90 days, broken down by the group property `plan`;
//   (b) weekly uniques of one event type over 90 days, counted by companies.
//   (c) the same weekly uniques counted by people, which the rollups cannot answer (raw events).
// Headline: the first request for a chart right after a new event (one event of a company inside
// the range, sent through ingest before each round: nothing cached from an earlier answer can
// serve it, and the request waits for the fold of that event). The event is appended to DuckDB's
// copy too, so every round compares both answers in full. Then the same request again (the
// repeated line). Rounds alternate which engine goes first.
// Run: npm run bench:analysis   (BENCH_ANALYSIS_SIZES=1000000,10000000; BENCH_ANALYSIS_ROUNDS; BENCH_ANALYSIS_SKIP_RAW=1)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { BIGINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { copyIntoDuckDb } from './duckdb-groups';
import { datasetParameters, ensureGroupsDataset, type GroupsDataset } from './groups-query-data';
import { machineDescription, percentile, postgresVersion, startServerProcess } from './support';

const sizes = (process.env.BENCH_ANALYSIS_SIZES ?? '1000000,10000000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ANALYSIS_ROUNDS ?? 25);
/** BENCH_ANALYSIS_SKIP_RAW=1: only the charts answered from the rollups. */
const skipRaw = Boolean(process.env.BENCH_ANALYSIS_SKIP_RAW);
const port = 4990 + Math.floor(Math.random() * 9);
const log = (message: string) => process.stderr.write(`${message}\n`);
const dayMilliseconds = 86_400_000;
const eventTypeOfWeeklyChart = 'Report Created';
const breakdownLimit = 10;

const segmentationQuery = `
  query Segmentation($input: SegmentationInput!) {
    segmentation(input: $input) {
      buckets
      series { seriesIndex breakdown { kind value } points { bucket value } total }
    }
  }`;

interface Question {
  name: string;
  /** Fewer rounds for charts answered from the raw events (seconds each at 10M). */
  rounds?: number;
  input: Record<string, unknown>;
  duckDbSql(context: QuestionContext): string;
}

interface QuestionContext {
  groupTypeId: number;
  /** Epoch days (UTC: the bench project's zone) of the range, inclusive. */
  firstDay: number;
  lastDay: number;
}

/** One line per non-zero figure: "<label> <bucket or total> <value>", sorted: the compared form. */
type Answer = string[];

const isoDay = (epochDay: number) => new Date(epochDay * dayMilliseconds).toISOString().slice(0, 10);

function labelOf(kind: string, value: string | null): string {
  return kind === 'VALUE' ? `VALUE:${value}` : kind;
}

interface SegmentationAnswer {
  errors?: unknown[];
  data: {
    segmentation: {
      series: {
        breakdown: { kind: string; value: string | null } | null;
        points: { bucket: string; value: number }[];
        total: number;
      }[];
    };
  };
}

function answerOfGraphql(body: SegmentationAnswer): Answer {
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  const lines: string[] = [];
  for (const series of body.data.segmentation.series) {
    const label = series.breakdown ? labelOf(series.breakdown.kind, series.breakdown.value) : 'ALL';
    for (const point of series.points) if (point.value !== 0) lines.push(`${label} ${point.bucket} ${point.value}`);
    if (series.total !== 0) lines.push(`${label} total ${series.total}`);
  }
  return lines.sort();
}

/**
 * DuckDB's rows: (label kind, label value, bucket epoch day or NULL for the range, figure). Days
 * are UTC epoch days; a week starts on Monday (epoch day 0 was a Thursday).
 */
async function answerOfDuckDb(connection: DuckDBConnection, statement: string): Promise<Answer> {
  const reader = await connection.runAndReadAll(statement);
  const lines = reader.getRows().map(([kind, value, bucket, figure]) => {
    const label = labelOf(String(kind), value === null ? null : String(value));
    return `${label} ${bucket === null ? 'total' : isoDay(Number(bucket))} ${Number(figure)}`;
  });
  return lines.filter((line) => !line.endsWith(' 0')).sort();
}

const questions: Question[] = [
  {
    name: 'daily active companies by plan',
    input: {
      series: [{}],
      countedBy: 'GROUPS',
      groupType: 'company',
      measure: 'UNIQUES',
      interval: 'DAY',
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan', limit: breakdownLimit },
    },
    // Top values by distinct companies over the range, then attributed events, then value; the
    // rest OTHER, companies without a plan NONE.
    duckDbSql: ({ groupTypeId, firstDay, lastDay }) => `
      WITH attributed AS (
        SELECT eg.group_id, eg.time_ms // ${dayMilliseconds} AS day, p.plan
        FROM event_group eg JOIN group_plan p ON p.id = eg.group_id
        WHERE eg.group_type_id = ${groupTypeId}
          AND eg.time_ms >= ${firstDay * dayMilliseconds} AND eg.time_ms < ${(lastDay + 1) * dayMilliseconds}
      ),
      top_values AS (
        SELECT plan FROM attributed WHERE plan IS NOT NULL GROUP BY plan
        ORDER BY count(DISTINCT group_id) DESC, count(*) DESC, plan ASC LIMIT ${breakdownLimit}
      ),
      labelled AS (
        SELECT a.group_id, a.day,
          CASE WHEN a.plan IS NULL THEN 'NONE' WHEN t.plan IS NOT NULL THEN 'VALUE' ELSE 'OTHER' END AS kind,
          t.plan AS value
        FROM attributed a LEFT JOIN top_values t ON t.plan = a.plan
      )
      SELECT kind, value, day, count(DISTINCT group_id) FROM labelled GROUP BY GROUPING SETS ((kind, value, day), (kind, value))`,
  },
  {
    name: `weekly uniques of "${eventTypeOfWeeklyChart}"`,
    input: {
      series: [{ eventType: eventTypeOfWeeklyChart }],
      countedBy: 'GROUPS',
      groupType: 'company',
      measure: 'UNIQUES',
      interval: 'WEEK',
    },
    duckDbSql: ({ groupTypeId, firstDay, lastDay }) => `
      WITH attributed AS (
        SELECT eg.group_id, eg.time_ms // ${dayMilliseconds} AS day
        FROM event_group eg JOIN event e ON e.id = eg.event_id
        WHERE e.event_type = '${eventTypeOfWeeklyChart}' AND eg.group_type_id = ${groupTypeId}
          AND eg.time_ms >= ${firstDay * dayMilliseconds} AND eg.time_ms < ${(lastDay + 1) * dayMilliseconds}
      )
      SELECT 'ALL', NULL, week, count(DISTINCT group_id)
      FROM (SELECT group_id, day - (day + 3) % 7 AS week FROM attributed)
      GROUP BY GROUPING SETS ((week), ())`,
  },
  {
    // Not from the rollups (they count groups): the raw events, to show what that path costs.
    name: `weekly uniques of "${eventTypeOfWeeklyChart}" counted by people`,
    rounds: 3,
    input: {
      series: [{ eventType: eventTypeOfWeeklyChart }],
      countedBy: 'PEOPLE',
      measure: 'UNIQUES',
      interval: 'WEEK',
    },
    duckDbSql: ({ firstDay, lastDay }) => `
      WITH people AS (
        SELECT user_id, time_ms // ${dayMilliseconds} AS day FROM event
        WHERE event_type = '${eventTypeOfWeeklyChart}' AND user_id IS NOT NULL
          AND time_ms >= ${firstDay * dayMilliseconds} AND time_ms < ${(lastDay + 1) * dayMilliseconds}
      )
      SELECT 'ALL', NULL, week, count(DISTINCT user_id)
      FROM (SELECT user_id, day - (day + 3) % 7 AS week FROM people)
      GROUP BY GROUPING SETS ((week), ())`,
  },
];

function residentMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU time the process has used (user + system), in milliseconds (10 ms ticks). */
function cpuMilliseconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After the command: state is field 3, utime field 14 and stime field 15 (1-based).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface QuestionResult {
  name: string;
  /** The server's CPU time over all fresh requests (the fold of the new event included). */
  freshCpuMilliseconds: number;
  coldFirst: number;
  fresh: number[];
  repeated: number[];
  duckDb: number[];
}

interface SizeResult {
  dataset: GroupsDataset;
  range: { from: string; to: string };
  duckDbCopy: { seconds: number; rows: number };
  questions: QuestionResult[];
  residentMegabytes: number;
  load: number[];
}

/** Appends the rows PostgreSQL stored for one event to DuckDB's copy (ids and numbers only, plus an escaped type). */
async function appendEventToDuckDb(
  client: pg.Client,
  connection: DuckDBConnection,
  projectId: number,
  insertId: string,
) {
  const events = await client.query(
    `SELECT id::text, event_type, (extract(epoch FROM time) * 1000)::int8::text AS time_ms, user_id::text
     FROM event WHERE project_id = $1 AND insert_id = $2`,
    [projectId, insertId],
  );
  if (events.rows.length !== 1)
    throw new Error(`expected one stored event for ${insertId}, found ${events.rows.length}`);
  const event = events.rows[0];
  const text = (value: string) => `'${value.replaceAll("'", "''")}'`;
  await connection.run(
    `INSERT INTO event VALUES (${event.id}, ${text(event.event_type)}, ${event.time_ms}, ${event.user_id ?? 'NULL'})`,
  );
  const attributions = await client.query(
    `SELECT event_id::text, group_id::text, group_type_id::text, (extract(epoch FROM time) * 1000)::int8::text AS time_ms, user_id::text
     FROM event_group WHERE project_id = $1 AND event_id = $2`,
    [projectId, event.id],
  );
  for (const row of attributions.rows) {
    await connection.run(
      `INSERT INTO event_group VALUES (${row.event_id}, ${row.group_id}, ${row.group_type_id}, ${row.time_ms}, ${row.user_id ?? 'NULL'})`,
    );
  }
}

async function measureSize(events: number): Promise<SizeResult> {
  const dataset = await ensureGroupsDataset(datasetParameters(events));
  const client = new pg.Client({ connectionString: dataset.url });
  await client.connect();
  const load: number[] = [loadavg()[0]!];
  try {
    const project = (
      await client.query(
        `SELECT p.time_zone, p.ingest_key, t.id AS group_type_id FROM project p
         JOIN group_type t ON t.project_id = p.id AND t.name = 'company' WHERE p.id = $1`,
        [dataset.projectId],
      )
    ).rows[0];
    if (project.time_zone !== 'UTC') throw new Error('the bench project is expected in UTC');
    const lastDay = Math.floor(new Date(dataset.parameters.endDate).getTime() / dayMilliseconds);
    const firstDay = lastDay - 89;
    const range = { from: isoDay(firstDay), to: isoDay(lastDay) };
    const context: QuestionContext = { groupTypeId: Number(project.group_type_id), firstDay, lastDay };
    // Companies the new events go to: a spread of ids, so some rounds make a company active on a day it was not.
    const companies = (
      await client.query<{ value: string }>(
        `SELECT value FROM "group" WHERE project_id = $1 AND group_type_id = $2 ORDER BY id LIMIT 5000`,
        [dataset.projectId, context.groupTypeId],
      )
    ).rows.map((row) => row.value);

    log(
      `${events.toLocaleString('en-US')}: ${dataset.storedEvents.toLocaleString('en-US')} events; DuckDB: copying rows…`,
    );
    let lastMessage = 0;
    const copy = await copyIntoDuckDb(
      dataset.url,
      dataset.projectId,
      (message) => {
        if (Date.now() - lastMessage > 10_000) {
          lastMessage = Date.now();
          log(message);
        }
      },
      [
        {
          table: 'group_plan',
          createSql: 'CREATE TABLE group_plan (id BIGINT, plan VARCHAR)',
          types: [BIGINT, VARCHAR],
          readSql: `SELECT id, properties ->> 'plan' FROM "group" WHERE project_id = $1 AND id > $2 AND id <= $3`,
          maximumIdSql: 'SELECT coalesce(max(id), 0) AS maximum FROM "group" WHERE project_id = $1',
        },
      ],
    );
    load.push(loadavg()[0]!);
    const server = await startServerProcess(dataset.url, port);
    let resident = 0;
    const results: QuestionResult[] = [];
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${dataset.secretKey}` };
      let sent = 0;
      const sendEvent = async () => {
        const insertId = `analysis-bench-${Date.now()}-${sent}`;
        const event = {
          event_type: eventTypeOfWeeklyChart,
          user_id: `analysis-bench-${sent % 7}`,
          // Inside the range's last day (the generator's data ends at 23:59:59 of it).
          time: (lastDay + 1) * dayMilliseconds - 1000 * (1 + ((sent * 7919) % 80_000)),
          insert_id: insertId,
          groups: { company: companies[(sent * 104_729) % companies.length] },
        };
        sent += 1;
        const response = await fetch(`http://127.0.0.1:${port}/2/httpapi`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ api_key: project.ingest_key, events: [event] }),
        });
        if (!response.ok) throw new Error(`ingest answered HTTP ${response.status}: ${await response.text()}`);
        await appendEventToDuckDb(client, copy.connection, dataset.projectId, insertId);
      };
      for (const question of questions.filter((candidate) => !(skipRaw && candidate.rounds !== undefined))) {
        const body = JSON.stringify({ query: segmentationQuery, variables: { input: { ...question.input, range } } });
        const ask = async (): Promise<[number, Answer]> => {
          const started = performance.now();
          const response = await fetch(url, { method: 'POST', headers, body });
          if (!response.ok)
            throw new Error(`GraphQL answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
          const answer = answerOfGraphql(await response.json());
          return [performance.now() - started, answer];
        };
        const askDuckDb = async (): Promise<[number, Answer]> => {
          const started = performance.now();
          const answer = await answerOfDuckDb(copy.connection, question.duckDbSql(context));
          return [performance.now() - started, answer];
        };
        const result: QuestionResult = {
          name: question.name,
          freshCpuMilliseconds: 0,
          coldFirst: NaN,
          fresh: [],
          repeated: [],
          duckDb: [],
        };
        const [coldFirst, coldAnswer] = await ask();
        result.coldFirst = coldFirst;
        expectSame(question.name, 'cold', (await askDuckDb())[1], coldAnswer);
        for (let round = 0; round < (question.rounds ?? rounds); round++) {
          await sendEvent();
          let duckDbAnswer: Answer;
          let freshAnswer: Answer;
          if (round % 2 === 0) {
            const cpuBefore = cpuMilliseconds(server.pid!);
            const [freshTime, fresh] = await ask();
            result.freshCpuMilliseconds += cpuMilliseconds(server.pid!) - cpuBefore;
            const [duckDbTime, duck] = await askDuckDb();
            result.fresh.push(freshTime);
            result.duckDb.push(duckDbTime);
            [freshAnswer, duckDbAnswer] = [fresh, duck];
          } else {
            const [duckDbTime, duck] = await askDuckDb();
            const cpuBefore = cpuMilliseconds(server.pid!);
            const [freshTime, fresh] = await ask();
            result.freshCpuMilliseconds += cpuMilliseconds(server.pid!) - cpuBefore;
            result.fresh.push(freshTime);
            result.duckDb.push(duckDbTime);
            [freshAnswer, duckDbAnswer] = [fresh, duck];
          }
          const [repeatedTime, repeatedAnswer] = await ask();
          result.repeated.push(repeatedTime);
          expectSame(question.name, `round ${round + 1}`, duckDbAnswer, freshAnswer);
          expectSame(question.name, `round ${round + 1} (repeated)`, duckDbAnswer, repeatedAnswer);
          if (round % 5 === 0) {
            load.push(loadavg()[0]!);
            resident = Math.max(resident, residentMegabytes(server.pid!));
          }
        }
        log(
          `  ${question.name}: fresh p50 ${percentile(
            [...result.fresh].sort((a, b) => a - b),
            0.5,
          ).toFixed(1)} ms`,
        );
        results.push(result);
      }
      resident = Math.max(resident, residentMegabytes(server.pid!));
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      copy.close();
    }
    load.push(loadavg()[0]!);
    return {
      dataset,
      range,
      duckDbCopy: { seconds: copy.loadSeconds, rows: copy.rows },
      questions: results,
      residentMegabytes: resident,
      load,
    };
  } finally {
    await client.end();
  }
}

function expectSame(question: string, when: string, expected: Answer, actual: Answer): void {
  const missing = expected.filter((line) => !actual.includes(line));
  const extra = actual.filter((line) => !expected.includes(line));
  if (missing.length || extra.length || expected.length !== actual.length) {
    throw new Error(
      `${question}, ${when}: leadmaps and DuckDB disagree (${expected.length} vs ${actual.length} figures)\n` +
        `  only DuckDB: ${missing.slice(0, 8).join('; ')}\n  only leadmaps: ${extra.slice(0, 8).join('; ')}`,
    );
  }
}

const results: SizeResult[] = [];
for (const size of sizes) results.push(await measureSize(size));

const version = await postgresVersion(results[0]!.dataset.url);
const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 1 : 0 });
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
console.log(`\nMachine: ${machineDescription()}, PostgreSQL ${version} on the same machine`);
console.log(
  `Date: ${new Date().toISOString()}; ${rounds} rounds per chart, each: one new event of a company in the range, then leadmaps (GraphQL) and DuckDB alternately first, then the same GraphQL request again`,
);
console.log(
  '\n| events (stored) | chart | leadmaps first request after new event p50 / p95 | server CPU per first request (mean) | repeated request p50 / p95 | first request on a cold server | DuckDB p50 / p95 | DuckDB ÷ leadmaps (p50, fresh) | server RSS | load average |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const result of results) {
  for (const question of result.questions) {
    const fresh = sorted(question.fresh);
    const repeated = sorted(question.repeated);
    const duck = sorted(question.duckDb);
    console.log(
      `| ${format(result.dataset.parameters.events)} (${format(result.dataset.storedEvents)}) | ${question.name} | ` +
        `${format(percentile(fresh, 0.5))} / ${format(percentile(fresh, 0.95))} ms | ${format(question.freshCpuMilliseconds / fresh.length)} ms | ${format(percentile(repeated, 0.5))} / ${format(percentile(repeated, 0.95))} ms | ` +
        `${format(question.coldFirst)} ms | ${format(percentile(duck, 0.5))} / ${format(percentile(duck, 0.95))} ms | ` +
        `${format(percentile(duck, 0.5) / percentile(fresh, 0.5))}× | ${format(result.residentMegabytes)} MB | ` +
        `${Math.min(...result.load).toFixed(1)}–${Math.max(...result.load).toFixed(1)} |`,
    );
  }
  console.log(
    `\n${format(result.dataset.parameters.events)}: range ${result.range.from}..${result.range.to}; DuckDB copy ${format(result.duckDbCopy.seconds)} s, ${format(result.duckDbCopy.rows)} rows`,
  );
}
console.log('\nleadmaps and DuckDB agreed on every figure (each point and each total) in every round.');
