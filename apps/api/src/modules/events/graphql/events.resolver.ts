import { listDays } from '@leadmaps/shared';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { DomainError } from '../../../lib/domain-error';
import { resolveAnalyticsWindow } from '../../analytics/analytics-window';
import { GroupDetailType } from '../../analytics/graphql/group-detail.type';
import { DateRangeInput } from '../../analytics/graphql/group-analytics.inputs';
import { toDateRange } from '../../analytics/graphql/group-analytics.mapping';
import { UserType } from '../../people/graphql/user.type';
import { requirePeopleReader, type PeopleRequestContext } from '../../people/people-reader';
import { requireViewer, type RequestContext } from '../../projects/request-context';
import { requireEventsReader, type EventsRequestContext } from '../events-reader';
import type { EventFilter, EventKeyset, EventRow } from '../queries/events-page.query';
import {
  EventConnectionType,
  EventFilterInput,
  EventGroupType,
  EventSearchInput,
  EventType,
  GroupAttribution,
  UserActivityDayType,
  UserActivityType,
} from './event.type';

type EventsGraphqlContext = RequestContext & PeopleRequestContext & EventsRequestContext;

const eventCursorKind = 'event';
const maximumEventTypes = 100;

/** The page size, the filter and the keyset of an events field's arguments, checked. */
function pageArguments(filter: EventFilterInput | null, first: number | null, after: string | null) {
  const size = checkPageSize(first, 50);
  const key = decodeCursor(eventCursorKind, after, ['timestamp', 'id']);
  if (filter?.eventTypes && filter.eventTypes.length > maximumEventTypes) {
    throw new DomainError('LIMIT_EXCEEDED', `"eventTypes" may name at most ${maximumEventTypes} event types.`);
  }
  const checked: EventFilter = {
    eventTypes: filter?.eventTypes ?? null,
    from: filter?.from ?? null,
    to: filter?.to ?? null,
  };
  const keyset: EventKeyset | null = key ? { time: key[0]!, id: key[1]! } : null;
  return { size, page: { filter: checked, after: keyset, limit: size + 1 } };
}

function toEventConnection(rows: readonly EventRow[], size: number, after: string | null): EventConnectionType {
  return toConnection(
    rows,
    size,
    after,
    (row) => encodeCursor(eventCursorKind, [row.time.toISOString(), String(row.id)]),
    (row) => new EventType(row),
  );
}

const emptyConnection = (after: string | null): EventConnectionType => toEventConnection([], 1, after);

