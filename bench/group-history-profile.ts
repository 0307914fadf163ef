// Times the steps of a Groups page answered from the rollup history, in process, on a loaded
// bench database: the whole load, then rank() per sort over several ranges, and the per-request
// state probe. Run: node --import tsx bench/group-history-profile.ts 1000000
import { GroupHistoryCache } from '../apps/api/src/modules/analytics/group-history-cache';
import { createPgPool, pgDatabase } from '../apps/api/src/database/sql-database';
import { HistoryReader } from '../apps/api/src/modules/analytics/group-history-ranking';
import { resolveAnalyticsWindow } from '../apps/api/src/modules/analytics/analytics-window';
import { sql } from '../apps/api/src/database/sql';
import { benchServerUrl } from './support';

const events = process.argv[2] ?? '1000000';
const url = new URL(benchServerUrl);
url.pathname = `/leadmaps_bench_groups_${events}`;
const pool = createPgPool(url.toString(), 4);
const database = pgDatabase(pool);
const [project] = await database.query<{
  id: number;
  timeZone: string;
  keyActions: string[];
  groupTypeId: number;
  lastFoldId: bigint;
}>(sql`SELECT p.id, p.time_zone AS "timeZone", p.key_actions AS "keyActions", t.id AS "groupTypeId",
    (SELECT last_fold_id FROM rollup_fold_state f WHERE f.project_id = p.id) AS "lastFoldId"
  FROM project p JOIN group_type t ON t.project_id = p.id AND t.name = 'company' LIMIT 1`);
const cache = new GroupHistoryCache(database);
const scope = {
  projectId: project!.id,
  groupTypeId: project!.groupTypeId,
  timeZone: project!.timeZone,
  keyActions: project!.keyActions,
};
let started = performance.now();
const history = await cache.read(scope, project!.lastFoldId);
console.log(
  `load ${Math.round(performance.now() - started)} ms, ${history.slots.length} groups, ${history.personCount} people, ~${Math.round(history.byteSize() / 1048576)} MiB, heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MiB, rss ${Math.round(process.memoryUsage().rss / 1048576)} MiB`,
);
for (let round = 0; round < 3; round++) {
  started = performance.now();
  await cache.read(scope, project!.lastFoldId);
  console.log(`read again (state probe) ${(performance.now() - started).toFixed(1)} ms`);
}
const projectRecord = {
  id: project!.id,
  timeZone: project!.timeZone,
  keyActions: project!.keyActions,
  trendSteadyPercent: 15,
  trendSharpPercent: -50,
} as never;
for (const length of [7, 30, 90]) {
  const to = '2026-11-24';
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (length - 1) * 86_400_000).toISOString().slice(0, 10);
  for (const end of [to, '2026-11-20']) {
    const window = resolveAnalyticsWindow(projectRecord, {
      from: end === to ? from : new Date(Date.parse(`${from}T00:00:00Z`) - 4 * 86_400_000).toISOString().slice(0, 10),
      to: end,
    });
    const reader = new HistoryReader(history, window);
    const parts: string[] = [];
    for (const field of [
      'KEY_ACTIONS',
      'EVENTS',
      'SESSIONS',
      'ACTIVE_PEOPLE',
      'PEOPLE_ON_RECORD',
      'TREND_PERCENT',
      'LAST_SEEN',
    ] as const) {
      started = performance.now();
      const cpu = process.cpuUsage();
      const { slots } = reader.rank({ sort: { field, direction: 'DESC' } }, 50);
      for (const slot of slots.slice(0, 50)) {
        reader.figures(slot);
        reader.people(slot);
        reader.series(slot);
      }
      const used = process.cpuUsage(cpu);
      parts.push(
        `${field} ${(performance.now() - started).toFixed(1)} (cpu ${((used.user + used.system) / 1000).toFixed(1)})`,
      );
    }
    console.log(`${length} days to ${end}: ${parts.join(', ')} ms`);
  }
}
cache.stop();
await pool.end();
