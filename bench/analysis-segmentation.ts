// Event segmentation benchmark: two charts through the real GraphQL endpoint of the server (a child
// process in production mode) on the Groups benchmark's datasets (10k accounts, ~300k people, 90
// days; bench/groups-query-data.ts loads each size once and reuses it), each answer compared with
// the same chart computed by DuckDB over the raw rows (events and their attributions) in the same
// run:
//   (a) daily active companies over 90 days, broken down by the group property `plan`;
//   (b) weekly uniques of one event type over 90 days, counted by companies.
//   (c) the same weekly uniques counted by people, which the rollups cannot answer (raw events).
// Headline: the first request for a question never asked before, right after a new event: each
// round sends one event of a company inside the range through ingest (the request waits for the
// fold of that event), then asks the chart over a range that starts one day later than the last
// round's (round r: the data's 90 days less r at the start), so no earlier answer can serve it.
// The event is appended to DuckDB's copy too, so every round compares both answers in full. Then
// the same request again (the repeated line). Rounds alternate which engine goes first.
// Run: npm run bench:analysis   (BENCH_ANALYSIS_SIZES=1000000,10000000; BENCH_ANALYSIS_ROUNDS; BENCH_ANALYSIS_SKIP_RAW=1)
import { BIGINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import {
  type Answer,
  askGraphql,
  dayMilliseconds,
  isoDay,
  measureRounds,
  openBenchSession,
  type QuestionResult,
  resultTableHeader,
  resultTableRow,
} from './analysis-support';
import type { GroupsDataset } from './groups-query-data';
import { machineDescription, postgresVersion } from './support';

const sizes = (process.env.BENCH_ANALYSIS_SIZES ?? '1000000,10000000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ANALYSIS_ROUNDS ?? 25);
/** BENCH_ANALYSIS_SKIP_RAW=1: only the charts answered from the rollups. */
const skipRaw = Boolean(process.env.BENCH_ANALYSIS_SKIP_RAW);
const port = 4990 + Math.floor(Math.random() * 9);
const eventTypeOfWeeklyChart = 'Report Created';
const breakdownLimit = 10;

const segmentationQuery = `
  query Segmentation($input: SegmentationInput!) {
    segmentation(input: $input) {
      buckets
      series { seriesIndex breakdown { kind value } points { bucket value } total }
    }
  }`;

interface Question {
  name: string;
  /** Fewer rounds for charts answered from the raw events (seconds each at 10M). */
  rounds?: number;
  input: Record<string, unknown>;
  duckDbSql(context: QuestionContext): string;
}

interface QuestionContext {
  groupTypeId: number;
  /** Epoch days (UTC: the bench project's zone) of the range, inclusive. */
  firstDay: number;
  lastDay: number;
}

function labelOf(kind: string, value: string | null): string {
  return kind === 'VALUE' ? `VALUE:${value}` : kind;
}

/** One line per non-zero figure: "<label> <bucket or total> <value>", sorted. */
interface SegmentationAnswer {
  segmentation: {
    series: {
      breakdown: { kind: string; value: string | null } | null;
      points: { bucket: string; value: number }[];
      total: number;
    }[];
  };
}

function answerOfGraphql(body: SegmentationAnswer): Answer {
  const lines: string[] = [];
  for (const series of body.segmentation.series) {
    const label = series.breakdown ? labelOf(series.breakdown.kind, series.breakdown.value) : 'ALL';
    for (const point of series.points) if (point.value !== 0) lines.push(`${label} ${point.bucket} ${point.value}`);
    if (series.total !== 0) lines.push(`${label} total ${series.total}`);
  }
  return lines.sort();
}

/**
 * DuckDB's rows: (label kind, label value, bucket epoch day or NULL for the range, figure). Days
 * are UTC epoch days; a week starts on Monday (epoch day 0 was a Thursday).
 */
async function answerOfDuckDb(connection: DuckDBConnection, statement: string): Promise<Answer> {
  const reader = await connection.runAndReadAll(statement);
  const lines = reader.getRows().map(([kind, value, bucket, figure]) => {
    const label = labelOf(String(kind), value === null ? null : String(value));
    return `${label} ${bucket === null ? 'total' : isoDay(Number(bucket))} ${Number(figure)}`;
  });
  return lines.filter((line) => !line.endsWith(' 0')).sort();
}

const questions: Question[] = [
  {
    name: 'daily active companies by plan',
    input: {
      series: [{}],
      countedBy: 'GROUPS',
      groupType: 'company',
      measure: 'UNIQUES',
      interval: 'DAY',
      breakdown: { source: 'GROUP_PROPERTY', key: 'plan', limit: breakdownLimit },
    },
    // Top values by distinct companies over the range, then attributed events, then value; the
    // rest OTHER, companies without a plan NONE.
    duckDbSql: ({ groupTypeId, firstDay, lastDay }) => `
      WITH attributed AS (
        SELECT eg.group_id, eg.time_ms // ${dayMilliseconds} AS day, p.plan
        FROM event_group eg JOIN group_plan p ON p.id = eg.group_id
        WHERE eg.group_type_id = ${groupTypeId}
          AND eg.time_ms >= ${firstDay * dayMilliseconds} AND eg.time_ms < ${(lastDay + 1) * dayMilliseconds}
      ),
      top_values AS (
        SELECT plan FROM attributed WHERE plan IS NOT NULL GROUP BY plan
        ORDER BY count(DISTINCT group_id) DESC, count(*) DESC, plan ASC LIMIT ${breakdownLimit}
      ),
      labelled AS (
        SELECT a.group_id, a.day,
          CASE WHEN a.plan IS NULL THEN 'NONE' WHEN t.plan IS NOT NULL THEN 'VALUE' ELSE 'OTHER' END AS kind,
          t.plan AS value
        FROM attributed a LEFT JOIN top_values t ON t.plan = a.plan
      )
      SELECT kind, value, day, count(DISTINCT group_id) FROM labelled GROUP BY GROUPING SETS ((kind, value, day), (kind, value))`,
  },
  {
    name: `weekly uniques of "${eventTypeOfWeeklyChart}"`,
    input: {
      series: [{ eventType: eventTypeOfWeeklyChart }],
      countedBy: 'GROUPS',
      groupType: 'company',
      measure: 'UNIQUES',
      interval: 'WEEK',
    },
    duckDbSql: ({ groupTypeId, firstDay, lastDay }) => `
      WITH attributed AS (
        SELECT eg.group_id, eg.time_ms // ${dayMilliseconds} AS day
        FROM event_group eg JOIN event e ON e.id = eg.event_id
        WHERE e.event_type = '${eventTypeOfWeeklyChart}' AND eg.group_type_id = ${groupTypeId}
          AND eg.time_ms >= ${firstDay * dayMilliseconds} AND eg.time_ms < ${(lastDay + 1) * dayMilliseconds}
      )
      SELECT 'ALL', NULL, week, count(DISTINCT group_id)
      FROM (SELECT group_id, day - (day + 3) % 7 AS week FROM attributed)
      GROUP BY GROUPING SETS ((week), ())`,
  },
  {
    // Not from the rollups (they count groups): the raw events, to show what that path costs.
    name: `weekly uniques of "${eventTypeOfWeeklyChart}" counted by people`,
    rounds: 3,
    input: {
      series: [{ eventType: eventTypeOfWeeklyChart }],
      countedBy: 'PEOPLE',
      measure: 'UNIQUES',
      interval: 'WEEK',
    },
    duckDbSql: ({ firstDay, lastDay }) => `
      WITH people AS (
        SELECT user_id, time_ms // ${dayMilliseconds} AS day FROM event
        WHERE event_type = '${eventTypeOfWeeklyChart}' AND user_id IS NOT NULL
          AND time_ms >= ${firstDay * dayMilliseconds} AND time_ms < ${(lastDay + 1) * dayMilliseconds}
      )
      SELECT 'ALL', NULL, week, count(DISTINCT user_id)
      FROM (SELECT user_id, day - (day + 3) % 7 AS week FROM people)
      GROUP BY GROUPING SETS ((week), ())`,
  },
];

interface SizeResult {
  dataset: GroupsDataset;
  range: { from: string; to: string };
  duckDbCopy: { seconds: number; rows: number };
  questions: QuestionResult[];
  load: number[];
}

async function measureSize(events: number): Promise<SizeResult> {
  const session = await openBenchSession(events, port, [
    {
      table: 'group_plan',
      createSql: 'CREATE TABLE group_plan (id BIGINT, plan VARCHAR)',
      types: [BIGINT, VARCHAR],
      readSql: `SELECT id, properties ->> 'plan' FROM "group" WHERE project_id = $1 AND id > $2 AND id <= $3`,
      maximumIdSql: 'SELECT coalesce(max(id), 0) AS maximum FROM "group" WHERE project_id = $1',
    },
  ]);
  const { firstDay, lastDay } = session;
  const range = { from: isoDay(firstDay), to: isoDay(lastDay) };
  // Variant v asks the range that starts v days later (v = 0: the data's whole 90 days).
  const contextOf = (variant: number): QuestionContext => ({
    groupTypeId: session.groupTypeId,
    firstDay: firstDay + variant,
    lastDay,
  });
  const results: QuestionResult[] = [];
  try {
    let sent = 0;
    for (const question of questions.filter((candidate) => !(skipRaw && candidate.rounds !== undefined))) {
      const bodyOf = (variant: number) =>
        JSON.stringify({
          query: segmentationQuery,
          variables: { input: { ...question.input, range: { from: isoDay(firstDay + variant), to: range.to } } },
        });
      results.push(
        await measureRounds(session, {
          name: question.name,
          rounds: question.rounds ?? rounds,
          ask: async (variant) => {
            const [time, data] = await askGraphql<SegmentationAnswer>(session, bodyOf(variant));
            return [time, answerOfGraphql(data)];
          },
          askDuckDb: (variant) => answerOfDuckDb(session.copy.connection, question.duckDbSql(contextOf(variant))),
          newEvent: () => {
            sent += 1;
            // Inside the range's last day (the generator's data ends at 23:59:59 of it).
            const time = (lastDay + 1) * dayMilliseconds - 1000 * (1 + ((sent * 7919) % 80_000));
            return session.sendEvent(eventTypeOfWeeklyChart, time);
          },
        }),
      );
    }
  } finally {
    await session.close();
  }
  return {
    dataset: session.dataset,
    range,
    duckDbCopy: { seconds: session.copy.loadSeconds, rows: session.copy.rows },
    questions: results,
    load: session.load,
  };
}

const results: SizeResult[] = [];
for (const size of sizes) results.push(await measureSize(size));

const version = await postgresVersion(results[0]!.dataset.url);
console.log(`\nMachine: ${machineDescription()}, PostgreSQL ${version} on the same machine`);
console.log(
  `Date: ${new Date().toISOString()}; ${rounds} rounds per chart, each: one new event of a company in the range, then a range never asked before (one day shorter at the start each round) from leadmaps (GraphQL) and DuckDB alternately first, then the same GraphQL request again`,
);
console.log(`\n${resultTableHeader}`);
for (const result of results) {
  for (const question of result.questions) console.log(resultTableRow(result.dataset, question, result.load));
  const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  console.log(
    `\n${format(result.dataset.parameters.events)}: range ${result.range.from}..${result.range.to}; DuckDB copy ${format(result.duckDbCopy.seconds)} s, ${format(result.duckDbCopy.rows)} rows`,
  );
}
console.log('\nleadmaps and DuckDB agreed on every figure (each point and each total) in every round.');
