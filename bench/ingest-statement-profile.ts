// Where an ingest transaction spends its time, statement by statement: loads generated batches
// one at a time through the real ingest service into a scratch PostgreSQL database and sums the
// wall time of each SQL statement (by its first words) and of the Node side between them.
// Run: node --import tsx bench/ingest-statement-profile.ts [events]   (default 100,000)
import pg from 'pg';
import type { Prisma } from '../apps/api/src/generated/prisma/client';
import { loadConfig } from '../apps/api/src/config/config';
import { openDatabase } from '../apps/api/src/database/database';
import type { Database, SqlExecutor } from '../apps/api/src/database/sql-database';
import { createLogger } from '../apps/api/src/lib/logger';
import { generateEventBatches } from '../apps/api/src/modules/demo/generator/generate-events';
import { createServices } from '../apps/api/src/services';
import { createBenchDatabase } from './support';

const events = Number(process.argv[2] ?? 100_000);
const totals = new Map<string, { milliseconds: number; count: number }>();

function labelOf(statement: Prisma.Sql): string {
  const words = statement.text.replace(/\s+/g, ' ').trim();
  // The CTE names say which statement it is better than its first keyword.
  const ctes = [...words.matchAll(/(?:WITH|,) ?(\w+) AS \(/g)].map((match) => match[1]).slice(0, 3);
  return (ctes.length ? `WITH ${ctes.join(',')}` : words).slice(0, 70);
}

function timed(executor: SqlExecutor): SqlExecutor {
  const measure = async <T>(statement: Prisma.Sql, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      const label = labelOf(statement);
      const total = totals.get(label) ?? { milliseconds: 0, count: 0 };
      total.milliseconds += performance.now() - started;
      total.count++;
      totals.set(label, total);
    }
  };
  return {
    query: (statement) => measure(statement, () => executor.query(statement)),
    execute: (statement) => measure(statement, () => executor.execute(statement)),
  };
}

function timedDatabase(database: Database): Database {
  return { ...timed(database), transaction: (work) => database.transaction((executor) => work(timed(executor))) };
}

const scratch = await createBenchDatabase('statements');
if (process.env.PROFILE_EXPLAIN) {
  // Plans with per-node timings of the slow statements go to PostgreSQL's log (superuser needed).
  const admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  const name = new URL(scratch.url).pathname.slice(1);
  for (const setting of [
    `session_preload_libraries = 'auto_explain'`,
    `auto_explain.log_min_duration = ${Number(process.env.PROFILE_EXPLAIN)}`,
    'auto_explain.log_analyze = on',
    'auto_explain.log_buffers = on',
  ]) {
    await admin.query(`ALTER DATABASE "${name}" SET ${setting}`);
  }
  await admin.end();
}
const opened = await openDatabase({ kind: 'server', url: scratch.url });
try {
  const config = { ...loadConfig(), schedulerEnabled: false };
  const services = createServices(config, timedDatabase(opened.sql), createLogger('warn'));
  const { project } = await services.projects.createProject({
    name: 'Profile',
    keyActions: ['Report Created', 'Dashboard Shared', 'Query Run'],
  });
  totals.clear();
  const started = performance.now();
  let sent = 0;
  let batches = 0;
  for (const batch of generateEventBatches({
    seed: 7,
    accounts: Math.max(100, Math.round(events / 150)),
    events,
    days: 90,
    batchSize: 1000,
  })) {
    await services.ingest.ingestAmplitudeEvents(project, batch);
    sent += batch.length;
    // PROFILE_ANALYZE_EVERY=n: fresh planner statistics every n batches (what autovacuum gives a
    // long-running database, and a benchmark that starts empty does not get).
    if (process.env.PROFILE_ANALYZE_EVERY && ++batches % Number(process.env.PROFILE_ANALYZE_EVERY) === 0)
      await services.ingest.refreshStatistics();
  }
  const wall = performance.now() - started;
  const inDatabase = [...totals.values()].reduce((sum, total) => sum + total.milliseconds, 0);
  console.log(
    `${sent.toLocaleString('en-US')} events in ${(wall / 1000).toFixed(1)} s = ${Math.round(sent / (wall / 1000)).toLocaleString('en-US')} events/s, one transaction at a time`,
  );
  console.log(
    `statements ${(inDatabase / 1000).toFixed(1)} s (${((100 * inDatabase) / wall).toFixed(0)} %), Node between them ${((wall - inDatabase) / 1000).toFixed(1)} s`,
  );
  for (const [label, total] of [...totals].sort((a, b) => b[1].milliseconds - a[1].milliseconds)) {
    console.log(
      `${total.milliseconds.toFixed(0).padStart(7)} ms ${String(total.count).padStart(5)}×  ${(total.milliseconds / total.count).toFixed(2).padStart(6)} ms  ${label}`,
    );
  }
  await services.shutdown();
} finally {
  await opened.close();
  await scratch.drop();
}
