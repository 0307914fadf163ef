// The same top 50 in DuckDB (in memory) over the same raw rows. The rows travel from PostgreSQL
// through Node in id ranges (DuckDB's postgres extension would download itself, which is not
// allowed here) and go in through data chunks, a few thousand rows per native call.
import {
  BIGINT,
  DuckDBDataChunk,
  DuckDBInstance,
  SMALLINT,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import pg from 'pg';
import type { TopGroupRow, TopGroupsQuestion } from './groups-query-reference';

const chunkRows = 2048;
const idsPerRead = 200_000;

export interface TableCopy {
  table: string;
  createSql: string;
  types: DuckDBType[];
  /** Reads ids in (low, high]; returns rows as arrays of column values. */
  readSql: string;
  maximumIdSql: string;
}

const copies: TableCopy[] = [
  {
    table: 'event',
    createSql: 'CREATE TABLE event (id BIGINT, event_type VARCHAR, time_ms BIGINT, user_id BIGINT)',
    types: [BIGINT, VARCHAR, BIGINT, BIGINT],
    readSql: `SELECT id, event_type, (extract(epoch FROM time) * 1000)::int8, user_id FROM event WHERE project_id = $1 AND id > $2 AND id <= $3`,
    maximumIdSql: 'SELECT coalesce(max(id), 0) AS maximum FROM event WHERE project_id = $1',
  },
  {
    table: 'event_group',
    createSql:
      'CREATE TABLE event_group (event_id BIGINT, group_id BIGINT, group_type_id SMALLINT, time_ms BIGINT, user_id BIGINT)',
    types: [BIGINT, BIGINT, SMALLINT, BIGINT, BIGINT],
    readSql: `SELECT event_id, group_id, group_type_id, (extract(epoch FROM time) * 1000)::int8, user_id FROM event_group WHERE project_id = $1 AND event_id > $2 AND event_id <= $3`,
    maximumIdSql: 'SELECT coalesce(max(event_id), 0) AS maximum FROM event_group WHERE project_id = $1',
  },
  {
    table: 'groups',
    createSql: 'CREATE TABLE groups (id BIGINT, group_type_id SMALLINT, value VARCHAR)',
    types: [BIGINT, SMALLINT, VARCHAR],
    readSql: `SELECT id, group_type_id, value FROM "group" WHERE project_id = $1 AND id > $2 AND id <= $3`,
    maximumIdSql: 'SELECT coalesce(max(id), 0) AS maximum FROM "group" WHERE project_id = $1',
  },
];

export interface DuckDbCopy {
  connection: DuckDBConnection;
  rows: number;
  loadSeconds: number;
  close(): void;
}

/** Copies the project's events, attributions and groups from PostgreSQL into an in-memory DuckDB. */
export async function copyIntoDuckDb(
  postgresUrl: string,
  projectId: number,
  onProgress?: (message: string) => void,
  /** More tables a benchmark needs besides events, attributions and groups (same reading scheme). */
  extraCopies: TableCopy[] = [],
): Promise<DuckDbCopy> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // int8 as bigint: DuckDB's BIGINT columns take bigints.
  const client = new pg.Client({
    connectionString: postgresUrl,
    types: {
      getTypeParser: ((oid: number, format?: 'text') =>
        oid === 20 ? BigInt : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  await client.connect();
  let total = 0;
  try {
    for (const copy of [...copies, ...extraCopies]) {
      await connection.run(copy.createSql);
      const appender = await connection.createAppender(copy.table);
      const maximum = Number((await client.query(copy.maximumIdSql, [projectId])).rows[0].maximum);
      let copied = 0;
      for (let low = 0; low < maximum; low += idsPerRead) {
        const { rows } = await client.query({
          text: copy.readSql,
          values: [projectId, low, low + idsPerRead],
          rowMode: 'array',
        });
        for (let offset = 0; offset < rows.length; offset += chunkRows) {
          const slice = rows.slice(offset, offset + chunkRows);
          const chunk = DuckDBDataChunk.create(copy.types, slice.length);
          chunk.setColumns(copy.types.map((_, column) => slice.map((row) => row[column] ?? null)));
          appender.appendDataChunk(chunk);
        }
        copied += rows.length;
        onProgress?.(`duckdb copy ${copy.table}: ${copied.toLocaleString('en-US')} rows`);
      }
      appender.closeSync();
      total += copied;
    }
  } finally {
    await client.end();
  }
  return {
    connection,
    rows: total,
    loadSeconds: (performance.now() - started) / 1000,
    close: () => connection.closeSync(),
  };
}

function duckTrendLabel(current: string, previous: string, steady: number, sharp: number): string {
  const change = `((${current} - ${previous})::DOUBLE * 100 / ${previous})`;
  return `CASE
    WHEN ${previous} = 0 THEN CASE WHEN ${current} > 0 THEN 'NEW' ELSE 'INACTIVE' END
    WHEN ${change} <= ${sharp} THEN 'FALLING_SHARPLY'
    WHEN ${change} < -${steady} THEN 'FALLING'
    WHEN ${change} > ${steady} THEN 'RISING'
    ELSE 'STEADY' END`;
}

export async function duckDbTopGroups(
  connection: DuckDBConnection,
  question: TopGroupsQuestion,
): Promise<TopGroupRow[]> {
  const keyActions = question.keyActions.map((name) => `'${name.replaceAll("'", "''")}'`).join(', ');
  const rangeStart = question.rangeStart.getTime();
  const rangeEnd = question.rangeEnd.getTime();
  const previousStart = question.previousStart.getTime();
  if (
    ![
      rangeStart,
      rangeEnd,
      previousStart,
      question.steadyPercent,
      question.sharpPercent,
      question.groupTypeId,
      question.limit,
    ].every(Number.isFinite)
  ) {
    throw new Error('non-numeric question');
  }
  const reader = await connection.runAndReadAll(`
    WITH attributed AS (
      SELECT eg.group_id, eg.user_id, eg.time_ms, e.event_type IN (${keyActions || 'NULL'}) AS key_action
      FROM event_group eg JOIN event e ON e.id = eg.event_id
      WHERE eg.group_type_id = ${question.groupTypeId} AND eg.time_ms >= ${previousStart} AND eg.time_ms < ${rangeEnd}
    ),
    per_group AS (
      SELECT group_id,
        count(*) FILTER (WHERE time_ms >= ${rangeStart}) AS events,
        count(*) FILTER (WHERE time_ms >= ${rangeStart} AND key_action) AS key_actions,
        count(*) FILTER (WHERE time_ms < ${rangeStart} AND key_action) AS previous_key_actions,
        count(DISTINCT user_id) FILTER (WHERE time_ms >= ${rangeStart}) AS active_people
      FROM attributed GROUP BY group_id
    )
    SELECT g.value, p.key_actions::INTEGER, p.events::INTEGER, p.active_people::INTEGER, p.previous_key_actions::INTEGER,
      ${duckTrendLabel('p.key_actions', 'p.previous_key_actions', question.steadyPercent, question.sharpPercent)} AS label
    FROM per_group p JOIN groups g ON g.id = p.group_id
    ORDER BY p.key_actions DESC, g.value ASC, g.id ASC
    LIMIT ${question.limit}`);
  return reader.getRows().map(([value, keyActions, events, activePeople, previousKeyActions, label]) => ({
    value: String(value),
    keyActions: Number(keyActions),
    events: Number(events),
    activePeople: Number(activePeople),
    previousKeyActions: Number(previousKeyActions),
    label: String(label),
  }));
}
