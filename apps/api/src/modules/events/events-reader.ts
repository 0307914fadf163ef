// The events side of one GraphQL request, batched like the people side (people-reader.ts): the
// event pages of many groups or people with the same arguments, the groups of many events and
// the activity of many people are one statement each.
import type { DayRange } from '@leadmaps/shared';
import type { SqlExecutor } from '../../database/sql-database';
import { BatchLoader, KeyedBatchLoaders } from '../../lib/batch-loader';
import type { ProjectRecord } from '../projects/project.repository';
import { findGroup } from '../analytics/queries/group-lookup.query';
import { findGroupTypeByName } from '../analytics/queries/group-types.query';
import { groupRowsBy, type PagedArguments } from '../people/people-reader';
import { readEventGroups, type EventGroupRow } from './queries/event-groups.query';
import {
  readEventsPage,
  readOwnedEventsPages,
  type EventFilter,
  type EventKeyset,
  type EventRow,
  type OwnedEventRow,
} from './queries/events-page.query';
import {
  readPersonActivity,
  readPersonDays,
  type PersonActivityRow,
  type PersonDayRow,
} from './queries/person-activity.query';

type PageArguments = PagedArguments<EventKeyset> & { filter: EventFilter };

export class EventsReader {
  private readonly groupPages = new KeyedBatchLoaders<PageArguments, bigint, OwnedEventRow[]>(
    async ({ filter, after, limit }, ids) =>
      groupRowsBy(
        ids,
        await readOwnedEventsPages(this.database, this.project.id, 'group', ids, filter, after, limit),
        (row) => row.ownerId,
      ),
  );

  private readonly personPages = new KeyedBatchLoaders<PageArguments, bigint, OwnedEventRow[]>(
    async ({ filter, after, limit }, ids) =>
      groupRowsBy(
        ids,
        await readOwnedEventsPages(this.database, this.project.id, 'person', ids, filter, after, limit),
        (row) => row.ownerId,
      ),
  );

  private readonly eventGroups = new BatchLoader<bigint, EventGroupRow[]>(async (ids) =>
    groupRowsBy(ids, await readEventGroups(this.database, this.project.id, ids), (row) => row.eventId),
  );

  private readonly activity = new KeyedBatchLoaders<DayRange, bigint, PersonActivityRow | null>(async (range, ids) => {
    const rows = await readPersonActivity(this.database, this.project.id, this.project.timeZone, range, ids);
    return groupRowsBy(ids, rows, (row) => row.personId).map((found) => found[0] ?? null);
  });

  private readonly days = new KeyedBatchLoaders<DayRange, bigint, PersonDayRow[]>(async (range, ids) =>
    groupRowsBy(
      ids,
      await readPersonDays(this.database, this.project.id, this.project.timeZone, range, ids),
      (row) => row.personId,
    ),
  );

  constructor(
    private readonly database: SqlExecutor,
    private readonly project: ProjectRecord,
  ) {}

  page(scope: { groupId?: bigint; personId?: bigint }, page: PageArguments): Promise<EventRow[]> {
    return readEventsPage(this.database, this.project.id, scope, page.filter, page.after, page.limit);
  }

  groupPage(groupId: bigint, page: PageArguments): Promise<EventRow[]> {
    return this.groupPages.load(page, groupId);
  }

  personPage(personId: bigint, page: PageArguments): Promise<EventRow[]> {
    return this.personPages.load(page, personId);
  }

  groupsOf(eventId: bigint): Promise<EventGroupRow[]> {
    return this.eventGroups.load(eventId);
  }

  activityOf(personId: bigint, range: DayRange): Promise<PersonActivityRow | null> {
    return this.activity.load(range, personId);
  }

  daysOf(personId: bigint, range: DayRange): Promise<PersonDayRow[]> {
    return this.days.load(range, personId);
  }

  async findGroupId(groupType: string, value: string): Promise<bigint | null> {
    const type = await findGroupTypeByName(this.database, this.project.id, groupType);
    const group = type ? await findGroup(this.database, this.project.id, type.id, value) : null;
    return group?.id ?? null;
  }
}

export interface EventsRequestContext {
  /** Null without a viewer (every resolver is @Authorized, so it is there when they run). */
  eventsReader: EventsReader | null;
}

export function requireEventsReader(context: EventsRequestContext): EventsReader {
  if (!context.eventsReader) throw new Error('the events reader needs an authenticated viewer');
  return context.eventsReader;
}
