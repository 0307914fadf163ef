// Times each statement of the two bench charts through the analysis service (no HTTP):
// node --experimental-wasm-modules --import tsx bench/analysis-profile.ts <database url> <from> <to>
import { openDataEnvironment } from './load-data';

const [url, from, to] = process.argv.slice(2) as [string, string, string];
const environment = await openDataEnvironment({ database: { kind: 'server', url } });
const database = environment.database.sql;
const original = database.query.bind(database);
let timings: string[] = [];
let inStatements = 0;
database.query = (async (statement: { text: string }) => {
  const started = performance.now();
  const rows = await original(statement as never);
  inStatements += performance.now() - started;
  timings.push(
    `${(performance.now() - started).toFixed(1)} ms ${rows.length} rows: ${statement.text.replace(/\s+/g, ' ').slice(0, 90)}`,
  );
  return rows;
}) as typeof database.query;
const [{ ingestKey }] = await original<{ ingestKey: string }>({
  text: 'SELECT ingest_key AS "ingestKey" FROM project LIMIT 1',
  values: [],
} as never);
const record = await environment.services.projects.findByIngestKey(ingestKey!);
const inputs = [
  { series: [{}], groupType: 'company', breakdown: { source: 'GROUP_PROPERTY', key: 'plan' }, range: { from, to } },
  { series: [{ eventType: 'Report Created' }], groupType: 'company', interval: 'WEEK', range: { from, to } },
];
for (let round = 0; round < Number(process.env.ROUNDS ?? 6); round++) {
  for (const input of inputs) {
    timings = [];
    inStatements = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await environment.services.analysis.segmentation(record as never, input);
    const used = process.cpuUsage(cpu);
    console.log(
      `total ${(performance.now() - started).toFixed(1)} ms, Node CPU ${((used.user + used.system) / 1000).toFixed(1)} ms, statements ${inStatements.toFixed(1)} ms\n  ${timings.join('\n  ')}`,
    );
  }
}
await environment.close();
