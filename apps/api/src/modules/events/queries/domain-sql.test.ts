// Every statement of the people and events read side is scoped to one project (the same check
// as the analytics statements: modules/analytics/queries/project-scope.test-helper.ts).
import { describe, expect, it } from 'vitest';
import { expectScoped } from '../../analytics/queries/project-scope.test-helper';
import { buildGroupMembersPageSql } from '../../people/queries/group-members-page.query';
import { buildLatestChangesSql, buildPropertyHistoryPagesSql } from '../../people/queries/group-properties.query';
import { buildGroupsByIdSql } from '../../people/queries/groups.query';
import { buildMembershipsSql } from '../../people/queries/memberships.query';
import {
  buildPeopleByIdSql,
  buildPeopleCountSql,
  buildPeoplePageSql,
  buildPersonLookupSql,
} from '../../people/queries/people.query';
import { buildEventGroupsSql } from './event-groups.query';
import { buildEventsPageSql, buildOwnedEventsPagesSql } from './events-page.query';
import { buildPersonActivitySql, buildPersonDaysSql } from './person-activity.query';

const projectId = 4242;
const filter = {
  eventTypes: ['Report Created'],
  from: new Date('2026-10-01T00:00:00Z'),
  to: new Date('2026-11-01T00:00:00Z'),
};
const keyset = { time: '2026-10-10T10:00:00.000Z', id: '99' };

describe('people and events SQL is scoped to one project', () => {
  const statements = {
    peopleById: buildPeopleByIdSql(projectId, [1n, 2n]),
    personByUserId: buildPersonLookupSql(projectId, { userId: 'alice' }),
    personByDevice: buildPersonLookupSql(projectId, { deviceId: 'device' }),
    peoplePage: buildPeoplePageSql(projectId, 'ali', { lastSeen: keyset.time, id: '5' }, 51),
    peopleCount: buildPeopleCountSql(projectId, 'ali'),
    memberships: buildMembershipsSql(projectId, [1n, 2n]),
    groupsById: buildGroupsByIdSql(projectId, [1n]),
    membersPages: buildGroupMembersPageSql(projectId, [1n, 2n], { lastSeen: keyset.time, id: '5' }, 11),
    latestChanges: buildLatestChangesSql(projectId, [1n]),
    historyPages: buildPropertyHistoryPagesSql(
      projectId,
      [{ groupId: 1n, key: 'name' }],
      { changedAt: keyset.time, id: '3' },
      11,
    ),
    projectEvents: buildEventsPageSql(projectId, {}, filter, keyset, 51),
    groupEvents: buildEventsPageSql(projectId, { groupId: 1n }, filter, keyset, 51),
    groupPersonEvents: buildEventsPageSql(projectId, { groupId: 1n, personId: 2n }, filter, null, 51),
    personEvents: buildEventsPageSql(projectId, { personId: 2n }, filter, keyset, 51),
    groupsEventPages: buildOwnedEventsPagesSql(projectId, 'group', [1n, 2n], filter, keyset, 11),
    peopleEventPages: buildOwnedEventsPagesSql(projectId, 'person', [1n, 2n], filter, null, 11),
    eventGroups: buildEventGroupsSql(projectId, [1n, 2n]),
    personDays: buildPersonDaysSql(projectId, 'Europe/Berlin', { from: '2026-10-01', to: '2026-10-30' }, [1n]),
    personActivity: buildPersonActivitySql(projectId, 'Europe/Berlin', { from: '2026-10-01', to: '2026-10-30' }, [1n]),
  };

  for (const [name, statement] of Object.entries(statements)) {
    it(`scopes ${name}`, () => expectScoped(statement, projectId));
  }

  it('pages events by keyset on (time, id) on the index of the way in, newest first, with a limit', () => {
    expect(statements.projectEvents.text).toMatch(/\(e\.time, e\.id\) < \(\$\d+::timestamptz, \$\d+::bigint\)/);
    expect(statements.projectEvents.text).toMatch(/ORDER BY e\.time DESC, e\.id DESC\s+LIMIT \$\d+/);
    expect(statements.groupEvents.text).toMatch(/FROM event_group eg\s+JOIN event e/);
    expect(statements.groupEvents.text).toMatch(/ORDER BY eg\.time DESC, eg\.event_id DESC\s+LIMIT \$\d+/);
    expect(statements.personEvents.text).toMatch(/AND e\.user_id = \$\d+::bigint/);
    expect(statements.groupsEventPages.text).toMatch(/CROSS JOIN LATERAL/);
  });
});
