import { getNamedType, getNullableType, isListType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphqlSchema } from './schema';

// One pagination shape (issue #17): a list of objects is a connection's `edges`, a deprecated field
// kept for one release, or one of the bounded lists below, each with what bounds it. A new plain
// list of objects fails here until it is a connection or says why it stays short.
const boundedLists: Record<string, string> = {
  'CohortImportReport.ambiguousLines': 'lines of one imported file (at most 100,000)',
  'CohortImportReport.duplicateLines': 'lines of one imported file (at most 100,000)',
  'CohortImportReport.unmatchedLines': 'lines of one imported file (at most 100,000)',
  'CohortPreview.members': 'a preview: at most 50',
  'Composition.rows': 'the top values (at most 100), OTHER and NONE',
  'Event.groups': 'the groups the event counted for (at most 10 values of each of 5 group types)',
  'Funnel.breakdowns': 'the top breakdown values (at most 100), OTHER and NONE',
  'Funnel.steps': 'at most 10 steps',
  'FunnelBreakdown.steps': 'at most 10 steps',
  'FunnelMicroscopeMember.chain': 'one event per step (at most 10)',
  'Group.activity': 'one point per day or week of the range',
  'Group.cohorts': 'the cohorts one group belongs to',
  'Group.propertyList': "the group's current properties (at most 1,000 keys a project)",
  'Group.retention': 'one row per week of the range',
  'Group.weeklyActiveUsers': 'one point per week of the range',
  'GroupSummary.sparkline': 'one point per day of the range',
  'Query.dynamicProperties': 'each defines a group property key (at most 1,000 a project)',
  'Query.groupTypes': 'at most 5 group types a project',
  'Query.trendBandPreview': 'one row per trend band (6)',
  'Retention.breakdowns': 'the top breakdown values (at most 100), OTHER and NONE',
  'RetentionCohort.cells': 'one per period asked for',
  'RetentionTable.cohorts': 'one per period of the range',
  'RetentionTable.curve': 'one point per period asked for',
  'SalesforceObjectDescription.fields': "one Salesforce object's fields (Salesforce caps them)",
  'SalesforceSync.fieldMappings': 'at most 200 mappings',
  'SalesforceSyncRunPage.nodes': 'the page of the deprecated salesforceSyncRuns (at most 100)',
  'Segmentation.series': 'at most 10 series, each by the top breakdown values',
  'SegmentationSeries.points': 'one point per bucket of the range',
  'User.groups': 'the groups one person belongs to',
  'UserActivity.daily': 'one point per day of the range',
};

describe('one list shape', () => {
  it('serves every list of objects as a connection, a deprecated field, or a named bounded list', async () => {
    const schema = await buildGraphqlSchema();
    const plainLists: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const listed = getNullableType(field.type);
        if (!isListType(listed) || !isObjectType(getNamedType(listed))) continue;
        const isConnectionEdges = type.name.endsWith('Connection') && field.name === 'edges';
        if (isConnectionEdges || field.deprecationReason) continue;
        plainLists.push(`${type.name}.${field.name}`);
      }
    }
    expect(plainLists.sort()).toEqual(Object.keys(boundedLists).sort());
  });
});
