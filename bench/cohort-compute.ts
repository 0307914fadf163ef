// Behavioural cohort computation: `cohortPreview` (the size and first 50 members a definition has
// now, which is the computation a create, update or scheduled recompute runs) through GraphQL over
// HTTP to the real server in a child process, on the Groups benchmark's datasets
// (`leadmaps_bench_groups_<events>`: 10k accounts, ~300k people, 90 days ending 2026-11-24). One
// definition per condition kind, and one nested AND / OR. Every answer's size and first members are
// checked against per-group figures counted here in plain SQL over the raw events, combined in
// TypeScript. The statement alone is also timed beside its previous form (a probe of the raw
// events per group and condition: bench/cohort-membership-previous.ts), alternately.
//
// The datasets are loaded by `npm run bench:groups -- --load-only` (bench/groups-query-data.ts);
// this benchmark never loads one: a size whose database is missing or incomplete is skipped.
// Windows are relative to the real now, so "last 30 days" covers the data's last 21 days.
// Run: npm run bench:cohorts   (BENCH_COHORT_SIZES=1000000,10000000; BENCH_COHORT_ROUNDS=5;
// BENCH_COHORT_SKIP_PREVIOUS=1 skips the previous form, BENCH_COHORT_ONLY=<label substring>)
import { loadavg } from 'node:os';
import pg from 'pg';
import { cohortDefinitionSchema, type CohortDefinition } from '../apps/api/src/modules/cohorts/cohort-definition';
import { buildMembershipSql } from '../apps/api/src/modules/cohorts/queries/cohort-membership.query';
import { residentMegabytes } from './analysis-support';
import { buildPreviousMembershipSql } from './cohort-membership-previous';
import { datasetParameters } from './groups-query-data';
import { benchServerUrl, machineDescription, percentile, postgresVersion, startServerProcess } from './support';

const sizes = (process.env.BENCH_COHORT_SIZES ?? '1000000,10000000').split(',').map(Number);
const rounds = Number(process.env.BENCH_COHORT_ROUNDS ?? 5);
const skipPrevious = Boolean(process.env.BENCH_COHORT_SKIP_PREVIOUS);
const only = process.env.BENCH_COHORT_ONLY ?? '';
const port = 4700 + Math.floor(Math.random() * 90);
const log = (message: string) => process.stderr.write(`${message}\n`);
const dayMilliseconds = 86_400_000;

/** Per group id: a figure counted from the raw rows (absent: zero). */
type Figures = Map<string, number>;

interface Reference {
  /** Every group of the type, by id. */
  groups: { id: string; value: string; properties: Record<string, unknown> }[];
  figures(sql: string, values: unknown[]): Promise<Figures>;
  /** Groups whose property `key` was ever set to `value` (history or current value). */
  everHeld(key: string, value: string): Promise<Set<string>>;
  /** The instant the last `days` UTC days (the bench project's zone) start: today's midnight minus days - 1. */
  lastDaysStart(days: number): Date;
}

interface Case {
  label: string;
  definition: unknown;
  /** The member ids, computed from the reference. */
  expected(reference: Reference): Promise<Set<string>>;
}

/** Attributed events of companies with their event row, counted per group: the plain-SQL reference. */
function eventCount(where: string): string {
  return `SELECT eg.group_id::text AS group_id, count(*)::int AS figure
    FROM event_group eg JOIN event e ON e.project_id = eg.project_id AND e.id = eg.event_id
    WHERE eg.project_id = $1 AND eg.group_type_id = $2 AND ${where}
    GROUP BY eg.group_id`;
}

const company = (conditions: unknown[], combinator = 'AND') => ({ groupType: 'company', combinator, conditions });

