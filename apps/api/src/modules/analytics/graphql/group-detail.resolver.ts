import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { DomainError } from '../../../lib/domain-error';
import type { GroupSummary } from '../group-summary';
import type { AnalyticsRequestContext } from './analytics-request-context';
import { GroupSummaryType } from './group-summary.type';
import type { ActivityInterval } from '../queries/group-activity-buckets.query';
import { ActivityIntervalEnum } from './group-analytics.enums';
import {
  ActivityPointType,
  GroupDetailType,
  GroupPersonType,
  PropertyChangeType,
  RecentEventType,
  RetentionRowType,
  WeeklyActiveUsersType,
} from './group-detail.type';

// Each part of the detail page is its own field so a client pays only for what it asks.
@Resolver(() => GroupDetailType)
export class GroupDetailResolver {
  @Authorized()
  @FieldResolver(() => GroupSummaryType, {
    description:
      'Figures over the range of `group(range)`; for a group reached from a person or an event, over the last 30 days (read per group: ask for it on a few).',
  })
  async summary(@Root() root: GroupDetailType, @Ctx() context: AnalyticsRequestContext): Promise<GroupSummary> {
    const summary = await context.services.groupDetails.summary(root.detail);
    if (!summary) throw new DomainError('NOT_FOUND', 'The group has no figures.');
    return summary;
  }

  @Authorized()
  @FieldResolver(() => [PropertyChangeType], {
    description: 'Newest first.',
    deprecationReason: 'Use `propertyHistoryConnection(key, first, after)`: the same changes as a connection.',
  })
  propertyHistory(
    @Root() root: GroupDetailType,
    @Ctx() context: AnalyticsRequestContext,
    @Arg('key', () => String, {
      description: 'Only the changes of this property; omitted: every property.',
      nullable: true,
    })
    key: string | null,
    @Arg('first', () => Int, {
      description: 'How many changes, newest first (default 100).',
      nullable: true,
      defaultValue: 100,
    })
    first: number | null,
  ) {
    return context.services.groupDetails.propertyHistory(root.detail, key ?? null, first ?? 100);
  }

  @Authorized()
  @FieldResolver(() => [GroupPersonType], {
    description: 'Sorted by events in the range (most first), then last seen.',
    deprecationReason: 'Use `members`: a connection of User with the activity in this group.',
  })
  people(
    @Root() root: GroupDetailType,
    @Ctx() context: AnalyticsRequestContext,
    @Arg('first', () => Int, { description: 'How many people (default 100).', nullable: true, defaultValue: 100 })
    first: number | null,
  ) {
    return context.services.groupDetails.people(root.detail, first ?? 100);
  }

  @Authorized()
  @FieldResolver(() => [ActivityPointType], {
    description: 'Activity over the range, a point per day or per week (zeros included).',
  })
  activity(
    @Root() root: GroupDetailType,
    @Ctx() context: AnalyticsRequestContext,
    @Arg('interval', () => ActivityIntervalEnum, {
      nullable: true,
      defaultValue: 'DAY',
      description: 'DAY (default) or WEEK buckets.',
    })
    interval: ActivityInterval | null,
  ) {
    return context.services.groupDetails.activity(root.detail, interval ?? 'DAY');
  }

  @Authorized()
  @FieldResolver(() => [WeeklyActiveUsersType], { description: 'Distinct active people per week of the range.' })
  weeklyActiveUsers(@Root() root: GroupDetailType, @Ctx() context: AnalyticsRequestContext) {
    return context.services.groupDetails.weeklyActiveUsers(root.detail);
  }

  @Authorized()
  @FieldResolver(() => [RetentionRowType], {
    description: 'Weekly cohorts of people by their first week in the group, and the share active each later week.',
  })
  retention(@Root() root: GroupDetailType, @Ctx() context: AnalyticsRequestContext) {
    return context.services.groupDetails.retention(root.detail);
  }

  @Authorized()
  @FieldResolver(() => [RecentEventType], {
    description: 'The latest events attributed to the group, newest first.',
    deprecationReason: 'Use `events(filter, first, after)`: a connection of Event, newest first.',
  })
  recentEvents(
    @Root() root: GroupDetailType,
    @Ctx() context: AnalyticsRequestContext,
    @Arg('first', () => Int, {
      description: 'How many events, newest first (default 50).',
      nullable: true,
      defaultValue: 50,
    })
    first: number | null,
  ) {
    return context.services.groupDetails.recentEvents(root.detail, first ?? 50);
  }
}
