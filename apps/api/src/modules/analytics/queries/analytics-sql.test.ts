// Every analytics statement must be scoped to one project: each read of a table is constrained
// by project_id (bound to the project's id), before any other condition. A query that forgets
// the scope fails here, in review, rather than leaking another tenant's rows.
import { describe, expect, it } from 'vitest';
import { expectScoped } from './project-scope.test-helper';
import { resolveAnalyticsWindow } from '../analytics-window';
import { buildActivityBucketsSql } from './group-activity-buckets.query';
import { buildGroupDailySeriesSql } from './group-daily-series.query';
import { buildGroupMembersSql } from './group-members.query';
import { buildGroupPeopleSql } from './group-people.query';
import { buildPropertyHistorySql } from './group-property-history.query';
import { buildChangedGroupsSql } from './group-activity-totals.query';
import { buildGroupNamesSql } from './group-names.query';
import {
  buildHistoryDaysSql,
  buildHistoryGroupsSql,
  buildHistoryLastSeenSql,
  buildHistoryPairPeopleSql,
  buildHistoryPeopleSql,
  buildHistoryStateSql,
} from './group-history.query';
import { buildActivityRankingSql, buildGroupRankingSql } from './group-ranking.query';
import { buildProjectDataVersionSql } from './project-data-version.query';
import { buildRecentEventsSql } from './group-recent-events.query';
import { buildGroupRetentionSql } from './group-retention.query';
import { buildGroupTypePeopleSql } from './group-type-people.query';
import { buildGroupTypesSql } from './group-types.query';
import { buildIngestOverviewSql } from './ingest-overview.query';
import { buildRecountKeyActionsSql, buildResetKeyActionsSql } from '../../rollups/recompute-key-actions.repository';

const projectId = 4242;
const project = {
  id: projectId,
  name: 'Scoped',
  timeZone: 'Europe/Berlin',
  ingestKey: 'ingest',
  keyActions: ['Report Created'],
  trendSteadyPercent: 15,
  trendSharpPercent: -50,
  segmentGroupTypeTrait: 'group_type',
  segmentGroupValueTrait: null,
};
const window = resolveAnalyticsWindow(project, { from: '2026-10-01', to: '2026-10-30' });
describe('analytics SQL is scoped to one project', () => {
  const statements = {
    ranking: buildGroupRankingSql({
      window,
      groupTypeId: 0,
      nameProperty: 'name',
      sort: { field: 'KEY_ACTIONS', direction: 'DESC' },
      page: { limit: 50, offset: 0 },
    }),
    rankingByPeopleFiltered: buildGroupRankingSql({
      window,
      groupTypeId: 0,
      nameProperty: 'name',
      sort: { field: 'ACTIVE_PEOPLE', direction: 'ASC' },
      search: { query: { kind: 'name', text: 'acme' }, activeSince: null },
      trendLabels: ['FALLING'],
      riskCandidatesOnly: true,
      page: null,
    }),
    rankingOfPage: buildGroupRankingSql({
      window,
      groupTypeId: 0,
      nameProperty: 'name',
      sort: { field: 'KEY_ACTIONS', direction: 'DESC' },
      groupIds: [1n, 2n],
      page: null,
    }),
    rankingByActivity: buildActivityRankingSql({
      window,
      groupTypeId: 0,
      nameProperty: 'name',
      sort: { field: 'EVENTS', direction: 'DESC' },
      search: { query: { kind: 'name', text: 'acme' }, activeSince: null },
      orderOnly: true,
      page: { limit: 50, offset: 100 },
    }),
    changedGroups: buildChangedGroupsSql(projectId, 0, 10n, 20n),
    groupNames: buildGroupNamesSql(projectId, 'name', [1n, 2n]),
    historyGroups: buildHistoryGroupsSql(projectId, 0),
    historyLastSeen: buildHistoryLastSeenSql(projectId, [1n]),
    historyDays: buildHistoryDaysSql(projectId, 0, null),
    historyDaysOfGroups: buildHistoryDaysSql(projectId, 0, [1n]),
    historyPeople: buildHistoryPeopleSql(projectId, [1n, 2n]),
    historyPairPeople: buildHistoryPairPeopleSql(projectId, [1n], [20_000]),
    historyState: buildHistoryStateSql(projectId, 0, 10n, 20n),
    projectDataVersion: buildProjectDataVersionSql(projectId),
    people: buildGroupPeopleSql(window, [1n, 2n]),
    typePeople: buildGroupTypePeopleSql(window, 0),
    series: buildGroupDailySeriesSql(window, 0, [1n]),
    members: buildGroupMembersSql(window, 1n, 100),
    activity: buildActivityBucketsSql(window, 0, 1n, 'WEEK'),
    retention: buildGroupRetentionSql(window, 1n),
    recentEvents: buildRecentEventsSql(projectId, 1n, 50),
    propertyHistory: buildPropertyHistorySql(projectId, 1n, 'name', 100),
    groupTypes: buildGroupTypesSql(projectId, null),
    overview: buildIngestOverviewSql(projectId),
    resetKeyActions: buildResetKeyActionsSql(projectId),
    recountKeyActions: buildRecountKeyActionsSql(projectId, ['Report Created']),
  };

  for (const [name, statement] of Object.entries(statements)) {
    it(`scopes ${name}`, () => expectScoped(statement, projectId));
  }

  it('puts the project first in the ranking scans and takes sort columns from an allowlist', () => {
    const text = statements.rankingByPeopleFiltered.text;
    expect(text).toMatch(/FROM group_daily\s+WHERE project_id = \$\d+ AND group_type_id/);
    expect(text).toMatch(/ORDER BY active_people ASC NULLS LAST, value ASC, group_id ASC/);
    expect(statements.ranking.text).toMatch(/ORDER BY key_actions DESC NULLS LAST/);
    expect(statements.ranking.values).toContain('2026-10-01');
    expect(statements.rankingByActivity.text).toMatch(/FROM group_daily\s+WHERE project_id = \$\d+ AND group_type_id/);
    expect(statements.rankingByActivity.text).toMatch(/sum\(events\) AS sort_value/);
    expect(statements.rankingByActivity.text).toMatch(
      /ORDER BY sort_value DESC NULLS LAST, value ASC, group_id ASC\s+LIMIT/,
    );
  });

  it('reads raw events only with a limit', () => {
    expect(statements.recentEvents.text).toMatch(
      /FROM event_group\s+WHERE project_id = \$1 AND group_id = \$2\s+ORDER BY time DESC, event_id DESC\s+LIMIT \$3/,
    );
    expect(statements.overview.text).toMatch(/FROM event WHERE project_id = \$\d+ LIMIT \$\d+/);
  });
});
