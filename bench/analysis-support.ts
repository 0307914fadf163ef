// Shared plumbing of the analysis benchmarks (bench/analysis-segmentation.ts, analysis-funnels.ts):
// one session per dataset size (the Groups benchmark's database, DuckDB's copy of its raw rows, the
// real server in production mode), one new event per round sent through ingest and appended to
// DuckDB's copy, the measured rounds (leadmaps and DuckDB alternately first, then the repeated
// request, every answer compared in full), and the server's memory and CPU from /proc.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import type { DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { copyIntoDuckDb, type DuckDbCopy, type TableCopy } from './duckdb-groups';
import { datasetParameters, ensureGroupsDataset, type GroupsDataset } from './groups-query-data';
import { percentile, startServerProcess } from './support';

export const dayMilliseconds = 86_400_000;
export const log = (message: string) => process.stderr.write(`${message}\n`);
export const isoDay = (epochDay: number) => new Date(epochDay * dayMilliseconds).toISOString().slice(0, 10);

/** One line per figure, sorted: the compared form of an answer. */
export type Answer = string[];

export function residentMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU time the process has used (user + system), in milliseconds (10 ms ticks). */
export function cpuMilliseconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After the command: state is field 3, utime field 14 and stime field 15 (1-based).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function expectSame(question: string, when: string, expected: Answer, actual: Answer): void {
  const missing = expected.filter((line) => !actual.includes(line));
  const extra = actual.filter((line) => !expected.includes(line));
  if (missing.length || extra.length || expected.length !== actual.length) {
    throw new Error(
      `${question}, ${when}: leadmaps and DuckDB disagree (${expected.length} vs ${actual.length} figures)\n` +
        `  only DuckDB: ${missing.slice(0, 8).join('; ')}\n  only leadmaps: ${extra.slice(0, 8).join('; ')}`,
    );
  }
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

export interface BenchSession {
  dataset: GroupsDataset;
  client: pg.Client;
  groupTypeId: number;
  /** Epoch days (UTC: the bench project's zone) of the data's 90 days, inclusive. */
  firstDay: number;
  lastDay: number;
  copy: DuckDbCopy;
  server: ChildProcess;
  graphqlUrl: string;
  graphqlHeaders: Record<string, string>;
  /** Load average samples (1 minute) taken along the run. */
  load: number[];
  /** Sends one event of a company (a spread of 5,000) through ingest and appends its rows to DuckDB's copy. */
  sendEvent(eventType: string, timeMilliseconds: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens (or loads) the dataset of a size, copies its raw rows into DuckDB and starts the server. */
export async function openBenchSession(
  events: number,
  port: number,
  extraCopies: TableCopy[] = [],
): Promise<BenchSession> {
  const dataset = await ensureGroupsDataset(datasetParameters(events));
  const client = new pg.Client({ connectionString: dataset.url });
  await client.connect();
  const load: number[] = [loadavg()[0]!];
  const project = (
    await client.query(
      `SELECT p.time_zone, p.ingest_key, t.id AS group_type_id FROM project p
       JOIN group_type t ON t.project_id = p.id AND t.name = 'company' WHERE p.id = $1`,
      [dataset.projectId],
    )
  ).rows[0];
  if (project.time_zone !== 'UTC') throw new Error('the bench project is expected in UTC');
  const groupTypeId = Number(project.group_type_id);
  const lastDay = Math.floor(new Date(dataset.parameters.endDate).getTime() / dayMilliseconds);
  // Companies the new events go to: a spread of ids, so some rounds change a company's figures.
  const companies = (
    await client.query<{ value: string }>(
      `SELECT value FROM "group" WHERE project_id = $1 AND group_type_id = $2 ORDER BY id LIMIT 5000`,
      [dataset.projectId, groupTypeId],
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
    extraCopies,
  );
  load.push(loadavg()[0]!);
  const server = await startServerProcess(dataset.url, port);
  let sent = 0;
  return {
    dataset,
    client,
    groupTypeId,
    firstDay: lastDay - 89,
    lastDay,
    copy,
    server,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    graphqlHeaders: { 'content-type': 'application/json', authorization: `Bearer ${dataset.secretKey}` },
    load,
    async sendEvent(eventType, timeMilliseconds) {
      const insertId = `analysis-bench-${Date.now()}-${sent}`;
      const event = {
        event_type: eventType,
        user_id: `analysis-bench-${sent % 7}`,
        time: timeMilliseconds,
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
    },
    async close() {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      copy.close();
      load.push(loadavg()[0]!);
      await client.end();
    },
  };
}

/** Posts one GraphQL request; returns its time (ms) and parsed body (errors are thrown). */
export async function askGraphql<T>(session: BenchSession, body: string): Promise<[number, T]> {
  const started = performance.now();
  const response = await fetch(session.graphqlUrl, { method: 'POST', headers: session.graphqlHeaders, body });
  if (!response.ok)
    throw new Error(`GraphQL answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const parsed = (await response.json()) as { errors?: unknown[]; data: T };
  if (parsed.errors) throw new Error(`GraphQL errors: ${JSON.stringify(parsed.errors).slice(0, 500)}`);
  return [performance.now() - started, parsed.data];
}

export interface QuestionResult {
  name: string;
  /** The server's CPU time over all fresh requests (the fold of the new event included). */
  freshCpuMilliseconds: number;
  coldFirst: number;
  fresh: number[];
  repeated: number[];
  duckDb: number[];
  residentMegabytes: number;
}

/**
 * The rounds of one question: a cold first request (compared), then per round one new event, the
 * first request after it and DuckDB's answer (alternately first), then the same request again;
 * every answer compared with DuckDB's of the same round. `variant` numbers the form of the
 * question each request asks: 0 for the cold request, round r's variant r + 1 (its repeated request
 * asks the same variant again), so a bench can ask a question never asked before in each round.
 */
export async function measureRounds(
  session: BenchSession,
  question: {
    name: string;
    rounds: number;
    ask(variant: number): Promise<[number, Answer]>;
    askDuckDb(variant: number): Promise<Answer>;
    /** Sends the round's new event. */
    newEvent(round: number): Promise<void>;
  },
): Promise<QuestionResult> {
  const pid = session.server.pid!;
  const askDuckDb = async (variant: number): Promise<[number, Answer]> => {
    const started = performance.now();
    const answer = await question.askDuckDb(variant);
    return [performance.now() - started, answer];
  };
  const result: QuestionResult = {
    name: question.name,
    freshCpuMilliseconds: 0,
    coldFirst: NaN,
    fresh: [],
    repeated: [],
    duckDb: [],
    residentMegabytes: 0,
  };
  const [coldFirst, coldAnswer] = await question.ask(0);
  result.coldFirst = coldFirst;
  expectSame(question.name, 'cold', (await askDuckDb(0))[1], coldAnswer);
  const askFresh = async (variant: number): Promise<[number, Answer]> => {
    const cpuBefore = cpuMilliseconds(pid);
    const answer = await question.ask(variant);
    result.freshCpuMilliseconds += cpuMilliseconds(pid) - cpuBefore;
    return answer;
  };
  for (let round = 0; round < question.rounds; round++) {
    await question.newEvent(round);
    const variant = round + 1;
    let fresh: [number, Answer];
    let duck: [number, Answer];
    if (round % 2 === 0) {
      fresh = await askFresh(variant);
      duck = await askDuckDb(variant);
    } else {
      duck = await askDuckDb(variant);
      fresh = await askFresh(variant);
    }
    result.fresh.push(fresh[0]);
    result.duckDb.push(duck[0]);
    const [repeatedTime, repeatedAnswer] = await question.ask(variant);
    result.repeated.push(repeatedTime);
    expectSame(question.name, `round ${round + 1}`, duck[1], fresh[1]);
    expectSame(question.name, `round ${round + 1} (repeated)`, duck[1], repeatedAnswer);
    if (round % 5 === 0) {
      session.load.push(loadavg()[0]!);
      result.residentMegabytes = Math.max(result.residentMegabytes, residentMegabytes(pid));
    }
  }
  result.residentMegabytes = Math.max(result.residentMegabytes, residentMegabytes(pid));
  log(
    `  ${question.name}: fresh p50 ${percentile(sorted(result.fresh), 0.5).toFixed(1)} ms, DuckDB p50 ${percentile(sorted(result.duckDb), 0.5).toFixed(1)} ms`,
  );
  return result;
}

export const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
export const formatNumber = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 1 : 0 });

/** One Markdown table row per question: the columns every analysis benchmark reports. */
export const resultTableHeader =
  '| events (stored) | chart | leadmaps first request after new event p50 / p95 | server CPU per first request (mean) | repeated request p50 / p95 | first request on a cold server | DuckDB p50 / p95 | DuckDB ÷ leadmaps (p50, fresh) | server RSS | load average |\n|---|---|---|---|---|---|---|---|---|---|';

export function resultTableRow(dataset: GroupsDataset, question: QuestionResult, load: number[]): string {
  const format = formatNumber;
  const fresh = sorted(question.fresh);
  const repeated = sorted(question.repeated);
  const duck = sorted(question.duckDb);
  return (
    `| ${format(dataset.parameters.events)} (${format(dataset.storedEvents)}) | ${question.name} | ` +
    `${format(percentile(fresh, 0.5))} / ${format(percentile(fresh, 0.95))} ms | ${format(question.freshCpuMilliseconds / fresh.length)} ms | ${format(percentile(repeated, 0.5))} / ${format(percentile(repeated, 0.95))} ms | ` +
    `${format(question.coldFirst)} ms | ${format(percentile(duck, 0.5))} / ${format(percentile(duck, 0.95))} ms | ` +
    `${format(percentile(duck, 0.5) / percentile(fresh, 0.5))}× | ${format(question.residentMegabytes)} MB | ` +
    `${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} |`
  );
}