const cases: Case[] = [
  {
    label: 'did: Report Created at least 3 times in the last 30 days',
    definition: company([
      {
        kind: 'PERFORMED_EVENT',
        event: { eventType: 'Report Created' },
        comparison: 'AT_LEAST',
        count: 3,
        window: { lastDays: 30 },
      },
    ]),
    async expected(reference) {
      const counts = await reference.figures(
        eventCount(`e.event_type = 'Report Created' AND eg.time >= $3 AND eg.time < now()`),
        [reference.lastDaysStart(30)],
      );
      return idsWhere(reference, (id) => (counts.get(id) ?? 0) >= 3);
    },
  },
  {
    label: 'did not: Dashboard Shared at least once in the last 60 days',
    definition: company([
      {
        kind: 'PERFORMED_EVENT',
        performed: false,
        event: { eventType: 'Dashboard Shared' },
        comparison: 'AT_LEAST',
        count: 1,
        window: { lastDays: 60 },
      },
    ]),
    async expected(reference) {
      const counts = await reference.figures(
        eventCount(`e.event_type = 'Dashboard Shared' AND eg.time >= $3 AND eg.time < now()`),
        [reference.lastDaysStart(60)],
      );
      return idsWhere(reference, (id) => !((counts.get(id) ?? 0) >= 1));
    },
  },
  {
    label: 'at most: 20 events of any type in a fixed range (October)',
    definition: company([
      {
        kind: 'PERFORMED_EVENT',
        event: {},
        comparison: 'AT_MOST',
        count: 20,
        window: { range: { from: '2026-10-01', to: '2026-10-31' } },
      },
    ]),
    async expected(reference) {
      const counts = await reference.figures(
        eventCount(`eg.time >= '2026-10-01T00:00:00Z' AND eg.time < '2026-11-01T00:00:00Z'`),
        [],
      );
      return idsWhere(reference, (id) => (counts.get(id) ?? 0) <= 20);
    },
  },
  {
    label: 'did, with an event property: Page Viewed on /groups at least 5 times in the last 30 days',
    definition: company([
      {
        kind: 'PERFORMED_EVENT',
        event: { eventType: 'Page Viewed', filters: [{ key: 'path', operator: 'EQUALS', value: '/groups' }] },
        comparison: 'AT_LEAST',
        count: 5,
        window: { lastDays: 30 },
      },
    ]),
    async expected(reference) {
      const counts = await reference.figures(
        eventCount(
          `e.event_type = 'Page Viewed' AND e.properties ->> 'path' = '/groups' AND eg.time >= $3 AND eg.time < now()`,
        ),
        [reference.lastDaysStart(30)],
      );
      return idsWhere(reference, (id) => (counts.get(id) ?? 0) >= 5);
    },
  },
  {
    label: 'active people: at least 5 in the last 30 days',
    definition: company([{ kind: 'ACTIVE_PEOPLE', comparison: 'AT_LEAST', count: 5, lastDays: 30 }]),
    async expected(reference) {
      const people = await activePeople(reference, 30);
      return idsWhere(reference, (id) => (people.get(id) ?? 0) >= 5);
    },
  },
  {
    label: 'property matches: plan is Enterprise now',
    definition: company([{ kind: 'PROPERTY', filter: { key: 'plan', operator: 'EQUALS', value: 'Enterprise' } }]),
    async expected(reference) {
      return new Set(
        reference.groups.filter((group) => group.properties.plan === 'Enterprise').map((group) => group.id),
      );
    },
  },
  {
    label: 'ever held: plan was once Team',
    definition: company([{ kind: 'PROPERTY_EVER_HELD', filter: { key: 'plan', operator: 'EQUALS', value: 'Team' } }]),
    expected: (reference) => reference.everHeld('plan', 'Team'),
  },
  {
    label: 'nested: ever Business AND (no report in 30 days OR at most 2 active people in 30 days)',
    definition: company([
      { kind: 'PROPERTY_EVER_HELD', filter: { key: 'plan', operator: 'EQUALS', value: 'Business' } },
      {
        kind: 'GROUP',
        combinator: 'OR',
        conditions: [
          {
            kind: 'PERFORMED_EVENT',
            performed: false,
            event: { eventType: 'Report Created' },
            comparison: 'AT_LEAST',
            count: 1,
            window: { lastDays: 30 },
          },
          { kind: 'ACTIVE_PEOPLE', comparison: 'AT_MOST', count: 2, lastDays: 30 },
        ],
      },
    ]),
    async expected(reference) {
      const business = await reference.everHeld('plan', 'Business');
      const reports = await reference.figures(
        eventCount(`e.event_type = 'Report Created' AND eg.time >= $3 AND eg.time < now()`),
        [reference.lastDaysStart(30)],
      );
      const people = await activePeople(reference, 30);
      return idsWhere(
        reference,
        (id) => business.has(id) && ((reports.get(id) ?? 0) < 1 || (people.get(id) ?? 0) <= 2),
      );
    },
  },
];