@Resolver(() => EventType)
export class EventsResolver {
  @Authorized()
  @Query(() => EventConnectionType, {
    description:
      "The project's events, newest first (by time, then id: a stable cursor), filtered by type, time, group and person.",
  })
  async events(
    @Ctx() context: EventsGraphqlContext,
    @Arg('filter', () => EventSearchInput, {
      description: 'Event types, time range, group and person; omitted: every event of the project.',
      nullable: true,
    })
    filter: EventSearchInput | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<EventConnectionType> {
    requireViewer(context);
    const { size, page } = pageArguments(filter, first, after);
    const reader = requireEventsReader(context);
    const hasGroupType = filter?.groupType != null;
    if (hasGroupType !== (filter?.groupValue != null)) {
      throw new DomainError('INVALID_INPUT', 'Pass "groupType" and "groupValue" together.');
    }
    const scope: { groupId?: bigint; personId?: bigint } = {};
    if (filter?.groupType != null && filter.groupValue != null) {
      const groupId = await reader.findGroupId(filter.groupType, filter.groupValue);
      if (groupId === null) return emptyConnection(after);
      scope.groupId = groupId;
    }
    if (filter?.userId != null) {
      const person = await requirePeopleReader(context).findPerson({ userId: filter.userId });
      if (!person) return emptyConnection(after);
      scope.personId = person.id;
    }
    return toEventConnection(await reader.page(scope, page), size, after);
  }

  @Authorized()
  @FieldResolver(() => UserType, { nullable: true, description: 'Who did it; null for an organisation-level event.' })
  async user(@Root() event: EventType, @Ctx() context: EventsGraphqlContext): Promise<UserType | null> {
    if (event.row.personId === null) return null;
    const person = await requirePeopleReader(context).person(event.row.personId);
    return person ? new UserType(person) : null;
  }

  @Authorized()
  @FieldResolver(() => [EventGroupType], {
    description: 'The groups the event counts for, each with how it was attributed (fixed when it arrived).',
  })
  async groups(@Root() event: EventType, @Ctx() context: EventsGraphqlContext): Promise<EventGroupType[]> {
    const people = requirePeopleReader(context);
    const rows = await requireEventsReader(context).groupsOf(event.row.id);
    return rows.map((row) => ({
      group: new GroupDetailType(people.groupDetail(row)),
      attribution: row.source === 'event' ? GroupAttribution.EVENT_LEVEL : GroupAttribution.USER_LEVEL,
    }));
  }
}

@Resolver(() => UserType)
export class UserEventsResolver {
  @Authorized()
  @FieldResolver(() => EventConnectionType, { description: "The person's events, newest first." })
  async events(
    @Root() user: UserType,
    @Ctx() context: EventsGraphqlContext,
    @Arg('filter', () => EventFilterInput, {
      description: 'Event types and time range; omitted: every event of the person.',
      nullable: true,
    })
    filter: EventFilterInput | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<EventConnectionType> {
    const { size, page } = pageArguments(filter, first, after);
    return toEventConnection(await requireEventsReader(context).personPage(user.person.id, page), size, after);
  }

  @Authorized()
  @FieldResolver(() => UserActivityType, { description: 'Their activity over a range (default: the last 30 days).' })
  async activity(
    @Root() user: UserType,
    @Ctx() context: EventsGraphqlContext,
    @Arg('range', () => DateRangeInput, {
      description: 'Inclusive project-local days; omitted: the last 30 days.',
      nullable: true,
    })
    range: DateRangeInput | null,
  ): Promise<UserActivityType> {
    const { project } = requireViewer(context);
    const window = resolveAnalyticsWindow(project, range);
    const activity = await requireEventsReader(context).activityOf(user.person.id, {
      from: window.range.from,
      to: window.range.to,
    });
    return {
      range: toDateRange(window.range),
      events: activity?.events ?? 0,
      activeDays: activity?.activeDays ?? 0,
      sessions: activity?.sessions ?? 0,
      eventTypes: activity?.eventTypes ?? 0,
      lastEventAt: activity?.lastEventAt ?? null,
      personId: user.person.id,
    };
  }
}

@Resolver(() => UserActivityType)
export class UserActivityDaysResolver {
  @Authorized()
  @FieldResolver(() => [UserActivityDayType], { description: 'Events per day of the range, zeros included.' })
  async daily(
    @Root() activity: UserActivityType,
    @Ctx() context: EventsGraphqlContext,
  ): Promise<UserActivityDayType[]> {
    const range = { from: activity.range.from, to: activity.range.to };
    const rows = await requireEventsReader(context).daysOf(activity.personId, range);
    const byDay = new Map(rows.map((row) => [row.day, row.events]));
    return listDays(range).map((day) => ({ day, events: byDay.get(day) ?? 0 }));
  }
}

@Resolver(() => GroupDetailType)
export class GroupEventsResolver {
  @Authorized()
  @FieldResolver(() => EventConnectionType, {
    description:
      "Events attributed to the group (its people's and its organisation-level events), newest first (replaces `recentEvents`).",
  })
  async events(
    @Root() root: GroupDetailType,
    @Ctx() context: EventsGraphqlContext,
    @Arg('filter', () => EventFilterInput, {
      nullable: true,
      description: 'Event types and time range; omitted: every event of the group.',
    })
    filter: EventFilterInput | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<EventConnectionType> {
    const { size, page } = pageArguments(filter, first, after);
    return toEventConnection(await requireEventsReader(context).groupPage(root.detail.group.id, page), size, after);
  }
}
