// The independent computation the retention tests compare with, written from the rules in the
// README ("Analyses", retention): the raw events replayed as sent (analysis-oracle.ts), then in
// plain TypeScript: a unit is born in the period of its first start event inside the range; it is
// retained in period p + k when it has a return event in that period (any time in it, k = 0
// included); return events count up to yesterday (project-local), so a cell whose period has not
// ended is null; the curve is Σ retained / Σ born over the cohorts with births whose cell is
// complete. No SQL and no production code: periods come from ./calendar.ts.
import { countedRows, type ChartDefinition, type Filter, type Replay } from './analysis-oracle';
import { mondayOf, plusDays } from './calendar';

export type RetentionInterval = 'DAY' | 'WEEK' | 'MONTH';

export interface RetentionDefinition {
  startEvent: { eventType?: string; filters?: Filter[] };
  returnEvent?: { eventType?: string; filters?: Filter[] };
  countedBy?: 'GROUPS' | 'PEOPLE';
  groupFilters?: Filter[];
  breakdown?: { source: 'GROUP_PROPERTY'; key: string; limit?: number };
  range: { from: string; to: string };
  interval?: RetentionInterval;
  periods?: number;
}

export interface ExpectedCell {
  offset: number;
  period: string;
  complete: boolean;
  retained: number | null;
  percentage: number | null;
}

export interface ExpectedTable {
  breakdown: { kind: 'VALUE' | 'NONE' | 'OTHER'; value: string | null } | null;
  born: number;
  cohorts: { period: string; born: number; cells: ExpectedCell[] }[];
  curve: { offset: number; percentage: number | null; retained: number; born: number; cohorts: number }[];
  /** unit → birth day, per cohort: what Microscope lists. */
  birthDays: Map<string, string>;
  /** `${unit}|${period}` → distinct return events of the unit in the period (complete periods only). */
  returnEvents: Map<string, number>;
}

export function periodOf(day: string, interval: RetentionInterval): string {
  if (interval === 'DAY') return day;
  if (interval === 'WEEK') return mondayOf(day);
  return `${day.slice(0, 7)}-01`;
}