function activePeople(reference: Reference, days: number): Promise<Figures> {
  return reference.figures(
    `SELECT eg.group_id::text AS group_id, count(DISTINCT eg.user_id)::int AS figure FROM event_group eg
     WHERE eg.project_id = $1 AND eg.group_type_id = $2 AND eg.user_id IS NOT NULL AND eg.time >= $3 AND eg.time < now()
     GROUP BY eg.group_id`,
    [reference.lastDaysStart(days)],
  );
}

function idsWhere(reference: Reference, holds: (id: string) => boolean): Set<string> {
  return new Set(reference.groups.filter((group) => holds(group.id)).map((group) => group.id));
}

const previewDocument = `query ($definition: JSON!) { cohortPreview(definition: $definition, first: 50) {
  size members { value } } }`;

async function askPreview(url: string, secretKey: string, definition: unknown) {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
    body: JSON.stringify({ query: previewDocument, variables: { definition } }),
  });
  const json = (await response.json()) as {
    data?: { cohortPreview: { size: number; members: { value: string }[] } };
    errors?: unknown;
  };
  if (json.errors || !json.data) throw new Error(`cohortPreview: ${JSON.stringify(json.errors)}`);
  return { ms: performance.now() - started, preview: json.data.cohortPreview };
}

interface Row {
  size: number;
  label: string;
  members: number;
  first: number;
  p50: number;
  statement: number | null;
  previous: number | null;
  reference: number;
}

async function timeStatement(client: pg.Client, statement: { text: string; values: unknown[] }): Promise<number> {
  const started = performance.now();
  await client.query(statement.text, statement.values);
  return performance.now() - started;
}

