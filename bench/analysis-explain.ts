// Times (and with EXPLAIN=1 explains) the statements of the two segmentation charts of
// bench/analysis-segmentation.ts on a bench database:
// node --import tsx bench/analysis-explain.ts <database url> <from> <to>
import pg from 'pg';
import {
  buildFiguresSql,
  buildTopValuesSql,
  type SeriesSpec,
} from '../apps/api/src/modules/analysis/queries/segmentation.query';

const url = process.argv[2]!;
const range = { from: process.argv[3]!, to: process.argv[4]! };
const client = new pg.Client({ connectionString: url });
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
const byPlan: SeriesSpec = {
  audience,
  selection: { eventType: null, filters: [] },
  breakdown: { source: 'GROUP_PROPERTY', key: 'plan', limit: 10 },
  measure: 'UNIQUES',
  interval: 'DAY',
  range,
};
const weekly: SeriesSpec = {
  audience,
  selection: { eventType: 'Report Created', filters: [] },
  breakdown: null,
  measure: 'UNIQUES',
  interval: 'WEEK',
  range,
};
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
  return (await client.query(sql.text, sql.values)).rows;
};
const top = (await run('by plan: top values', buildTopValuesSql(byPlan, 10))).map((row) => row.value as string);
await run('by plan: figures', buildFiguresSql(byPlan, top));
await run('weekly: figures', buildFiguresSql(weekly, []));
await client.end();
