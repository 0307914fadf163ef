import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { requireViewer } from '../../projects/request-context';
import type { AnalyticsRequestContext } from './analytics-request-context';
import { AccountReportType, GroupTypeInfoType, IngestOverviewType } from './account-report.type';
import { DateRangeInput, GroupFilterInput, GroupSortInput } from './group-analytics.inputs';
import { toDateRange, toGroupTypeInfo } from './group-analytics.mapping';
import { GroupDetailType } from './group-detail.type';
import { GroupConnectionType } from './group-summary.type';

@Resolver()
export class GroupsResolver {
  @Authorized()
  @Query(() => [GroupTypeInfoType], {
    description: 'The group types of the project (at most five), with how many groups each has.',
  })
  async groupTypes(@Ctx() context: AnalyticsRequestContext): Promise<GroupTypeInfoType[]> {
    const { project } = requireViewer(context);
    return (await context.services.groupAnalytics.listGroupTypes(project)).map(toGroupTypeInfo);
  }

  @Authorized()
  @Query(() => GroupConnectionType, {
    description:
      'Groups of one type with their figures over a range, ranked, filtered and paged (cursors are opaque offsets).',
  })
  async groups(
    @Ctx() context: AnalyticsRequestContext,
    @Arg('groupType', () => String, { description: 'The group type, e.g. "company".' }) groupType: string,
    @Arg('range', () => DateRangeInput, {
      description: 'Inclusive project-local days of the figures; omitted: the last 30 days.',
      nullable: true,
    })
    range: DateRangeInput | null,
    @Arg('sort', () => GroupSortInput, { description: 'The ranking; omitted: most key actions first.', nullable: true })
    sort: GroupSortInput | null,
    @Arg('filter', () => GroupFilterInput, {
      description: 'Which groups; omitted: every group of the type.',
      nullable: true,
    })
    filter: GroupFilterInput | null,
    @Arg('first', () => Int, { description: 'Page size (default 50, at most 200).', nullable: true, defaultValue: 50 })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<GroupConnectionType> {
    const { project } = requireViewer(context);
    const page = await context.services.groupAnalytics.listGroups(
      project,
      { groupType, range, sort, filter, first, after },
      await context.dataVersion(),
    );
    return {
      edges: page.edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: page.endCursor,
        hasPreviousPage: Boolean(after),
        startCursor: page.edges[0]?.cursor ?? null,
      },
      totalCount: page.totalCount,
      range: toDateRange(page.window.range),
      previousRange: toDateRange(page.window.previousRange),
    };
  }

  @Authorized()
  @Query(() => GroupDetailType, {
    nullable: true,
    description:
      'One group by its type and value, with its figures over the range and its people, events and properties; null when the project has no such group.',
  })
  async group(
    @Ctx() context: AnalyticsRequestContext,
    @Arg('groupType', () => String, { description: 'The group type, e.g. "company".' }) groupType: string,
    @Arg('value', () => String, { description: 'The group value the SDKs send (the account id).' }) value: string,
    @Arg('range', () => DateRangeInput, {
      description: 'Inclusive project-local days of the figures; omitted: the last 30 days.',
      nullable: true,
    })
    range: DateRangeInput | null,
  ): Promise<GroupDetailType | null> {
    const { project } = requireViewer(context);
    const detail = await context.services.groupDetails.findGroupDetail(project, groupType, value, range);
    return detail ? new GroupDetailType(detail) : null;
  }

  @Authorized()
  @Query(() => AccountReportType, {
    description: 'How many accounts are active, new, rising, steady, falling and at risk over a range.',
  })
  async accountReport(
    @Ctx() context: AnalyticsRequestContext,
    @Arg('groupType', () => String, { description: 'The group type, e.g. "company".' }) groupType: string,
    @Arg('range', () => DateRangeInput, {
      description: 'Inclusive project-local days; omitted: the last 30 days.',
      nullable: true,
    })
    range: DateRangeInput | null,
    @Arg('minUsers', () => Int, {
      description: 'The people threshold of accountsWithAtLeastMinUsers (default 1).',
      nullable: true,
      defaultValue: 1,
    })
    minUsers: number | null,
  ): Promise<AccountReportType> {
    const { project } = requireViewer(context);
    const report = await context.services.groupAnalytics.accountReport(project, { groupType, range, minUsers });
    const { window, ...figures } = report;
    return { ...figures, range: toDateRange(window.range), previousRange: toDateRange(window.previousRange) };
  }

  @Authorized()
  @Query(() => IngestOverviewType, { description: 'What has arrived so far, for empty states.' })
  ingestOverview(@Ctx() context: AnalyticsRequestContext): Promise<IngestOverviewType> {
    const { project } = requireViewer(context);
    return context.services.groupAnalytics.ingestOverview(project);
  }
}
