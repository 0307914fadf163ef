// Times (and with EXPLAIN=1 explains) the statements behind the funnel and the retention of
// bench/analysis-funnels.ts on a bench database, as the services build them:
// node --import tsx bench/analysis-funnels-explain.ts <database url>
// JIT is off, as on the server's connections (database/sql-database.ts). Each statement is also
// timed with a variant applied inside a transaction that is rolled back (the database is left as
// it was): the funnel with more work_mem (its hash join and sort spill at 4 MB), the retention
// with the index of migration 20261203160000_retention_start_index (dropped first if present).
import pg from 'pg';
import { buildFunnelEventsSql } from '../apps/api/src/modules/analysis/queries/funnel-events.query';
import { buildRetentionCountsSql } from '../apps/api/src/modules/analysis/queries/retention.query';

const url = process.argv[2]!;
const dayMilliseconds = 86_400_000;
const isoDay = (epochDay: number) => new Date(epochDay * dayMilliseconds).toISOString().slice(0, 10);
const client = new pg.Client({ connectionString: url, options: '-c jit=off' });
await client.connect();
const project = (await client.query(`SELECT id, time_zone AS "timeZone" FROM project LIMIT 1`)).rows[0];
const type = (
  await client.query(`SELECT id, name_property FROM group_type WHERE project_id=$1 AND name='company'`, [project.id])
).rows[0];
const audience = {
  projectId: project.id,
  timeZone: project.timeZone,
  countedBy: 'GROUPS' as const,
  groupType: { id: type.id, name: 'company', nameProperty: type.name_property },
  groupFilters: [],
  cohortId: null,
};
// The bench data's last day (bench/groups-query-data.ts).
const lastDay = Math.floor(Date.parse('2026-11-24') / dayMilliseconds);
const yesterday = Math.floor(Date.now() / dayMilliseconds) - 1;
const firstWeek = lastDay - 89 - ((lastDay - 89 + 3) % 7);
const funnel = buildFunnelEventsSql({
  audience,
  steps: ['Query Run', 'Report Created', 'Dashboard Shared'].map((eventType) => ({ eventType, filters: [] })),
  range: { from: isoDay(lastDay - 29), to: isoDay(lastDay) },
  breakdown: null,
});
const retention = buildRetentionCountsSql(
  {
    audience,
    startEvent: { eventType: 'Report Created', filters: [] },
    returnEvent: { eventType: null, filters: [] },
    breakdown: null,
    interval: 'WEEK',
    range: { from: isoDay(lastDay - 89), to: isoDay(lastDay) },
    returns: { from: isoDay(firstWeek), to: isoDay(Math.min(yesterday, firstWeek + 7 * 13 + 7 * 12 + 6)) },
  },
  [],
);
const run = async (label: string, sql: { text: string; values: unknown[] }) => {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    rows = (await client.query(sql.text, sql.values)).rowCount ?? 0;
    times.push(performance.now() - started);
  }
  console.log(`${label}: ${times.map((time) => time.toFixed(0)).join(', ')} ms, ${rows} rows`);
  if (process.env.EXPLAIN) {
    const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
};
/** Runs the statement inside a transaction after `setup`, then rolls everything back. */
const variant = async (label: string, setup: string[], sql: { text: string; values: unknown[] }) => {
  await client.query('BEGIN');
  try {
    for (const statement of setup) {
      const started = performance.now();
      await client.query(statement);
      console.log(`  (${statement}: ${(performance.now() - started).toFixed(0)} ms)`);
    }
    await run(label, sql);
  } finally {
    await client.query('ROLLBACK');
  }
};
const retentionIndex =
  'CREATE INDEX "group_event_type_daily_type_day_idx" ON "group_event_type_daily" ("project_id", "group_type_id", "event_type", "day") INCLUDE ("group_id")';
await variant('funnel events', [], funnel);
await variant("funnel events, work_mem '64MB'", ["SET LOCAL work_mem = '64MB'"], funnel);
await variant(
  'retention counts, without the index',
  ['DROP INDEX IF EXISTS "group_event_type_daily_type_day_idx"'],
  retention,
);
await variant(
  'retention counts, with the index',
  ['DROP INDEX IF EXISTS "group_event_type_daily_type_day_idx"', retentionIndex, 'ANALYZE group_event_type_daily'],
  retention,
);
await client.end();
