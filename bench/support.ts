// Shared plumbing for benchmarks: a fresh PostgreSQL database, the real server in a child
// process (so the load generator does not share its event loop), machine facts, and percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { citusTestWorkers, dropCitusTestDatabase, prepareTestDatabaseShape } from '../test/support/citus-test-database';
import { createScratchDatabase } from '../test/support/test-database';

export const benchServerUrl =
  process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function createBenchDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `leadmaps_bench_${label}_${Date.now()}`;
  const scratch = await createScratchDatabase(benchServerUrl, name);
  // On a Citus coordinator (LEADMAPS_TEST_CITUS_WORKERS): the extension and workers, see docs/scaling.md.
  await prepareTestDatabaseShape(scratch.url, name);
  const drop = () => (citusTestWorkers().length ? dropCitusTestDatabase(benchServerUrl, name) : scratch.drop());
  return { url: scratch.url, drop: async () => (process.env.BENCH_KEEP_DATABASE ? undefined : drop()) };
}

export async function startServerProcess(databaseUrl: string, port: number): Promise<ChildProcess> {
  // BENCH_CPU_PROFILE=<folder> writes a V8 CPU profile of the server (read it with bench/cpu-profile-summary.ts).
  const profiling = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profiling, '--experimental-wasm-modules', '--no-warnings', '--import', 'tsx', 'apps/api/src/main.ts'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
        LEADMAPS_DEMO_DATA: 'false',
        LEADMAPS_WEB: 'false',
        LEADMAPS_SCHEDULER: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  // Up to ten minutes: on a shared machine at load 20+ the server's start (tsx compiling it) took over one.
  for (let attempt = 0; attempt < 6000; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

export function percentile(sorted: number[], fraction: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export function machineDescription(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  return rows[0]!.server_version;
}
