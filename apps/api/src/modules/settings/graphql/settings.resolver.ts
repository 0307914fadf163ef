import { Arg, Authorized, Ctx, Float, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SqlExecutor } from '../../../database/sql-database';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { auditActorOf, listSettingsChanges } from '../../audit/audit-log.repository';
import type { GroupAnalyticsService } from '../../analytics/group-analytics.service';
import { ProjectType } from '../../projects/project.type';
import { requireViewer, type RequestContext } from '../../projects/request-context';
import type { ProjectSettingsService } from '../project-settings.service';
import type { TimeZoneChangeService } from '../time-zone-change.service';
import { previewTrendBands } from '../trend-band-preview';
import {
  type AuditActorEnum,
  type RebuildStateEnum,
  SettingsChangeConnectionType,
  TimeZoneChangeType,
  TrendBandCountType,
} from './settings.type';

type SettingsRequestContext = RequestContext<{
  database: SqlExecutor;
  groupAnalytics: GroupAnalyticsService;
  projectSettings: ProjectSettingsService;
  timeZoneChanges: TimeZoneChangeService;
}>;

const settingsChangeCursorKind = 'settings-change';

// The project settings page's API. Every field needs the secret key (or an admin session): the
// audit log and previews are part of administering a project, not of reading its figures.
@Resolver()
export class SettingsResolver {
  @Authorized('admin')
  @Mutation(() => ProjectType, { description: 'Renames the project.' })
  async renameProject(
    @Ctx() context: SettingsRequestContext,
    @Arg('name', () => String, { description: 'The new name.' }) name: string,
  ): Promise<ProjectType> {
    const viewer = requireViewer(context);
    return context.services.projectSettings.rename(viewer.project.id, name, auditActorOf(viewer));
  }

  @Authorized('admin')
  @Mutation(() => ProjectType, {
    description: 'Which traits of a Segment `group` call name the group type and (optionally) hold the group key.',
  })
  async setSegmentTraits(
    @Ctx() context: SettingsRequestContext,
    @Arg('groupTypeTrait', () => String, {
      description: 'The trait of a Segment `group` call that names the group type.',
    })
    groupTypeTrait: string,
    @Arg('groupValueTrait', () => String, {
      description: "The trait that holds the group value; null: the call's groupId.",
      nullable: true,
    })
    groupValueTrait: string | null,
  ): Promise<ProjectType> {
    const viewer = requireViewer(context);
    return context.services.projectSettings.setSegmentTraits(
      viewer.project.id,
      groupTypeTrait,
      groupValueTrait ?? null,
      auditActorOf(viewer),
    );
  }

  @Authorized('admin')
  @Mutation(() => TimeZoneChangeType, {
    description:
      'Changes the time zone and rebuilds every rollup in the background; figures use the old zone until it finishes. Follow it with timeZoneChange.',
  })
  changeTimeZone(
    @Ctx() context: SettingsRequestContext,
    @Arg('timeZone', () => String, { description: 'An IANA time zone name, e.g. Europe/Paris.' }) timeZone: string,
  ): TimeZoneChangeType {
    const viewer = requireViewer(context);
    const change = context.services.timeZoneChanges.start(viewer.project.id, timeZone, auditActorOf(viewer));
    return { ...change, state: change.state as RebuildStateEnum };
  }

  @Authorized('admin')
  @Query(() => TimeZoneChangeType, {
    nullable: true,
    description: 'The running or last time-zone change of the project on this server; null when none.',
  })
  timeZoneChange(@Ctx() context: SettingsRequestContext): TimeZoneChangeType | null {
    const viewer = requireViewer(context);
    const change = context.services.timeZoneChanges.status(viewer.project.id);
    return change ? { ...change, state: change.state as RebuildStateEnum } : null;
  }

  @Authorized('admin')
  @Query(() => [TrendBandCountType], {
    description:
      'How many groups of a type each trend band would hold with these thresholds, over the default range of the Groups page.',
  })
  async trendBandPreview(
    @Ctx() context: SettingsRequestContext,
    @Arg('groupType', () => String, { description: 'The group type, e.g. "company".' }) groupType: string,
    @Arg('steadyPercent', () => Float, { description: 'Steady within ± this change, in percent.' })
    steadyPercent: number,
    @Arg('sharpPercent', () => Float, {
      description: 'Falling sharply at or below this change, in percent (negative).',
    })
    sharpPercent: number,
  ): Promise<TrendBandCountType[]> {
    const { project } = requireViewer(context);
    const type = await context.services.groupAnalytics.requireGroupType(project, groupType);
    return previewTrendBands(context.services.database, project, type, { steadyPercent, sharpPercent });
  }

  @Authorized('admin')
  @Query(() => SettingsChangeConnectionType, { description: 'The settings audit log of the project, newest first.' })
  async settingsChanges(
    @Ctx() context: SettingsRequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<SettingsChangeConnectionType> {
    const { project } = requireViewer(context);
    const size = checkPageSize(first, 50);
    const key = decodeCursor(settingsChangeCursorKind, after, ['id']);
    const rows = await listSettingsChanges(context.services.database, project.id, {
      limit: size + 1,
      beforeId: key?.[0] ?? null,
    });
    return toConnection(
      rows,
      size,
      after,
      (row) => encodeCursor(settingsChangeCursorKind, [row.id]),
      (row) => ({ ...row, actor: row.actor as AuditActorEnum }),
    );
  }
}
