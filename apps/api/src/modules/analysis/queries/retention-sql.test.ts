// Every retention statement reads each table under the project's id, bound as a parameter (the
// check of analysis-sql.test.ts), and counted by groups without event property filters it reads
// the per-day rollups instead of the events.
import { describe, expect, it } from 'vitest';
import type { Sql } from '../../../database/sql';
import type { Audience } from './segmentation.query';
import {
  buildRetentionCountsSql,
  buildRetentionMembersSql,
  buildRetentionTopValuesSql,
  type RetentionSpec,
} from './retention.query';

const projectId = 4242;
const tables = ['event', 'event_group', 'group', 'app_user', 'group_daily', 'group_event_type_daily'];
const keywords = new Set(['SET', 'VALUES', 'WHERE', 'ON', 'JOIN', 'LEFT', 'CROSS', 'AS', 'GROUP', 'ORDER', 'LIMIT']);

function expectScoped(statement: Sql) {
  const text = statement.text;
  const pattern = new RegExp(`\\b(FROM|JOIN)\\s+"?(${tables.join('|')})"?(?![\\w(])(?:\\s+(?:AS\\s+)?(\\w+))?`, 'g');
  const reads = [...text.matchAll(pattern)];
  expect(reads.length).toBeGreaterThan(0);
  for (const read of reads) {
    const alias = read[3] && !keywords.has(read[3]) ? read[3] : null;
    expect(alias, `${read[2]} read without an alias`).not.toBeNull();
    const scope = new RegExp(`\\b${alias}\\.project_id = \\$(\\d+)`).exec(text);
    expect(scope, `${read[2]} ${alias} without a project scope`).not.toBeNull();
    expect(statement.values[Number(scope![1]) - 1]).toBe(projectId);
  }
  expect(text).not.toContain(String(projectId));
}

const specOf = (
  countedBy: Audience['countedBy'],
  options: { eventFilter?: boolean; breakdown?: boolean; groupFilter?: boolean },
) => {
  const spec: RetentionSpec = {
    audience: {
      projectId,
      timeZone: 'Australia/Adelaide',
      countedBy,
      groupType: { id: 0, name: 'company', nameProperty: 'name' },
      groupFilters: options.groupFilter ? [{ key: 'plan', operator: 'EQUALS', value: 'pro' }] : [],
      cohortId: options.groupFilter ? 7 : null,
    },
    startEvent: {
      eventType: 'Signup',
      filters: options.eventFilter ? [{ key: 'source', operator: 'EQUALS', value: 'email' }] : [],
    },
    returnEvent: { eventType: null, filters: [] },
    breakdown: options.breakdown ? { source: 'GROUP_PROPERTY', key: 'plan', limit: 10 } : null,
    interval: 'WEEK',
    range: { from: '2026-10-01', to: '2026-10-31' },
    returns: { from: '2026-09-28', to: '2026-12-01' },
  };
  return spec;
};

const target = {
  cohort: '2026-10-05',
  period: { from: '2026-10-12', to: '2026-10-18' },
  label: { kind: 'OTHER' as const, value: null },
  retained: true,
};

describe('retention SQL', () => {
  const shapes = [
    specOf('GROUPS', {}),
    specOf('GROUPS', { breakdown: true, groupFilter: true }),
    specOf('GROUPS', { eventFilter: true }),
    specOf('PEOPLE', {}),
    specOf('PEOPLE', { breakdown: true, groupFilter: true }),
  ];

  it('scopes every table read by the project', () => {
    for (const spec of shapes) {
      expectScoped(buildRetentionCountsSql(spec, ['pro']));
      expectScoped(buildRetentionTopValuesSql(spec, 10));
      expectScoped(buildRetentionMembersSql(spec, target, ['pro'], { limit: 10, offset: 0 }));
    }
  });

  it('reads the rollups counted by groups without event property filters, the events otherwise', () => {
    const rollups = buildRetentionCountsSql(specOf('GROUPS', { breakdown: true }), []).text;
    expect(rollups).toContain('group_event_type_daily');
    expect(rollups).toContain('group_daily');
    expect(rollups).not.toMatch(/FROM event e/);
    expect(buildRetentionCountsSql(specOf('GROUPS', { eventFilter: true }), []).text).toMatch(/FROM event e/);
    expect(buildRetentionCountsSql(specOf('PEOPLE', {}), []).text).toMatch(/FROM event e/);
  });
});
