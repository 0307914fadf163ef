import { Arg, Authorized, Ctx, Float, Mutation, Resolver } from 'type-graphql';
import { auditActorOf } from '../../audit/audit-log.repository';
import { requireViewer } from '../../projects/request-context';
import type { AnalyticsRequestContext } from './analytics-request-context';
import { ProjectType } from '../../projects/project.type';
import { GroupTypeInfoType } from './account-report.type';
import { toGroupTypeInfo } from './group-analytics.mapping';

// Settings that change how figures are computed: secret key only.
@Resolver()
export class GroupSettingsResolver {
  @Authorized('admin')
  @Mutation(() => ProjectType, {
    description: 'Chooses the event types counted as key actions and re-counts history with them.',
  })
  async setKeyActions(
    @Ctx() context: AnalyticsRequestContext,
    @Arg('eventTypes', () => [String], { description: 'Event types that count as key actions (may be empty).' })
    eventTypes: string[],
  ): Promise<ProjectType> {
    const viewer = requireViewer(context);
    return context.services.analyticsSettings.setKeyActions(viewer.project, eventTypes, auditActorOf(viewer));
  }

  @Authorized('admin')
  @Mutation(() => ProjectType, {
    description: 'Steady within ± steadyPercent; falling sharply at or below sharpPercent (negative).',
  })
  async setTrendThresholds(
    @Ctx() context: AnalyticsRequestContext,
    @Arg('steadyPercent', () => Float, { description: 'Steady within ± this change, in percent.' })
    steadyPercent: number,
    @Arg('sharpPercent', () => Float, {
      description: 'Falling sharply at or below this change, in percent (negative).',
    })
    sharpPercent: number,
  ): Promise<ProjectType> {
    const viewer = requireViewer(context);
    return context.services.analyticsSettings.setTrendThresholds(
      viewer.project,
      steadyPercent,
      sharpPercent,
      auditActorOf(viewer),
    );
  }

  @Authorized('admin')
  @Mutation(() => GroupTypeInfoType, { description: 'Display names and the property that holds a group’s name.' })
  async updateGroupType(
    @Ctx() context: AnalyticsRequestContext,
    @Arg('name', () => String, { description: "The group type's name as the SDKs send it." }) name: string,
    @Arg('displaySingular', () => String, {
      description: 'What to call one group, e.g. "Company"; omitted: unchanged.',
      nullable: true,
    })
    displaySingular: string | null | undefined,
    @Arg('displayPlural', () => String, {
      description: 'What to call several groups, e.g. "Companies"; omitted: unchanged.',
      nullable: true,
    })
    displayPlural: string | null | undefined,
    @Arg('nameProperty', () => String, {
      description: "The group property holding a group's name; omitted: unchanged.",
      nullable: true,
    })
    nameProperty: string | null | undefined,
  ): Promise<GroupTypeInfoType> {
    const viewer = requireViewer(context);
    const row = await context.services.analyticsSettings.updateGroupType(
      viewer.project,
      name,
      { displaySingular, displayPlural, nameProperty: nameProperty ?? undefined },
      auditActorOf(viewer),
    );
    return toGroupTypeInfo(row);
  }
}
