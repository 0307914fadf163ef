// Every analysis statement reads each table under the project's id, bound as a parameter: the
// same check as the analytics queries (analytics/queries/analytics-sql.test.ts), on every shape a
// definition can take (counted by groups, people or events; NEW; filters; both breakdowns).
import { describe, expect, it } from 'vitest';
import type { Sql } from '../../../database/sql';
import type { Measure } from '../analysis-query';
import { SavedChartRepository } from '../saved-chart.repository';
import { buildCompositionSql, buildCompositionTopValuesSql } from './composition.query';
import { buildGroupDaysSql, buildGroupLabelsSql, buildRollupVersionSql } from './group-days.query';
import { buildEventPropertyKeysSql, buildGroupPropertyKeysSql, buildRecentEventNamesSql } from './known-keys.query';
import { buildMicroscopeSql } from './microscope.query';
import {
  answersFromRollups,
  buildFiguresSql,
  buildPointUnitsSql,
  buildTopValuesSql,
  type Audience,
  type SeriesSpec,
} from './segmentation.query';

const projectId = 4242;
const tables = [
  'event',
  'event_group',
  'group',
  'app_user',
  'group_property_key',
  'saved_chart',
  'group_daily',
  'group_event_type_daily',
];
const keywords = new Set(['SET', 'VALUES', 'WHERE', 'ON', 'JOIN', 'LEFT', 'CROSS', 'AS', 'GROUP', 'ORDER', 'LIMIT']);

function expectScoped(statement: { text: string; values: unknown[] }) {
  const pattern = new RegExp(
    `\\b(FROM|JOIN|UPDATE|INTO)\\s+"?(${tables.join('|')})"?(?![\\w(])(?:\\s+(?:AS\\s+)?(\\w+))?`,
    'g',
  );
  const reads = [...statement.text.matchAll(pattern)];
  expect(reads.length).toBeGreaterThan(0);
  for (const read of reads) {
    const alias = read[3] && !keywords.has(read[3]) ? read[3] : null;
    const scope = alias
      ? new RegExp(`\\b${alias}\\.project_id = \\$(\\d+)`).exec(statement.text)
      : /(?:WHERE|ON)\s+project_id = \$(\d+)/.exec(statement.text.slice(read.index));
    expect(scope, `${read[2]} ${alias ?? ''} without a project scope`).not.toBeNull();
    expect(statement.values[Number(scope![1]) - 1]).toBe(projectId);
  }
  expect(statement.text).not.toContain(String(projectId));
}

const groupType = { id: 0, name: 'company', nameProperty: 'name' };
const audience = (countedBy: Audience['countedBy'], withGroupFilter: boolean): Audience => ({
  projectId,
  timeZone: 'Australia/Adelaide',
  countedBy,
  groupType,
  groupFilters: withGroupFilter ? [{ key: 'plan', operator: 'EQUALS', value: 'pro' }] : [],
  cohortId: withGroupFilter ? 7 : null,
});
const spec = (
  countedBy: Audience['countedBy'],
  measure: Measure,
  source: 'GROUP_PROPERTY' | 'EVENT_PROPERTY' | 'COHORT',
  withGroupFilter: boolean,
): SeriesSpec => ({
  audience: audience(countedBy, withGroupFilter),
  selection: { eventType: 'Checkout', filters: [{ key: 'amount', operator: 'GREATER_THAN', value: '3' }] },
  breakdown: { source, key: source === 'COHORT' ? '12' : 'plan', limit: 5 },
  measure,
  interval: 'WEEK',
  range: { from: '2026-10-01', to: '2026-10-31' },
});

