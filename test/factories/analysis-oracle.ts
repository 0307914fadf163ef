// The independent computation the analysis tests compare with: the raw events replayed as sent
// (insert_id dedup per device/user, identify sets the user-level group from then on, event-level
// groups win over the user-level group of their type, attribution at arrival), then every chart
// figure counted in plain TypeScript from its written definition (README "Analyses"). No SQL, no
// production code: the day and week rules come from ./calendar.ts.
import type { ScenarioBatch, WireEvent } from './analytics-scenario';
import { dayInZone, mondayOf } from './calendar';

export interface ReplayedEvent {
  key: string;
  eventType: string;
  time: number;
  /** user id, else device id; null for organisation-level events. */
  person: string | null;
  properties: Record<string, unknown>;
  /** Attributed groups of the one group type replayed. */
  groups: string[];
}

export interface Replay {
  events: ReplayedEvent[];
  /** Current group properties per group value after every $groupidentify ($set / $unset). */
  groupProperties: Map<string, Record<string, unknown>>;
  /** Every group value that exists (seen in an event, an identify or a group identify). */
  allGroups: Set<string>;
}

function valuesOf(groups: WireEvent['groups'], groupType: string): string[] {
  const value = groups?.[groupType];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function replayEvents(batches: ScenarioBatch[], groupType: string): Replay {
  const seen = new Set<string>();
  const membership = new Map<string, string>();
  const replay: Replay = { events: [], groupProperties: new Map(), allGroups: new Set() };
  let counter = 0;
  for (const batch of batches) {
    for (const event of batch.events) {
      if (event.insert_id) {
        const key = `${event.device_id ?? event.user_id ?? ''}:${event.insert_id}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const person = event.user_id ?? event.device_id ?? null;
      const values = valuesOf(event.groups, groupType);
      for (const value of values) replay.allGroups.add(value);
      if (event.event_type === '$identify') {
        if (person && values.length) membership.set(person, values.at(-1)!);
        continue;
      }
      if (event.event_type === '$groupidentify') {
        for (const value of values) {
          const current = replay.groupProperties.get(value) ?? {};
          for (const [operation, bag] of Object.entries(event.group_properties ?? {})) {
            for (const [key, propertyValue] of Object.entries(bag as Record<string, unknown>)) {
              if (operation === '$set') current[key] = propertyValue;
              else if (operation === '$unset') delete current[key];
              else throw new Error(`the oracle does not replay ${operation}`);
            }
          }
          replay.groupProperties.set(value, current);
        }
        continue;
      }
      counter += 1;
      const groups = values.length ? values : person && membership.has(person) ? [membership.get(person)!] : [];
      replay.events.push({
        key: `event-${counter}`,
        eventType: event.event_type,
        time: event.time,
        person,
        properties: event.event_properties ?? {},
        groups,
      });
    }
  }
  return replay;
}

export interface Filter {
  key: string;
  operator: 'EQUALS' | 'NOT_EQUALS' | 'CONTAINS' | 'GREATER_THAN' | 'LESS_THAN' | 'IS_SET' | 'IS_NOT_SET';
  value?: string;
}

export interface ChartDefinition {
  series: { eventType?: string; filters?: Filter[] }[];
  countedBy?: 'GROUPS' | 'PEOPLE' | 'EVENTS';
  measure?: 'UNIQUES' | 'TOTALS' | 'AVERAGE' | 'NEW';
  groupFilters?: Filter[];
  breakdown?: { source: 'GROUP_PROPERTY' | 'EVENT_PROPERTY'; key: string; limit?: number };
  range: { from: string; to: string };
  interval?: 'DAY' | 'WEEK' | 'MONTH';
}

/** A property as the documented text: strings as they are, numbers and booleans written out, null/missing as unset. */
function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function matches(properties: Record<string, unknown>, filter: Filter): boolean {
  const text = asText(properties[filter.key]);
  const numeric = text !== null && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : null;
  switch (filter.operator) {
    case 'EQUALS':
      return text === filter.value;
    case 'NOT_EQUALS':
      return text !== filter.value;
    case 'CONTAINS':
      return text?.toLowerCase().includes(filter.value!.toLowerCase()) === true;
    case 'GREATER_THAN':
      return numeric !== null && numeric > Number(filter.value);
    case 'LESS_THAN':
      return numeric !== null && numeric < Number(filter.value);
    case 'IS_SET':
      return text !== null;
    case 'IS_NOT_SET':
      return text === null;
  }
}

export function bucketOf(day: string, interval: 'DAY' | 'WEEK' | 'MONTH'): string {
  if (interval === 'DAY') return day;
  if (interval === 'WEEK') return mondayOf(day);
  return `${day.slice(0, 8)}01`;
}

export interface ExpectedSeries {
  seriesIndex: number;
  breakdown: { kind: 'VALUE' | 'NONE' | 'OTHER'; value: string | null } | null;
  points: Map<string, number>;
  total: number;
}

interface CountedRow {
  unit: string;
  event: string;
  person: string | null;
  day: string;
  value: string | null;
}

/** Every (unit, event) a series counts, from `from` (null: since the first event) to the range end. */
export function countedRows(
  replay: Replay,
  definition: ChartDefinition,
  seriesIndex: number,
  timeZone: string,
  from: string | null,
): CountedRow[] {
  const selection = definition.series[seriesIndex]!;
  const countedBy = definition.countedBy ?? 'GROUPS';
  const groupFilters = definition.groupFilters ?? [];
  const breakdown = definition.breakdown;
  const usesGroups = countedBy === 'GROUPS' || groupFilters.length > 0 || breakdown?.source === 'GROUP_PROPERTY';
  const rows: CountedRow[] = [];
  for (const event of replay.events) {
    const day = dayInZone(event.time, timeZone);
    if ((from !== null && day < from) || day > definition.range.to) continue;
    if (selection.eventType && event.eventType !== selection.eventType) continue;
    if (!(selection.filters ?? []).every((filter) => matches(event.properties, filter))) continue;
    if (countedBy === 'PEOPLE' && event.person === null) continue;
    const groups = event.groups.filter((group) =>
      groupFilters.every((filter) => matches(replay.groupProperties.get(group) ?? {}, filter)),
    );
    const eventValue = breakdown?.source === 'EVENT_PROPERTY' ? asText(event.properties[breakdown.key]) : null;
    const groupValue = (group: string) =>
      breakdown?.source === 'GROUP_PROPERTY' ? asText(replay.groupProperties.get(group)?.[breakdown.key]) : eventValue;
    const unitOf = (group: string | null) =>
      countedBy === 'GROUPS' ? group! : countedBy === 'PEOPLE' ? event.person! : event.key;
    if (usesGroups) {
      if (groups.length === 0) {
        // Counting people or events broken down by a group property keeps ungrouped events under (none).
        if (countedBy !== 'GROUPS' && groupFilters.length === 0)
          rows.push({ unit: unitOf(null), event: event.key, person: event.person, day, value: null });
        continue;
      }
      for (const group of groups)
        rows.push({ unit: unitOf(group), event: event.key, person: event.person, day, value: groupValue(group) });
    } else {
      rows.push({ unit: unitOf(null), event: event.key, person: event.person, day, value: eventValue });
    }
  }
  return rows;
}

/** The rows of the measure: for NEW, each unit's rows in its first bucket when its first event is in the range. */
function measuredRows(
  replay: Replay,
  definition: ChartDefinition,
  seriesIndex: number,
  timeZone: string,
): (CountedRow & { bucket: string })[] {
  const interval = definition.interval ?? 'DAY';
  const { from } = definition.range;
  if (definition.measure !== 'NEW') {
    return countedRows(replay, definition, seriesIndex, timeZone, from).map((row) => ({
      ...row,
      bucket: bucketOf(row.day, interval),
    }));
  }
  const history = countedRows(replay, definition, seriesIndex, timeZone, null);
  const firstDay = new Map<string, string>();
  for (const row of history)
    if (!firstDay.has(row.unit) || row.day < firstDay.get(row.unit)!) firstDay.set(row.unit, row.day);
  return history
    .filter((row) => {
      const first = firstDay.get(row.unit)!;
      return first >= from && row.day >= from && bucketOf(first, interval) === bucketOf(row.day, interval);
    })
    .map((row) => ({ ...row, bucket: bucketOf(row.day, interval) }));
}

function figure(rows: CountedRow[], measure: ChartDefinition['measure']): number {
  const uniques = new Set(rows.map((row) => row.unit)).size;
  const totals = new Set(rows.map((row) => `${row.unit}|${row.event}`)).size;
  if (measure === 'TOTALS') return totals;
  if (measure === 'AVERAGE') return uniques === 0 ? 0 : totals / uniques;
  return uniques;
}

export function expectedTopValues(rows: CountedRow[], measure: ChartDefinition['measure'], limit: number): string[] {
  const byValue = new Map<string, CountedRow[]>();
  for (const row of rows) if (row.value !== null) byValue.set(row.value, [...(byValue.get(row.value) ?? []), row]);
  const ranked = [...byValue].map(([value, list]) => ({
    value,
    uniques: new Set(list.map((row) => row.unit)).size,
    totals: new Set(list.map((row) => `${row.unit}|${row.event}`)).size,
  }));
  ranked.sort((left, right) => {
    const [a, b] = measure === 'TOTALS' ? (['totals', 'uniques'] as const) : (['uniques', 'totals'] as const);
    return (
      right[a] - left[a] || right[b] - left[b] || (left.value < right.value ? -1 : left.value > right.value ? 1 : 0)
    );
  });
  return ranked.slice(0, limit).map((entry) => entry.value);
}

export function labelOf(
  value: string | null,
  top: string[],
): { kind: 'VALUE' | 'NONE' | 'OTHER'; value: string | null } {
  if (value === null) return { kind: 'NONE', value: null };
  return top.includes(value) ? { kind: 'VALUE', value } : { kind: 'OTHER', value: null };
}

/** Every series of a segmentation chart: top values in rank order, then OTHER, then NONE. */
export function expectedSegmentation(replay: Replay, definition: ChartDefinition, timeZone: string): ExpectedSeries[] {
  const result: ExpectedSeries[] = [];
  definition.series.forEach((_, seriesIndex) => {
    const rows = measuredRows(replay, definition, seriesIndex, timeZone);
    const seriesOf = (list: typeof rows, breakdown: ExpectedSeries['breakdown']): ExpectedSeries => {
      const points = new Map<string, number>();
      for (const bucket of new Set(list.map((row) => row.bucket)))
        points.set(
          bucket,
          figure(
            list.filter((row) => row.bucket === bucket),
            definition.measure,
          ),
        );
      return { seriesIndex, breakdown, points, total: figure(list, definition.measure) };
    };
    if (!definition.breakdown) {
      result.push(seriesOf(rows, null));
      return;
    }
    const top = expectedTopValues(rows, definition.measure, definition.breakdown.limit ?? 10);
    const labels = [
      ...top.map((value) => ({ kind: 'VALUE' as const, value })),
      { kind: 'OTHER' as const, value: null },
      { kind: 'NONE' as const, value: null },
    ];
    for (const label of labels) {
      const list = rows.filter((row) => {
        const own = labelOf(row.value, top);
        return own.kind === label.kind && own.value === label.value;
      });
      if (list.length) result.push(seriesOf(list, label));
    }
  });
  return result;
}

/** The members of one point with their events and people in it, most events first, then name. */
export function expectedPointMembers(
  replay: Replay,
  definition: ChartDefinition,
  timeZone: string,
  point: { seriesIndex: number; bucket: string; breakdown: { kind: string; value: string | null } | null },
  nameOf: (unit: string) => string,
): { unit: string; name: string; events: number; people: number }[] {
  const rows = measuredRows(replay, definition, point.seriesIndex, timeZone);
  const top = definition.breakdown ? expectedTopValues(rows, definition.measure, definition.breakdown.limit ?? 10) : [];
  const inPoint = rows.filter((row) => {
    if (row.bucket !== point.bucket) return false;
    if (!point.breakdown) return true;
    const own = labelOf(row.value, top);
    return own.kind === point.breakdown.kind && own.value === point.breakdown.value;
  });
  const byUnit = new Map<string, { events: Set<string>; people: Set<string> }>();
  for (const row of inPoint) {
    const entry = byUnit.get(row.unit) ?? { events: new Set(), people: new Set() };
    entry.events.add(row.event);
    if (row.person) entry.people.add(row.person);
    byUnit.set(row.unit, entry);
  }
  return [...byUnit]
    .map(([unit, entry]) => ({ unit, name: nameOf(unit), events: entry.events.size, people: entry.people.size }))
    .sort(
      (left, right) => right.events - left.events || (left.name < right.name ? -1 : left.name > right.name ? 1 : 0),
    );
}
