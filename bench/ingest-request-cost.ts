// What one small ingest request costs the server: CPU time of the server process per request
// (read from /proc, so it holds up on a busy machine better than requests per second do), and
// requests per second, for single-event Amplitude (/2/httpapi) and Segment (/v1/track) requests.
// Run it from two checkouts alternately to compare code (issue 12 compared before and after the
// hardening of the ingest edge). Run: npm run bench:ingest:request-cost  (BENCH_REQUESTS to resize)
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { openDatabase } from '../apps/api/src/database/database';
import { ProjectRepository } from '../apps/api/src/modules/projects/project.repository';
import { ProjectService } from '../apps/api/src/modules/projects/project.service';
import { createBenchDatabase, machineDescription, startServerProcess } from './support';

const requests = Number(process.env.BENCH_REQUESTS ?? 10_000);
const port = 4900 + Math.floor(Math.random() * 90);
const database = await createBenchDatabase('request_cost');
const setup = await openDatabase({ kind: 'server', url: database.url });
const { project } = await new ProjectService(new ProjectRepository(setup.sql)).createProject({ name: 'Request cost' });
await setup.close();
const server = await startServerProcess(database.url, port);

/** User plus system CPU seconds the process has used (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(label: string, path: string, body: (index: number) => unknown, headers: Record<string, string>) {
  let index = 0;
  const cpuBefore = cpuSeconds(server.pid!);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: 16,
    amount: requests,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(body(index++)) }),
      },
    ],
  });
  const cpu = cpuSeconds(server.pid!) - cpuBefore;
  const answered = result.requests.total;
  console.log(
    `${label}: ${answered} requests, ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ` +
      `server CPU ${((cpu * 1e6) / answered).toFixed(0)} µs per request, non-2xx ${result.non2xx}`,
  );
}

const time = Date.now();
console.log(`Machine: ${machineDescription()}; ${new Date().toISOString().slice(0, 10)}; ${process.cwd()}`);
try {
  // A warm-up so both runs measure a JIT-compiled server with its caches filled.
  await measure(
    'warm-up',
    '/2/httpapi',
    (n) => ({ api_key: project.ingestKey, events: [{ event_type: 'Warm', user_id: `warm-user-${n % 500}`, time }] }),
    {},
  );
  await measure(
    'Amplitude /2/httpapi, 1 event',
    '/2/httpapi',
    (n) => ({
      api_key: project.ingestKey,
      events: [
        {
          event_type: 'Opened',
          user_id: `user-${n % 2000}`,
          time,
          insert_id: `a-${n}`,
          groups: { company: `c-${n % 100}` },
          event_properties: { plan: 'pro', seats: n % 50 },
        },
      ],
    }),
    {},
  );
  await measure(
    'Segment /v1/track, 1 call',
    '/v1/track',
    (n) => ({
      userId: `user-${n % 2000}`,
      event: 'Opened',
      messageId: `s-${n}`,
      properties: { plan: 'pro' },
      context: { groupId: `c-${n % 100}` },
    }),
    { authorization: `Basic ${Buffer.from(`${project.ingestKey}:`).toString('base64')}` },
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.drop();
}