export function periodAfter(period: string, interval: RetentionInterval): string {
  if (interval === 'DAY') return plusDays(period, 1);
  if (interval === 'WEEK') return plusDays(period, 7);
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

interface Row {
  unit: string;
  event: string;
  day: string;
  value: string | null;
}

function rowsOf(
  replay: Replay,
  definition: RetentionDefinition,
  selection: { eventType?: string; filters?: Filter[] },
  timeZone: string,
  to: string,
): Row[] {
  const chart: ChartDefinition = {
    series: [selection],
    countedBy: definition.countedBy ?? 'GROUPS',
    groupFilters: definition.groupFilters,
    breakdown: definition.breakdown,
    range: { from: definition.range.from, to },
  };
  return countedRows(replay, chart, 0, timeZone, null).map((row) => ({
    unit: row.unit,
    event: row.event,
    day: row.day,
    value: row.value,
  }));
}

type Label = ExpectedTable['breakdown'];

function tableOf(
  label: Label,
  starts: Row[],
  returns: Row[],
  definition: RetentionDefinition,
  today: string,
): ExpectedTable {
  const interval = definition.interval ?? 'WEEK';
  const periods = definition.periods ?? 8;
  const birthDays = new Map<string, string>();
  for (const row of starts) {
    if (row.day < definition.range.from || row.day > definition.range.to) continue;
    const known = birthDays.get(row.unit);
    if (known === undefined || row.day < known) birthDays.set(row.unit, row.day);
  }
  const returnedEvents = new Map<string, Set<string>>();
  for (const row of returns) {
    if (row.day >= today) continue;
    const key = `${row.unit}|${periodOf(row.day, interval)}`;
    if (!returnedEvents.has(key)) returnedEvents.set(key, new Set());
    returnedEvents.get(key)!.add(row.event);
  }
  const returned = new Set(returnedEvents.keys());
  const cohortPeriods: string[] = [];
  for (let period = periodOf(definition.range.from, interval); period <= definition.range.to; ) {
    cohortPeriods.push(period);
    period = periodAfter(period, interval);
  }
  const cohorts = cohortPeriods.map((cohort) => {
    const members = [...birthDays].filter(([, day]) => periodOf(day, interval) === cohort).map(([unit]) => unit);
    const cells: ExpectedCell[] = [];
    let period = cohort;
    for (let offset = 0; offset <= periods; offset += 1) {
      const next = periodAfter(period, interval);
      const complete = plusDays(next, -1) < today;
      const retained = complete ? members.filter((unit) => returned.has(`${unit}|${period}`)).length : null;
      cells.push({
        offset,
        period,
        complete,
        retained,
        percentage: retained === null || members.length === 0 ? null : (100 * retained) / members.length,
      });
      period = next;
    }
    return { period: cohort, born: members.length, cells };
  });
  const curve = Array.from({ length: periods + 1 }, (_, offset) => {
    const counted = cohorts.filter((cohort) => cohort.born > 0 && cohort.cells[offset]!.complete);
    const born = counted.reduce((sum, cohort) => sum + cohort.born, 0);
    const retained = counted.reduce((sum, cohort) => sum + cohort.cells[offset]!.retained!, 0);
    return { offset, percentage: born === 0 ? null : (100 * retained) / born, retained, born, cohorts: counted.length };
  });
  return {
    breakdown: label,
    born: cohorts.reduce((sum, cohort) => sum + cohort.born, 0),
    cohorts,
    curve,
    birthDays,
    returnEvents: new Map([...returnedEvents].map(([key, events]) => [key, events.size])),
  };
}

export function expectedRetention(
  replay: Replay,
  definition: RetentionDefinition,
  timeZone: string,
  today: string,
): { total: ExpectedTable; breakdowns: ExpectedTable[] } {
  const yesterday = plusDays(today, -1);
  const returnSelection = definition.returnEvent ?? {};
  const withoutBreakdown = { ...definition, breakdown: undefined };
  const total = tableOf(
    null,
    rowsOf(replay, withoutBreakdown, definition.startEvent, timeZone, definition.range.to),
    rowsOf(replay, withoutBreakdown, returnSelection, timeZone, yesterday),
    definition,
    today,
  );
  if (!definition.breakdown) return { total, breakdowns: [] };
  const starts = rowsOf(replay, definition, definition.startEvent, timeZone, definition.range.to).filter(
    (row) => row.day >= definition.range.from,
  );
  const returns = rowsOf(replay, definition, returnSelection, timeZone, yesterday);
  // Top values: most distinct units with a start event in the range, then by value.
  const unitsPerValue = new Map<string, Set<string>>();
  for (const row of starts) {
    if (row.value === null) continue;
    if (!unitsPerValue.has(row.value)) unitsPerValue.set(row.value, new Set());
    unitsPerValue.get(row.value)!.add(row.unit);
  }
  const top = [...unitsPerValue]
    .sort(([leftValue, left], [rightValue, right]) =>
      right.size !== left.size ? right.size - left.size : leftValue < rightValue ? -1 : 1,
    )
    .slice(0, definition.breakdown.limit ?? 10)
    .map(([value]) => value);
  const labelOf = (value: string | null): NonNullable<Label> =>
    value === null
      ? { kind: 'NONE', value: null }
      : top.includes(value)
        ? { kind: 'VALUE', value }
        : { kind: 'OTHER', value: null };
  const keyOf = (label: NonNullable<Label>) => `${label.kind}|${label.value ?? ''}`;
  const labels = new Map<string, NonNullable<Label>>();
  for (const row of starts) labels.set(keyOf(labelOf(row.value)), labelOf(row.value));
  const order = (label: NonNullable<Label>) =>
    label.kind === 'VALUE' ? top.indexOf(label.value!) : label.kind === 'OTHER' ? top.length : top.length + 1;
  const breakdowns = [...labels.values()]
    .sort((left, right) => order(left) - order(right))
    .map((label) =>
      tableOf(
        label,
        starts.filter((row) => keyOf(labelOf(row.value)) === keyOf(label)),
        returns.filter((row) => keyOf(labelOf(row.value)) === keyOf(label)),
        definition,
        today,
      ),
    );
  return { total, breakdowns };
}
