// Ingest benchmark: end-to-end HTTP ingest of 1000-event Amplitude batches into local PostgreSQL
// (each acknowledged only after commit, with dedup; rollups folded in right behind, and the clock
// stops only once they hold every event), side by side with a plain batched INSERT of the same
// rows (the ceiling); then single-event requests per second.
// Run: npm run bench:ingest  (BENCH_EVENTS, BENCH_CONCURRENCY, BENCH_SINGLE_REQUESTS to resize)
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../apps/api/src/database/database';
import { generateEventBatches } from '../apps/api/src/modules/demo/generator/generate-events';
import { ProjectRepository } from '../apps/api/src/modules/projects/project.repository';
import { ProjectService } from '../apps/api/src/modules/projects/project.service';
import { createBenchDatabase, machineDescription, percentile, postgresVersion, startServerProcess } from './support';

const totalEvents = Number(process.env.BENCH_EVENTS ?? 300_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
const singleRequests = Number(process.env.BENCH_SINGLE_REQUESTS ?? 20_000);
const port = 4700 + Math.floor(Math.random() * 200);

const database = await createBenchDatabase('ingest');

/** Events committed but not yet in the rollups. */
async function queuedEvents(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ events: number }>(
      'SELECT COALESCE(sum(events), 0)::int AS events FROM rollup_queue',
    );
    return rows[0]!.events;
  } finally {
    await client.end();
  }
}
const setup = await openDatabase({ kind: 'server', url: database.url });
const { project } = await new ProjectService(new ProjectRepository(setup.sql)).createProject({
  name: 'Bench',
  keyActions: ['Report Created', 'Dashboard Shared', 'Query Run'],
});
await setup.close();

console.log(`Generating ${totalEvents.toLocaleString()} events…`);
const bodies: string[] = [];
const batches: Record<string, unknown>[][] = [];
let generated = 0;
for (const batch of generateEventBatches({
  seed: 7,
  accounts: Math.max(100, Math.round(totalEvents / 150)),
  events: totalEvents,
  days: 90,
  batchSize: 1000,
})) {
  batches.push(batch as unknown as Record<string, unknown>[]);
  bodies.push(JSON.stringify({ api_key: project.ingestKey, events: batch }));
  generated += batch.length;
}
console.log(`${generated.toLocaleString()} events in ${bodies.length} batches`);

const server = await startServerProcess(database.url, port);
try {
  // 1. HTTP ingest, `concurrency` requests in flight; then until the rollups hold every event.
  const latencies: number[] = [];
  let next = 0;
  let acknowledged = 0;
  const started = performance.now();
  // Throughput per interval, to show whether the rate holds as the tables grow.
  const intervalSeconds = 5;
  const intervals: number[] = [];
  let acknowledgedAtLastInterval = 0;
  const intervalTimer = setInterval(() => {
    intervals.push(Math.round((acknowledged - acknowledgedAtLastInterval) / intervalSeconds));
    acknowledgedAtLastInterval = acknowledged;
  }, intervalSeconds * 1000);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < bodies.length; index = next++) {
        const sent = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodies[index],
        });
        const body = (await response.json()) as { code: number };
        if (body.code !== 200) throw new Error(`batch ${index} answered ${JSON.stringify(body).slice(0, 300)}`);
        latencies.push(performance.now() - sent);
        acknowledged += batches[index]!.length;
      }
    }),
  );
  clearInterval(intervalTimer);
  const ingestSeconds = (performance.now() - started) / 1000;
  const ingestRate = generated / ingestSeconds;
  latencies.sort((a, b) => a - b);
  const queuedAtLastAcknowledgement = await queuedEvents(database.url);
  while ((await queuedEvents(database.url)) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const foldedSeconds = (performance.now() - started) / 1000;
  const foldedRate = generated / foldedSeconds;

  // 2. The ceiling: the same event rows, plain batched INSERTs (no dedup, no people, no groups, no rollups).
  const pool = new pg.Pool({ connectionString: database.url, max: concurrency });
  await pool.query('CREATE TABLE plain_event (LIKE event INCLUDING DEFAULTS INCLUDING INDEXES)');
  const plainBatches = batches.map((batch) =>
    JSON.stringify(
      batch
        .filter((event) => !String(event.event_type).startsWith('$'))
        .map((event) => ({
          event_type: event.event_type,
          time: new Date(event.time as number).toISOString(),
          insert_id: event.insert_id,
          session_id: event.session_id ?? null,
          properties: event.event_properties ?? {},
          groups: event.groups ?? {},
        })),
    ),
  );
  let plainRows = 0;
  let plainNext = 0;
  const plainStarted = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = plainNext++; index < plainBatches.length; index = plainNext++) {
        const result = await pool.query(
          `INSERT INTO plain_event (project_id, event_type, time, insert_id, session_id, properties, groups)
           SELECT $1, event_type, time, insert_id, session_id, properties, groups
           FROM jsonb_to_recordset($2::jsonb) AS x(event_type text, time timestamptz, insert_id text, session_id bigint, properties jsonb, groups jsonb)`,
          [project.id, plainBatches[index]],
        );
        plainRows += result.rowCount ?? 0;
      }
    }),
  );
  const plainSeconds = (performance.now() - plainStarted) / 1000;
  const plainRate = generated / plainSeconds;
  await pool.end();

  // 3. Single-event requests (as from many small clients), each with its own insert id.
  let requestNumber = 0;
  const single = await autocannon({
    url: `http://127.0.0.1:${port}/2/httpapi`,
    connections: 32,
    amount: singleRequests,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          requestNumber++;
          return {
            ...request,
            body: JSON.stringify({
              api_key: project.ingestKey,
              events: [
                {
                  event_type: 'Report Created',
                  user_id: `single-user-${requestNumber % 5000}`,
                  insert_id: `single-${requestNumber}`,
                  time: Date.now(),
                  groups: { company: `single-co-${requestNumber % 500}` },
                },
              ],
            }),
          };
        },
      },
    ],
  });

  const lines = [
    `Machine: ${machineDescription()}, PostgreSQL ${await postgresVersion(database.url)} on the same machine`,
    `Date: ${new Date().toISOString().slice(0, 10)}`,
    `Batch ingest over HTTP (/batch, 1000-event batches, ${concurrency} in flight, commit before ack, dedup): ${generated.toLocaleString()} events (${plainRows.toLocaleString()} stored events + identify/groupidentify calls) acknowledged in ${ingestSeconds.toFixed(1)} s = ${Math.round(ingestRate).toLocaleString()} events/s; per batch p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms`,
    `Acknowledged per ${intervalSeconds} s interval (events/s): ${intervals.map((rate) => rate.toLocaleString()).join(', ')}`,
    `All in the rollups (end to end): ${foldedSeconds.toFixed(1)} s = ${Math.round(foldedRate).toLocaleString()} events/s (${queuedAtLastAcknowledgement.toLocaleString()} events still queued at the last acknowledgement)`,
    `Plain batched INSERT of the same event rows (ceiling): ${plainSeconds.toFixed(1)} s = ${Math.round(plainRate).toLocaleString()} events/s`,
    `Ratio leadmaps (end to end) / plain INSERT: ${(foldedRate / plainRate).toFixed(2)}`,
    `Single-event requests (32 connections, ${singleRequests.toLocaleString()} requests): ${Math.round(single.requests.average).toLocaleString()} req/s average; latency p50 ${single.latency.p50} ms, p99 ${single.latency.p99} ms; errors ${single.errors}, non-2xx ${single.non2xx}`,
  ];
  console.log(`\n${lines.join('\n')}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.drop();
}
