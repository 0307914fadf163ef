// Funnel and retention benchmark: through the real GraphQL endpoint of the server (a child process
// in production mode) on the Groups benchmark's datasets (10k accounts, ~300k people, 90 days;
// bench/groups-query-data.ts loads each size once and reuses it), each answer compared with the
// same question computed by DuckDB over the raw rows (events and their attributions) in the same run:
//   (a) a 3-step group funnel (Query Run → Report Created → Dashboard Shared) over the data's last
//       30 days with a 14-day window, counted by companies;
//   (b) a 12-week group retention over the data's 90 days: born at the first Report Created,
//       retained by any event, counted by companies.
// Headline: the first request after a new event (one event of a company inside the range, sent
// through ingest before each round, appended to DuckDB's copy too) for a question not asked before,
// so that nothing computed for an earlier request (no answer kept anywhere) can serve it: each round
// the funnel's window grows by a minute and its 30-day range moves a day later or back, and the
// retention's number of periods moves around 12 (13, 11, 14, 10, …). The cold request asks the
// plain forms (14-day window, the data's last 30 days; 12 weeks). Then the same request again
// (the repeated line). Rounds alternate which engine goes first (bench/analysis-support.ts).
// Run: npm run bench:funnels   (BENCH_FUNNELS_SIZES=1000000,10000000; BENCH_FUNNELS_ROUNDS, at most 20)
import {
  type Answer,
  askGraphql,
  type BenchSession,
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

const sizes = (process.env.BENCH_FUNNELS_SIZES ?? '1000000,10000000').split(',').map(Number);
const rounds = Number(process.env.BENCH_FUNNELS_ROUNDS ?? 15);
if (rounds > 20) throw new Error('BENCH_FUNNELS_ROUNDS: at most 20 (retention has 20 distinct forms around 12 weeks)');
const port = 4980 + Math.floor(Math.random() * 9);
const funnelSteps = ['Query Run', 'Report Created', 'Dashboard Shared'];
const funnelDays = 30;
const windowDays = 14;
const retentionStartEvent = 'Report Created';
const retentionPeriods = 12;

/** The funnel's window of a variant (bench/analysis-support.ts measureRounds): 14 days plus a minute per round. */
const funnelWindowMinutes = (variant: number) => windowDays * 1440 + variant;
/** The funnel's range moves a day later in odd variants (still 30 days, still holding the new events). */
const funnelShiftDays = (variant: number) => variant % 2;
/** Retention's periods of a variant: 12, then 13, 11, 14, 10, … (2 to 22). */
const retentionPeriodsOf = (variant: number) =>
  retentionPeriods + (variant % 2 === 1 ? (variant + 1) / 2 : -variant / 2);

const funnelQuery = `
  query Funnel($input: FunnelInput!) {
    funnel(input: $input) { windowSeconds steps { step count } }
  }`;

const retentionQuery = `
  query Retention($input: RetentionInput!) {
    retention(input: $input) {
      today
      total { cohorts { period born cells { offset complete retained } } }
    }
  }`;

const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
/** Monday on or before an epoch day (epoch day 0 was a Thursday). */
const weekOf = (epochDay: number) => epochDay - ((epochDay + 3) % 7);

interface FunnelAnswer {
  funnel: { windowSeconds: number; steps: { step: number; count: number }[] };
}

/**
 * DuckDB's funnel, from the README's rule: a company reaches step k when there are distinct
 * attributed events e1..ek of steps 1..k, all inside the range, with t1 ≤ … ≤ tk and tk − t1 ≤ the
 * window (inclusive, milliseconds); the best chain counts. The steps are distinct event types, so
 * events of different steps are distinct. For a given first event, taking each next step's earliest
 * event at or after the previous one gives the smallest tk any chain from that start can have (any
 * other choice is later or equal at every step), so the company reaches step k exactly when some
 * start's greedy chain ends within the window: ASOF joins (the nearest later-or-equal event per
 * company) build that chain for every start, and the best start counts.
 */
function funnelDuckDbSql(groupTypeId: number, firstDay: number, lastDay: number, windowMinutes: number): string {
  const window = windowMinutes * 60_000;
  const stepTables = funnelSteps.map(
    (type, index) =>
      `step${index + 1} AS (SELECT group_id, time_ms AS t FROM attributed WHERE event_type = ${quoted(type)})`,
  );
  // Only chains within the window go on (a later step cannot bring a chain back into it), and no
  // NULL reaches an ASOF join's inequality (chained LEFT ASOF joins over NULLs gave wrong counts here, DuckDB 1.5).
  const chains = funnelSteps.slice(1).map((_, index) => {
    const step = index + 2;
    const previous = step === 2 ? 'SELECT group_id, t AS t1 FROM step1' : `SELECT * FROM chain${step - 1}`;
    return `chain${step} AS (
      SELECT c.*, s.t AS t${step} FROM (${previous}) c
      ASOF JOIN step${step} s ON s.group_id = c.group_id AND s.t >= c.t${step - 1}
      WHERE s.t - c.t1 <= ${window})`;
  });
  const furthest = funnelSteps
    .map((_, index) => index + 1)
    .map((step) => `SELECT group_id, ${step} AS step FROM ${step === 1 ? 'step1' : `chain${step}`}`)
    .join(' UNION ALL ');
  return `
    WITH attributed AS (
      SELECT eg.group_id, eg.time_ms, e.event_type
      FROM event_group eg JOIN event e ON e.id = eg.event_id
      WHERE eg.group_type_id = ${groupTypeId} AND e.event_type IN (${funnelSteps.map(quoted).join(', ')})
        AND eg.time_ms >= ${firstDay * dayMilliseconds} AND eg.time_ms < ${(lastDay + 1) * dayMilliseconds}
    ),
    ${stepTables.join(',\n    ')},
    ${chains.join(',\n    ')},
    furthest AS (SELECT group_id, max(step) AS step FROM (${furthest}) GROUP BY group_id)
    SELECT k.step, count(f.group_id) FROM range(1, ${funnelSteps.length + 1}) k(step) LEFT JOIN furthest f ON f.step >= k.step
    GROUP BY k.step`;
}

/**
 * DuckDB's retention table, from the README's rules (weeks from Monday, UTC): a company is born in
 * the week of its first start event inside the range; it is retained at offset k when it has any
 * attributed event in week birth + k (before or after its start event, also outside the range) up
 * to yesterday; a cell is complete once its week ended before today. One cohort per week holding a
 * day of the range, offsets 0 to periods.
 */
async function retentionOfDuckDb(session: BenchSession, today: number, periods: number): Promise<Answer> {
  const { groupTypeId, firstDay, lastDay } = session;
  const reader = await session.copy.connection.runAndReadAll(`
    WITH attributed AS (
      SELECT eg.group_id, eg.time_ms // ${dayMilliseconds} AS day, e.event_type
      FROM event_group eg JOIN event e ON e.id = eg.event_id
      WHERE eg.group_type_id = ${groupTypeId}
    ),
    born AS (
      SELECT group_id, min(day) AS first_day FROM attributed
      WHERE event_type = ${quoted(retentionStartEvent)} AND day BETWEEN ${firstDay} AND ${lastDay}
      GROUP BY group_id
    ),
    cohort AS (SELECT group_id, first_day - (first_day + 3) % 7 AS week FROM born),
    activity AS (SELECT DISTINCT group_id, day - (day + 3) % 7 AS week FROM attributed WHERE day < ${today})
    SELECT c.week, -1 AS offset, count(*) FROM cohort c GROUP BY c.week
    UNION ALL
    SELECT c.week, (a.week - c.week) // 7, count(*) FROM cohort c
    JOIN activity a ON a.group_id = c.group_id AND a.week >= c.week AND a.week <= c.week + ${7 * periods}
    GROUP BY c.week, a.week`);
  const figures = new Map<string, number>();
  for (const [week, offset, count] of reader.getRows()) figures.set(`${week} ${offset}`, Number(count));
  const lines: string[] = [];
  for (let week = weekOf(firstDay); week <= lastDay; week += 7) {
    lines.push(`${isoDay(week)} born ${figures.get(`${week} -1`) ?? 0}`);
    for (let offset = 0; offset <= periods; offset++) {
      const period = week + 7 * offset;
      const complete = period + 6 < today;
      lines.push(`${isoDay(week)} +${offset} ${complete ? (figures.get(`${week} ${offset}`) ?? 0) : 'incomplete'}`);
    }
  }
  return lines.sort();
}

interface RetentionAnswer {
  retention: {
    today: string;
    total: {
      cohorts: {
        period: string;
        born: number;
        cells: { offset: number; complete: boolean; retained: number | null }[];
      }[];
    };
  };
}

function retentionOfGraphql(answer: RetentionAnswer, today: number): Answer {
  if (answer.retention.today !== isoDay(today))
    throw new Error(`the server's today ${answer.retention.today} is not ${isoDay(today)}`);
  const lines: string[] = [];
  for (const cohort of answer.retention.total.cohorts) {
    lines.push(`${cohort.period} born ${cohort.born}`);
    for (const cell of cohort.cells)
      lines.push(`${cohort.period} +${cell.offset} ${cell.complete ? cell.retained : 'incomplete'}`);
  }
  return lines.sort();
}

interface SizeResult {
  dataset: GroupsDataset;
  funnelRange: { from: string; to: string };
  retentionRange: { from: string; to: string };
  duckDbCopy: { seconds: number; rows: number };
  questions: QuestionResult[];
  load: number[];
}

async function measureSize(events: number): Promise<SizeResult> {
  const session = await openBenchSession(events, port);
  const { groupTypeId, lastDay } = session;
  const funnelFirstDay = lastDay - (funnelDays - 1);
  // The cold request's range; odd rounds move it a day later.
  const funnelRange = { from: isoDay(funnelFirstDay), to: isoDay(lastDay) };
  const retentionRange = { from: isoDay(session.firstDay), to: isoDay(lastDay) };
  // Project-local today (UTC); the run is not expected to cross midnight.
  const today = Math.floor(Date.now() / dayMilliseconds);
  // New events inside the last day of both ranges (the generator's data ends at 23:59:59 of it).
  const timeOfRound = (round: number) => (lastDay + 1) * dayMilliseconds - 1000 * (1 + ((round * 7919) % 80_000));
  const results: QuestionResult[] = [];
  try {
    const funnelRangeOf = (variant: number) => ({
      firstDay: funnelFirstDay + funnelShiftDays(variant),
      lastDay: lastDay + funnelShiftDays(variant),
    });
    const funnelBody = (variant: number) => {
      const range = funnelRangeOf(variant);
      return JSON.stringify({
        query: funnelQuery,
        variables: {
          input: {
            steps: funnelSteps.map((eventType) => ({ eventType })),
            window: { amount: funnelWindowMinutes(variant), unit: 'MINUTE' },
            range: { from: isoDay(range.firstDay), to: isoDay(range.lastDay) },
            countedBy: 'GROUPS',
            groupType: 'company',
          },
        },
      });
    };
    results.push(
      await measureRounds(session, {
        name: `(a) funnel ${funnelSteps.join(' → ')}, ${funnelDays} days, ${windowDays}-day window (+1 minute and ±1 day per round)`,
        rounds,
        ask: async (variant) => {
          const [time, data] = await askGraphql<FunnelAnswer>(session, funnelBody(variant));
          if (data.funnel.windowSeconds !== funnelWindowMinutes(variant) * 60) throw new Error('unexpected window');
          return [time, data.funnel.steps.map((step) => `step ${step.step} ${step.count}`).sort()];
        },
        askDuckDb: async (variant) => {
          const range = funnelRangeOf(variant);
          const reader = await session.copy.connection.runAndReadAll(
            funnelDuckDbSql(groupTypeId, range.firstDay, range.lastDay, funnelWindowMinutes(variant)),
          );
          return reader
            .getRows()
            .map(([step, count]) => `step ${step} ${count}`)
            .sort();
        },
        // Each step's type in turn, so rounds can extend a company's chain.
        newEvent: (round) => session.sendEvent(funnelSteps[round % funnelSteps.length]!, timeOfRound(round)),
      }),
    );
    const retentionBody = (variant: number) =>
      JSON.stringify({
        query: retentionQuery,
        variables: {
          input: {
            startEvent: { eventType: retentionStartEvent },
            interval: 'WEEK',
            periods: retentionPeriodsOf(variant),
            range: retentionRange,
            countedBy: 'GROUPS',
            groupType: 'company',
          },
        },
      });
    results.push(
      await measureRounds(session, {
        name: `(b) retention ${retentionPeriods} weeks (2–22 across rounds), born at ${retentionStartEvent}, return any event`,
        rounds,
        ask: async (variant) => {
          const [time, data] = await askGraphql<RetentionAnswer>(session, retentionBody(variant));
          return [time, retentionOfGraphql(data, today)];
        },
        askDuckDb: (variant) => retentionOfDuckDb(session, today, retentionPeriodsOf(variant)),
        newEvent: (round) => session.sendEvent(retentionStartEvent, timeOfRound(round + rounds)),
      }),
    );
  } finally {
    await session.close();
  }
  return {
    dataset: session.dataset,
    funnelRange,
    retentionRange,
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
  `Date: ${new Date().toISOString()}; ${rounds} rounds per question, each: one new event of a company in the range, then a form of the question not asked before (funnel: window +1 minute, range ±1 day; retention: periods around 12) to leadmaps (GraphQL) and DuckDB alternately first, then the same GraphQL request again`,
);
console.log(`\n${resultTableHeader}`);
for (const result of results)
  for (const question of result.questions) console.log(resultTableRow(result.dataset, question, result.load));
for (const result of results) {
  const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  console.log(
    `\n${format(result.dataset.parameters.events)}: funnel ${result.funnelRange.from}..${result.funnelRange.to}, retention ${result.retentionRange.from}..${result.retentionRange.to}; DuckDB copy ${format(result.duckDbCopy.seconds)} s, ${format(result.duckDbCopy.rows)} rows`,
  );
}
console.log('\nleadmaps and DuckDB agreed on every figure (each step count, each cohort and cell) in every round.');
