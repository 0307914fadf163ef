// Every funnel statement reads each table under the project's id, bound as a parameter (as
// analysis-sql.test.ts checks for the other charts), and the step rows come out ordered by unit
// and time, which the one-pass chain relies on.
import { describe, expect, it } from 'vitest';
import { buildFunnelEventsSql, type FunnelSpec } from './funnel-events.query';
import { buildFunnelGroupNamesSql, buildFunnelPersonNamesSql } from './funnel-members.query';
import type { Audience } from './segmentation.query';

const projectId = 4242;
const tables = ['event', 'event_group', 'group', 'app_user'];

function expectScoped(statement: { text: string; values: unknown[] }) {
  const pattern = new RegExp(`\\b(FROM|JOIN)\\s+"?(${tables.join('|')})"?(?![\\w(])\\s+(\\w+)`, 'g');
  const reads = [...statement.text.matchAll(pattern)];
  expect(reads.length).toBeGreaterThan(0);
  for (const read of reads) {
    const scope = new RegExp(`\\b${read[3]}\\.project_id = \\$(\\d+)`).exec(statement.text);
    expect(scope, `${read[2]} ${read[3]} without a project scope`).not.toBeNull();
    expect(statement.values[Number(scope![1]) - 1]).toBe(projectId);
  }
  expect(statement.text).not.toContain(String(projectId));
}

const audience = (countedBy: Audience['countedBy'], withGroupFilter: boolean): Audience => ({
  projectId,
  timeZone: 'Australia/Adelaide',
  countedBy,
  groupType: { id: 0, name: 'company', nameProperty: 'name' },
  groupFilters: withGroupFilter ? [{ key: 'plan', operator: 'EQUALS', value: 'pro' }] : [],
  cohortId: withGroupFilter ? 7 : null,
});

const spec = (countedBy: Audience['countedBy'], withGroupFilter: boolean, breakdownKey: string | null): FunnelSpec => ({
  audience: audience(countedBy, withGroupFilter),
  steps: [
    { eventType: 'Invoice Sent', filters: [] },
    { eventType: null, filters: [{ key: 'amount', operator: 'GREATER_THAN', value: '0' }] },
  ],
  range: { from: '2026-11-01', to: '2026-11-30' },
  breakdown: breakdownKey === null ? null : { source: 'GROUP_PROPERTY', key: breakdownKey },
});

describe('funnel SQL', () => {
  it('scopes every table by project, counted by groups or people, with filters and a breakdown', () => {
    for (const countedBy of ['GROUPS', 'PEOPLE'] as const) {
      for (const withGroupFilter of [false, true]) {
        const statement = buildFunnelEventsSql(
          spec(countedBy, withGroupFilter, countedBy === 'GROUPS' ? 'plan' : null),
        );
        expectScoped(statement);
        expect(statement.text).toMatch(/ORDER BY 1, 2, 3\s*$/);
      }
    }
    expectScoped(buildFunnelGroupNamesSql(projectId, 'name', [1n, 2n]));
    expectScoped(buildFunnelPersonNamesSql(projectId, [1n]));
  });

  it('binds step values and masks, never writes them into the text', () => {
    const statement = buildFunnelEventsSql(spec('GROUPS', false, null));
    expect(statement.text).not.toContain('Invoice Sent');
    expect(statement.values).toContain('Invoice Sent');
    expect(statement.values).toEqual(expect.arrayContaining([1, 2]));
  });
});
