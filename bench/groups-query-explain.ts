// Times (and with EXPLAIN=1 explains) each statement of one Groups page on a bench database:
// node --import tsx bench/groups-query-explain.ts <database url> <from> <to>   (JIT_OFF=1 to disable JIT)
import pg from 'pg';
import {
  buildActivityRankingSql,
  buildGroupRankingSql,
} from '../apps/api/src/modules/analytics/queries/group-ranking.query';
import { buildGroupPeopleSql } from '../apps/api/src/modules/analytics/queries/group-people.query';
import { buildGroupDailySeriesSql } from '../apps/api/src/modules/analytics/queries/group-daily-series.query';
import { resolveAnalyticsWindow } from '../apps/api/src/modules/analytics/analytics-window';
const url = process.argv[2]!;
const client = new pg.Client({ connectionString: url });
await client.connect();
if (process.env.JIT_OFF) await client.query('SET jit = off');
const project = (
  await client.query(
    `SELECT id, time_zone AS "timeZone", key_actions AS "keyActions", trend_steady_percent AS "trendSteadyPercent", trend_sharp_percent AS "trendSharpPercent" FROM project LIMIT 1`,
  )
).rows[0];
const window = resolveAnalyticsWindow(project, { from: process.argv[3]!, to: process.argv[4]! });
const type = (
  await client.query(`SELECT id, name_property FROM group_type WHERE project_id=$1 AND name='company'`, [project.id])
).rows[0];
const base = {
  window,
  groupTypeId: type.id,
  nameProperty: type.name_property,
  sort: { field: 'KEY_ACTIONS', direction: 'DESC' } as const,
};
const ranked = buildGroupRankingSql({ ...base, orderOnly: true, page: { limit: 50, offset: 0 } });
const run = async (label: string, sql: { text: string; values: unknown[] }) => {
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = await client.query(sql.text, sql.values);
    if (i === 2) console.log(label, (performance.now() - t).toFixed(1), 'ms', r.rowCount);
  }
  if (process.env.EXPLAIN) {
    const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
  }
  return (await client.query<{ groupId: string }>(sql.text, sql.values)).rows;
};
await run('rank orderOnly (general statement)', ranked);
const rows = await run(
  'rank orderOnly (activity statement)',
  buildActivityRankingSql({ ...base, orderOnly: true, page: { limit: 50, offset: 0 } }),
);
const ids = rows.map((r) => BigInt(r.groupId));
await run('page in full', buildGroupRankingSql({ ...base, groupIds: ids, page: null }));
await run('people', buildGroupPeopleSql(window, ids));
await run('series', buildGroupDailySeriesSql(window, type.id, ids));
await client.end();
