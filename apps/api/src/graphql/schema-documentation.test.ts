import { isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphqlSchema } from './schema';

// The domain integrators query (issue #17): every field of these types, and every connection and
// edge, says what it holds in the committed schema.
const domainTypes = [
  'Query',
  'User',
  'Membership',
  'UserActivity',
  'UserActivityDay',
  'Group',
  'GroupSummary',
  'GroupProperty',
  'PropertyChange',
  'GroupPerson',
  'Event',
  'EventGroup',
  'EventFilterInput',
  'EventSearchInput',
  'ActivityPoint',
  'WeeklyActiveUsers',
  'RetentionRow',
  'RecentEvent',
  'DailyPoint',
  'DateRange',
  'DateRangeInput',
  'Trend',
  'GroupTypeInfo',
  'GroupFilterInput',
  'GroupSortInput',
  'AccountReport',
  'IngestOverview',
  'Project',
  'PageInfo',
];

describe('schema documentation', () => {
  it('documents every field of the domain types and of every connection', async () => {
    const schema = await buildGraphqlSchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      const checked = domainTypes.includes(type.name) || type.name.endsWith('Connection') || type.name.endsWith('Edge');
      if (!checked || !(isObjectType(type) || isInputObjectType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        if (!field.description) undocumented.push(`${type.name}.${field.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
