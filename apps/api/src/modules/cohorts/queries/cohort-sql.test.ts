// Every statement of cohorts carries the project: the membership query for each kind of
// condition, and every statement of the repository (captured from a recording executor).
import { describe, expect, it } from 'vitest';
import type { Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';
import { expectScoped } from '../../analytics/queries/project-scope.test-helper';
import { cohortDefinitionSchema } from '../cohort-definition';
import { CohortRepository } from '../cohort.repository';
import { buildMembershipSql } from './cohort-membership.query';

const projectId = 918_273;

const definition = cohortDefinitionSchema.parse({
  groupType: 'company',
  combinator: 'OR',
  conditions: [
    {
      kind: 'PERFORMED_EVENT',
      performed: false,
      event: { eventType: 'Checkout', filters: [{ key: 'amount', operator: 'GREATER_THAN', value: '3' }] },
      comparison: 'AT_LEAST',
      count: 2,
      window: { lastDays: 7 },
    },
    {
      kind: 'GROUP',
      combinator: 'AND',
      conditions: [
        { kind: 'ACTIVE_PEOPLE', comparison: 'AT_MOST', count: 1, lastDays: 30 },
        { kind: 'PROPERTY', filter: { key: 'plan', operator: 'EQUALS', value: 'pro' } },
        { kind: 'PROPERTY_EVER_HELD', filter: { key: 'stage', operator: 'CONTAINS', value: 'renew' } },
        {
          kind: 'PERFORMED_EVENT',
          event: {},
          comparison: 'AT_MOST',
          count: 0,
          window: { range: { from: '2026-10-01', to: '2026-10-31' } },
        },
      ],
    },
  ],
});

describe('cohort SQL is scoped to one project', () => {
  it('scopes the membership query of every condition kind', () => {
    const statement = buildMembershipSql(definition, {
      projectId,
      timeZone: 'Europe/Paris',
      groupTypeId: 2,
      now: new Date('2026-11-10T12:00:00Z'),
    });
    expectScoped(statement, projectId);
    expect(statement.text).toContain('group_property_change');
  });

  it('scopes every repository statement', async () => {
    const captured: Sql[] = [];
    const executor: SqlExecutor = {
      query: async (statement: Sql) => {
        captured.push(statement);
        return [];
      },
      execute: async (statement: Sql) => {
        captured.push(statement);
        return 0;
      },
    } as unknown as SqlExecutor;
    const repository = new CohortRepository(executor);
    await repository.list(projectId);
    await repository.find(projectId, 1, true);
    await repository.listBehaviouralIds(projectId);
    await repository.update(projectId, 1, { name: 'n', groupTypeId: 0, definition: {} });
    await repository.rename(projectId, 1, 'n');
    await repository.delete(projectId, 1);
    await repository.replaceMembers(projectId, 1, [1n, 2n], new Date());
    await repository.recordError(projectId, 1, 'x');
    await repository.members(projectId, 1, 5n, 10);
    await repository.namesOf(projectId, [1n]);
    await repository.sizes(projectId, 1);
    await repository.changes(projectId, 1, null, 10);
    await repository.cohortsOfGroup(projectId, 3n);
    await repository.groupsByName(projectId, 0, 'name', ['a']);
    await repository.groupsByValue(projectId, 0, ['a']);
    expect(captured.length).toBeGreaterThan(15);
    for (const statement of captured) {
      // An INSERT that reads no table (VALUES, unnest): its rows carry the project as a bound value.
      const readsTable = /\b(FROM|JOIN|UPDATE)\s+"?(cohort\w*|group\w*|event\w*)"?(?![\w(])/.test(statement.text);
      if (/^\s*INSERT/.test(statement.text) && !readsTable) {
        expect(statement.values).toContain(projectId);
        expect(statement.text).not.toContain(String(projectId));
      } else expectScoped(statement, projectId);
    }
  });

  it('refuses definitions with the reason', () => {
    const result = cohortDefinitionSchema.safeParse({ groupType: 'company', combinator: 'AND', conditions: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('at least one condition');
  });
});