describe('analysis SQL is scoped to one project', () => {
  const statements: Record<string, { text: string; values: unknown[] }> = {};
  for (const countedBy of ['GROUPS', 'PEOPLE', 'EVENTS'] as const) {
    for (const measure of ['UNIQUES', 'NEW'] as const) {
      for (const source of ['GROUP_PROPERTY', 'EVENT_PROPERTY', 'COHORT'] as const) {
        for (const withGroupFilter of [false, true]) {
          const series = spec(countedBy, measure, source, withGroupFilter);
          const name = `${countedBy} ${measure} ${source}${withGroupFilter ? ' filtered' : ''}`;
          statements[`figures ${name}`] = buildFiguresSql(series, ['a', 'b']);
          statements[`top values ${name}`] = buildTopValuesSql(series, 5);
          statements[`point ${name}`] = buildPointUnitsSql(series, '2026-10-05', { kind: 'OTHER', value: null }, ['a']);
          if (countedBy !== 'EVENTS') {
            statements[`microscope ${name}`] = buildMicroscopeSql(
              series,
              { bucket: '2026-10-05', breakdown: { kind: 'VALUE', value: 'a' } },
              ['a'],
              { limit: 50, offset: 0 },
            );
          }
        }
      }
    }
  }
  for (const range of [null, { from: '2026-10-01', to: '2026-10-31' }]) {
    const composition = {
      projectId,
      timeZone: 'UTC',
      groupTypeId: 0,
      groupFilters: [{ key: 'seats', operator: 'LESS_THAN' as const, value: '10' }],
      cohortId: 7,
      property: 'plan',
      range,
    };
    statements[`composition ${range ? 'active' : 'all'}`] = buildCompositionSql(composition, ['pro']);
    statements[`composition top values ${range ? 'active' : 'all'}`] = buildCompositionTopValuesSql(composition, 10);
  }
  for (const eventType of [null, 'Checkout']) {
    for (const measure of ['UNIQUES', 'NEW'] as const) {
      const series: SeriesSpec = {
        ...spec('GROUPS', measure, eventType === null ? 'COHORT' : 'GROUP_PROPERTY', true),
        selection: { eventType, filters: [] },
      };
      expect(answersFromRollups(series)).toBe(true);
      statements[`rollup figures ${eventType ?? 'any event'} ${measure}`] = buildFiguresSql(series, ['a']);
      statements[`rollup top values ${eventType ?? 'any event'} ${measure}`] = buildTopValuesSql(series, 3);
    }
  }
  statements.groupPropertyKeys = buildGroupPropertyKeysSql(projectId);
  statements.eventPropertyKeys = buildEventPropertyKeysSql(projectId);
  statements.recentEventNames = buildRecentEventNamesSql(projectId, 100);
  for (const eventType of [null, 'Checkout']) {
    for (const groupIds of [null, [1n, 2n]]) {
      statements[`group days ${eventType ?? 'any event'} ${groupIds ? 'some' : 'all'}`] = buildGroupDaysSql(
        { projectId, groupTypeId: 0, eventType, range: { from: '2026-10-01', to: '2026-10-31' } },
        groupIds,
      );
    }
  }
  statements.groupLabels = buildGroupLabelsSql(
    projectId,
    0,
    [{ key: 'seats', operator: 'LESS_THAN', value: '10' }],
    'plan',
  );
  statements.rollupVersion = buildRollupVersionSql(projectId);

  for (const [name, statement] of Object.entries(statements)) {
    it(`scopes ${name}`, () => expectScoped(statement));
  }

  it('scopes every statement of the saved charts', async () => {
    const captured: Sql[] = [];
    const executor = {
      query: async (statement: Sql) => {
        captured.push(statement);
        return [];
      },
      execute: async (statement: Sql) => {
        captured.push(statement);
        return 0;
      },
    };
    const repository = new SavedChartRepository(executor as never);
    const chart = { name: 'n', kind: 'segmentation' as const, definition: {} };
    await repository.list(projectId);
    await repository.find(projectId, 1);
    await repository.create(projectId, chart).catch(() => undefined);
    await repository.update(projectId, 1, chart);
    await repository.delete(projectId, 1);
    expect(captured).toHaveLength(5);
    for (const statement of captured.filter((entry) => !entry.text.includes('INSERT'))) expectScoped(statement);
    // The insert names its project as the first value.
    expect(captured.find((entry) => entry.text.includes('INSERT'))!.values[0]).toBe(projectId);
  });

  it('reads the rollups only for charts that are counts of attributed events per group and day', () => {
    const rollups = (series: SeriesSpec) => buildFiguresSql(series, []).text;
    const anyEvent = {
      ...spec('GROUPS', 'UNIQUES', 'GROUP_PROPERTY', false),
      selection: { eventType: null, filters: [] },
    };
    expect(rollups(anyEvent)).toMatch(/FROM group_daily d/);
    expect(rollups({ ...anyEvent, selection: { eventType: 'Checkout', filters: [] } })).toMatch(
      /FROM group_event_type_daily d/,
    );
    for (const raw of [
      spec('GROUPS', 'UNIQUES', 'GROUP_PROPERTY', false),
      spec('GROUPS', 'UNIQUES', 'EVENT_PROPERTY', false),
      spec('PEOPLE', 'UNIQUES', 'GROUP_PROPERTY', false),
      { ...spec('EVENTS', 'UNIQUES', 'GROUP_PROPERTY', false), selection: { eventType: null, filters: [] } },
    ]) {
      expect(answersFromRollups(raw)).toBe(false);
      expect(rollups(raw)).not.toMatch(/group_daily|group_event_type_daily/);
    }
    // Microscope needs each event's person: always the raw events.
    expect(buildPointUnitsSql(anyEvent, '2026-10-05', null, []).text).not.toMatch(/group_daily/);
  });

  it('binds keys, values and the time zone as parameters, never as text', () => {
    const statement = buildFiguresSql(spec('GROUPS', 'UNIQUES', 'GROUP_PROPERTY', true), ["it's"]);
    expect(statement.text).not.toContain('Adelaide');
    expect(statement.text).not.toContain('plan');
    expect(statement.text).not.toContain('Checkout');
    expect(statement.values).toEqual(expect.arrayContaining(['Australia/Adelaide', 'plan', 'Checkout', ["it's"]]));
  });
});
