// One group's detail page. The page's parts are resolved lazily (GraphQL field resolvers), each
// from the rollups, except the recent raw events, which are read with a limit.
import { listDays, listWeekStarts, type DayRange } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import type { ProjectRecord } from '../projects/project.repository';
import { resolveAnalyticsWindow, type AnalyticsWindow } from './analytics-window';
import type { GroupAnalyticsService } from './group-analytics.service';
import type { GroupSummary } from './group-summary';
import { readActivityBuckets, type ActivityInterval } from './queries/group-activity-buckets.query';
import { findGroup, type GroupRecordRow } from './queries/group-lookup.query';
import { listGroupMembers, type GroupMemberRow } from './queries/group-members.query';
import { readPropertyHistory, type PropertyChangeRow } from './queries/group-property-history.query';
import { readRecentEvents, type RecentEventRow } from './queries/group-recent-events.query';
import { readGroupRetention } from './queries/group-retention.query';
import { findGroupTypeByName, type GroupTypeRow } from './queries/group-types.query';

export interface GroupDetail {
  window: AnalyticsWindow;
  groupType: GroupTypeOfDetail;
  group: GroupRecordRow;
  /** Read with the group on its own page; a group reached from a person or an event reads it when asked. */
  summary?: GroupSummary;
}

/** What the detail reads of the group's type. */
export type GroupTypeOfDetail = Pick<GroupTypeRow, 'id' | 'name' | 'nameProperty'>;

export interface ActivityPoint {
  start: string;
  events: number;
  keyActions: number;
  activePeople: number;
}

export interface RetentionRow {
  cohortWeek: string;
  size: number;
  retained: number[];
}

const maximumListSize = 1000;

function checkLimit(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > maximumListSize) {
    throw new DomainError('INVALID_INPUT', `"${name}" must be between 1 and ${maximumListSize}.`);
  }
  return value;
}

export class GroupDetailService {
  constructor(
    private readonly database: SqlExecutor,
    private readonly analytics: GroupAnalyticsService,
  ) {}

  async findGroupDetail(
    project: ProjectRecord,
    groupTypeName: string,
    value: string,
    range?: DayRange | null,
    now: Date = new Date(),
  ): Promise<GroupDetail | null> {
    const window = resolveAnalyticsWindow(project, range, now);
    // Unknown group type or unknown value: either way the project has no such group.
    const groupType = await findGroupTypeByName(this.database, project.id, groupTypeName);
    const group = groupType ? await findGroup(this.database, project.id, groupType.id, value) : null;
    if (!groupType || !group) return null;
    const summary = await this.analytics.summarizeGroup(window, groupType, group.id);
    return summary ? { window, groupType, group, summary } : null;
  }

  /** The figures of a group reached from elsewhere (a person, an event), over the default range. */
  async summary(detail: GroupDetail): Promise<GroupSummary | null> {
    detail.summary ??=
      (await this.analytics.summarizeGroup(detail.window, detail.groupType, detail.group.id)) ?? undefined;
    return detail.summary ?? null;
  }

  propertyHistory(detail: GroupDetail, key: string | null, first: number): Promise<PropertyChangeRow[]> {
    return readPropertyHistory(
      this.database,
      detail.window.projectId,
      detail.group.id,
      key,
      checkLimit('first', first),
    );
  }

  people(detail: GroupDetail, first: number): Promise<GroupMemberRow[]> {
    return listGroupMembers(this.database, detail.window, detail.group.id, checkLimit('first', first));
  }

  /** One point per day (or ISO week, starting Monday) of the range, zeros included. */
  async activity(detail: GroupDetail, interval: ActivityInterval): Promise<ActivityPoint[]> {
    const rows = await readActivityBuckets(
      this.database,
      detail.window,
      detail.groupType.id,
      detail.group.id,
      interval,
    );
    const byStart = new Map(rows.map((row) => [row.start, row]));
    const starts = interval === 'WEEK' ? listWeekStarts(detail.window.range) : listDays(detail.window.range);
    return starts.map((start) => byStart.get(start) ?? { start, events: 0, keyActions: 0, activePeople: 0 });
  }

  async weeklyActiveUsers(detail: GroupDetail): Promise<{ weekStart: string; users: number }[]> {
    const weeks = await this.activity(detail, 'WEEK');
    return weeks.map((week) => ({ weekStart: week.start, users: week.activePeople }));
  }

  /** retained[n] is the share of a cohort active n weeks after the week its people first appeared. */
  async retention(detail: GroupDetail): Promise<RetentionRow[]> {
    const cells = await readGroupRetention(this.database, detail.window, detail.group.id);
    const lastWeek = listWeekStarts(detail.window.range).at(-1)!;
    const cohorts = new Map<string, Map<string, number>>();
    for (const cell of cells) {
      let weeks = cohorts.get(cell.cohortWeek);
      if (!weeks) {
        weeks = new Map();
        cohorts.set(cell.cohortWeek, weeks);
      }
      weeks.set(cell.activeWeek, cell.users);
    }
    return [...cohorts.entries()].map(([cohortWeek, weeks]) => {
      const size = weeks.get(cohortWeek) ?? 0;
      const weeksSinceCohort = listWeekStarts({ from: cohortWeek, to: lastWeek });
      const retained = weeksSinceCohort.map((activeWeek) => (size === 0 ? 0 : (weeks.get(activeWeek) ?? 0) / size));
      return { cohortWeek, size, retained };
    });
  }

  recentEvents(detail: GroupDetail, first: number): Promise<RecentEventRow[]> {
    return readRecentEvents(this.database, detail.window.projectId, detail.group.id, checkLimit('first', first));
  }
}
