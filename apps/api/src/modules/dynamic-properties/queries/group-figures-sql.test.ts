// Every statement of dynamic properties reads each table under the project's id, bound as a parameter.
import { describe, expect, it } from 'vitest';
import { expectScoped } from '../../analytics/queries/project-scope.test-helper';
import type { DynamicPropertyDefinition } from '../dynamic-property-definition';
import { buildDynamicValueHoldersSql, buildGroupFiguresSql } from './group-figures.query';

const projectId = 4242;
const scope = { projectId, timeZone: 'Australia/Adelaide', groupTypeId: 0, propertyKey: 'active_people_7d' };
const period = { from: '2026-10-18', to: '2026-10-24' };

describe('dynamic property SQL', () => {
  it('scopes the figures of people, events and filtered selections by project', () => {
    const definitions: DynamicPropertyDefinition[] = [
      { selection: { eventType: null, filters: [] }, countedBy: 'PEOPLE', measure: 'UNIQUES' },
      {
        selection: { eventType: 'Checkout', filters: [{ key: 'source', operator: 'EQUALS', value: 'email' }] },
        countedBy: 'EVENTS',
        measure: 'TOTALS',
      },
    ];
    for (const definition of definitions) {
      const statement = buildGroupFiguresSql(scope, definition, period);
      expectScoped(statement, projectId);
      expect(statement.text).toContain('LEFT JOIN');
    }
  });

  it('counts distinct people for uniques and leaves organisation-level events out when counting people', () => {
    const statement = buildGroupFiguresSql(
      scope,
      { selection: { eventType: null, filters: [] }, countedBy: 'PEOPLE', measure: 'UNIQUES' },
      period,
    );
    expect(statement.text).toContain('count(DISTINCT e.user_id)');
    expect(statement.text).toContain('e.user_id IS NOT NULL');
  });

  it('scopes the lookup of values a deleted property wrote', () => {
    expectScoped(buildDynamicValueHoldersSql(projectId, 0, 'active_people_7d'), projectId);
  });
});