async function measureSize(events: number): Promise<{ rows: Row[]; resident: number; storedEvents: number } | null> {
  const url = new URL(benchServerUrl);
  url.pathname = `/leadmaps_bench_groups_${events}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch {
    log(`${events}: no database ${url.pathname.slice(1)}; skipped (npm run bench:groups -- --load-only loads it)`);
    return null;
  }
  let server: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  try {
    const marker = await client.query<{ project_id: number; secret_key: string; parameters: { events: number } }>(
      `SELECT project_id, secret_key, parameters FROM bench.groups_dataset WHERE complete`,
    );
    const dataset = marker.rows[0];
    if (!dataset || dataset.parameters.events !== datasetParameters(events).events) {
      log(`${events}: the dataset is still loading or was generated otherwise; skipped`);
      return null;
    }
    const projectId = dataset.project_id;
    const project = (
      await client.query<{ time_zone: string; group_type_id: number; stored: string }>(
        `SELECT p.time_zone, t.id AS group_type_id, (SELECT count(*) FROM event WHERE project_id = p.id) AS stored
         FROM project p JOIN group_type t ON t.project_id = p.id AND t.name = 'company' WHERE p.id = $1`,
        [projectId],
      )
    ).rows[0]!;
    if (project.time_zone !== 'UTC') throw new Error('the bench project is expected in UTC');
    const groupTypeId = Number(project.group_type_id);
    const groups = (
      await client.query<{ id: string; value: string; properties: Record<string, unknown> }>(
        `SELECT id::text, value, properties FROM "group" WHERE project_id = $1 AND group_type_id = $2 ORDER BY id`,
        [projectId, groupTypeId],
      )
    ).rows;
    const reference: Reference = {
      groups,
      async figures(text, values) {
        const { rows } = await client.query<{ group_id: string; figure: number }>(text, [
          projectId,
          groupTypeId,
          ...values,
        ]);
        return new Map(rows.map((row) => [row.group_id, row.figure]));
      },
      async everHeld(key, value) {
        const { rows } = await client.query<{ id: string }>(
          `SELECT c.group_id::text AS id FROM group_property_change c
           WHERE c.project_id = $1 AND c.key = $2 AND c.value #>> '{}' = $3
           UNION SELECT g.id::text FROM "group" g WHERE g.project_id = $1 AND g.properties ->> $2 = $3`,
          [projectId, key, value],
        );
        const ofType = new Set(groups.map((group) => group.id));
        return new Set(rows.map((row) => row.id).filter((id) => ofType.has(id)));
      },
      lastDaysStart(days) {
        const today = Math.floor(Date.now() / dayMilliseconds);
        return new Date((today - (days - 1)) * dayMilliseconds);
      },
    };
    server = await startServerProcess(url.toString(), port);
    const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
    const groupValues = new Map(groups.map((group) => [group.id, group.value]));
    const rows: Row[] = [];
    let resident = 0;
    for (const [index, item] of cases.entries()) {
      if (only && !item.label.includes(only)) continue;
      const definition: CohortDefinition = cohortDefinitionSchema.parse(item.definition);
      const times: number[] = [];
      let first = Number.NaN;
      let preview: Awaited<ReturnType<typeof askPreview>>['preview'] | null = null;
      for (let round = 0; round < rounds; round++) {
        const answer = await askPreview(graphqlUrl, dataset.secret_key, item.definition);
        if (round === 0) first = answer.ms;
        else times.push(answer.ms);
        preview = answer.preview;
      }
      resident = Math.max(resident, residentMegabytes(server.pid!));
      const referenceStarted = performance.now();
      const expected = [...(await item.expected(reference))].sort((left, right) =>
        BigInt(left) < BigInt(right) ? -1 : 1,
      );
      const referenceMs = performance.now() - referenceStarted;
      const expectedFirst = expected.slice(0, 50).map((id) => groupValues.get(id));
      const shown = preview!.members.map((member) => member.value);
      if (preview!.size !== expected.length || JSON.stringify(shown) !== JSON.stringify(expectedFirst)) {
        throw new Error(
          `${item.label}: leadmaps holds ${preview!.size} groups (first ${shown.slice(0, 3).join(', ')}), plain SQL ${expected.length} (first ${expectedFirst.slice(0, 3).join(', ')})`,
        );
      }
      // The statement alone, current and previous form alternately (which goes first alternates by case).
      let statement: number | null = null;
      let previous: number | null = null;
      const scope = { projectId, timeZone: 'UTC', groupTypeId, now: new Date() };
      const timeCurrent = async () => {
        statement = await timeStatement(client, buildMembershipSql(definition, scope));
      };
      const timePrevious = async () => {
        if (!skipPrevious) previous = await timeStatement(client, buildPreviousMembershipSql(definition, scope));
      };
      for (const run of index % 2 ? [timePrevious, timeCurrent] : [timeCurrent, timePrevious]) await run();
      times.sort((left, right) => left - right);
      const row: Row = {
        size: events,
        label: item.label,
        members: expected.length,
        first,
        p50: times.length ? percentile(times, 0.5) : Number.NaN,
        statement,
        previous,
        reference: referenceMs,
      };
      rows.push(row);
      log(
        `${events}: ${item.label}: ${row.members} groups; first ${first.toFixed(0)} ms, p50 ${row.p50.toFixed(0)} ms; statement ${statement === null ? '-' : (statement as number).toFixed(0)} ms, previous ${previous === null ? '-' : (previous as number).toFixed(0)} ms`,
      );
    }
    return { rows, resident, storedEvents: Number(project.stored) };
  } finally {
    server?.kill('SIGTERM');
    await client.end();
  }
}

async function main() {
  const results: { events: number; rows: Row[]; resident: number; storedEvents: number }[] = [];
  const load: number[] = [loadavg()[0]!];
  for (const events of sizes) {
    const measured = await measureSize(events);
    if (measured) results.push({ events, ...measured });
    load.push(loadavg()[0]!);
  }
  console.log(`\nMachine: ${machineDescription()}, PostgreSQL ${await postgresVersion(benchServerUrl)}`);
  console.log(
    `Date: ${new Date().toISOString()}; load average (1 min) along the run: ${load.map((value) => value.toFixed(1)).join(', ')}`,
  );
  console.log(`Rounds per definition: ${rounds} (the first request, then ${rounds - 1} repeats for the p50)`);
  for (const result of results) {
    console.log(
      `\n${result.events.toLocaleString('en-US')} events (${result.storedEvents.toLocaleString('en-US')} stored), server resident memory ${result.resident.toFixed(0)} MB:\n`,
    );
    console.log(
      '| definition | groups | first request ms | repeat p50 ms | statement ms | previous statement ms | ratio | plain SQL reference ms |\n|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const row of result.rows) {
      const ratio = row.previous !== null && row.statement !== null ? (row.previous / row.statement).toFixed(1) : '-';
      console.log(
        `| ${row.label} | ${row.members} | ${row.first.toFixed(0)} | ${row.p50.toFixed(0)} | ${row.statement?.toFixed(0) ?? '-'} | ${row.previous?.toFixed(0) ?? '-'} | ${ratio} | ${row.reference.toFixed(0)} |`,
      );
    }
  }
}

await main();
