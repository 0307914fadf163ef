import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { JsonScalar } from '../../analytics/graphql/analytics-scalars';
import { GroupDetailType } from '../../analytics/graphql/group-detail.type';
import { ChartPointInput } from '../../analysis/graphql/analysis.inputs';
import type { AnalysisService } from '../../analysis/analysis.service';
import type { FunnelService } from '../../analysis/funnel.service';
import { FunnelPointInput } from '../../analysis/graphql/funnel.inputs';
import { RetentionCellInput } from '../../analysis/graphql/retention.inputs';
import type { RetentionService } from '../../analysis/retention.service';
import { listGroupTypesWithCounts } from '../../analytics/queries/group-types.query';
import type { RequestContext } from '../../projects/request-context';
import { requireViewer } from '../../projects/request-context';
import type { CohortMemberRow, CohortRecord } from '../cohort.repository';
import { maximumPreviewMembers, type CohortService } from '../cohort.service';
import {
  CohortKind,
  CohortMemberConnectionType,
  CohortMembershipChangeConnectionType,
  CohortPreviewType,
  CohortSizeConnectionType,
  CohortSizeType,
  CohortType,
  CreateCohortInput,
  ImportCohortInput,
  ImportCohortResultType,
  UpdateCohortInput,
  type CohortMemberType,
} from './cohort.types';

export type CohortContext = RequestContext<{
  cohorts: CohortService;
  analysis: AnalysisService;
  funnels: FunnelService;
  retention: RetentionService;
  database: Parameters<typeof listGroupTypesWithCounts>[0];
}>;

const memberCursorKind = 'cohort-member';
const changeCursorKind = 'cohort-change';
const sizeCursorKind = 'cohort-size';

function groupPath(groupType: string, value: string): string {
  return `/groups/${encodeURIComponent(groupType)}/${encodeURIComponent(value)}`;
}

/** The GraphQL Cohort of a record; `groupType` names its type. */
class CohortNode extends CohortType {
  projectId!: number;
}

export async function toCohorts(
  context: CohortContext,
  projectId: number,
  records: CohortRecord[],
): Promise<CohortNode[]> {
  const groupTypes = await listGroupTypesWithCounts(context.services.database, projectId);
  return records.map((record) => ({
    ...record,
    projectId,
    groupType: groupTypes.find((groupType) => groupType.id === record.groupTypeId)?.name ?? '',
    kind: record.definition === null ? CohortKind.STATIC : CohortKind.BEHAVIORAL,
    csvPath: `/cohorts/${record.id}/members.csv`,
  }));
}

async function toCohort(context: CohortContext, projectId: number, record: CohortRecord): Promise<CohortNode> {
  return (await toCohorts(context, projectId, [record]))[0]!;
}

const toMember = (groupType: string, row: CohortMemberRow): CohortMemberType => ({
  value: row.value,
  name: row.name,
  enteredAt: row.enteredAt,
  groupPath: groupPath(groupType, row.value),
});

@Resolver(() => CohortType)
export class CohortResolver {
  @Authorized()
  @Query(() => [CohortType], {
    description: 'Cohorts of groups of the project, by name.',
    deprecationReason: 'Use `cohortsConnection`: the same cohorts, by name, as a connection.',
  })
  async cohorts(@Ctx() context: CohortContext): Promise<CohortType[]> {
    const { project } = requireViewer(context);
    return toCohorts(context, project.id, await context.services.cohorts.list(project.id));
  }

  @Authorized()
  @Query(() => CohortType, { nullable: true, description: 'One cohort; null when the project has none with this id.' })
  async cohort(
    @Ctx() context: CohortContext,
    @Arg('id', () => Int, { description: "The cohort's id." }) id: number,
  ): Promise<CohortType | null> {
    const { project } = requireViewer(context);
    const record = await context.services.cohorts.find(project.id, id);
    return record ? toCohort(context, project.id, record) : null;
  }

  @Authorized()
  @Query(() => CohortPreviewType, {
    description: 'The size and first members a behavioural definition would have now (nothing is saved).',
  })
  async cohortPreview(
    @Ctx() context: CohortContext,
    @Arg('definition', () => JsonScalar, { description: 'A behavioural definition, as for createCohort.' })
    definition: unknown,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10, description: `At most ${maximumPreviewMembers}.` })
    first: number | null,
  ): Promise<CohortPreviewType> {
    const { project } = requireViewer(context);
    const preview = await context.services.cohorts.preview(project, definition, first ?? 10);
    const groupType = (definition as { groupType: string }).groupType;
    return { size: preview.size, members: preview.members.map((row) => toMember(groupType, row)) };
  }

  @Authorized()
  @FieldResolver(() => CohortMemberConnectionType, {
    description: 'The groups in the cohort as of its last computation, by internal id; totalCount is its size.',
  })
  async members(
    @Root() root: CohortNode,
    @Ctx() context: CohortContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<CohortMemberConnectionType> {
    const size = checkPageSize(first, 50);
    const key = decodeCursor(memberCursorKind, after, ['id']);
    const rows = await context.services.cohorts.members(
      root.projectId,
      root.id,
      key ? BigInt(key[0]!) : null,
      size + 1,
    );
    const connection = toConnection(
      rows,
      size,
      after,
      (row) => encodeCursor(memberCursorKind, [String(row.groupId)]),
      (row) => toMember(root.groupType, row),
    );
    return { ...connection, totalCount: root.size };
  }

  @Authorized()
  @FieldResolver(() => [CohortSizeType], {
    description: 'The size at every computation, oldest first.',
    deprecationReason:
      'Use `sizeHistoryConnection(first, after)`: the same sizes as a connection, newest first (behavioural cohorts gain one an hour).',
  })
  async sizeHistory(@Root() root: CohortNode, @Ctx() context: CohortContext): Promise<CohortSizeType[]> {
    return context.services.cohorts.sizes(root.projectId, root.id);
  }

  @Authorized()
  @FieldResolver(() => CohortSizeConnectionType, { description: 'The size at every computation, newest first.' })
  async sizeHistoryConnection(
    @Root() root: CohortNode,
    @Ctx() context: CohortContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<CohortSizeConnectionType> {
    const size = checkPageSize(first, 50);
    const key = decodeCursor(sizeCursorKind, after, ['timestamp']);
    const rows = await context.services.cohorts.sizesPage(root.projectId, root.id, key?.[0] ?? null, size + 1);
    return toConnection(
      rows,
      size,
      after,
      (row) => encodeCursor(sizeCursorKind, [row.cursorKey]),
      ({ computedAt, size: groups }) => ({ computedAt, size: groups }),
    );
  }

  @Authorized()
  @FieldResolver(() => CohortMembershipChangeConnectionType, {
    description: 'Groups that entered or left the cohort, newest first.',
  })
  async membershipChanges(
    @Root() root: CohortNode,
    @Ctx() context: CohortContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<CohortMembershipChangeConnectionType> {
    const size = checkPageSize(first, 50);
    const key = decodeCursor(changeCursorKind, after, ['id']);
    const rows = await context.services.cohorts.changes(
      root.projectId,
      root.id,
      key ? BigInt(key[0]!) : null,
      size + 1,
    );
    return toConnection(
      rows,
      size,
      after,
      (row) => encodeCursor(changeCursorKind, [String(row.id)]),
      (row) => ({ ...row, groupPath: groupPath(root.groupType, row.value) }),
    );
  }

  @Authorized('admin')
  @Mutation(() => CohortType, { description: 'Creates a behavioural cohort and computes its members now.' })
  async createCohort(
    @Ctx() context: CohortContext,
    @Arg('input', () => CreateCohortInput, { description: 'The name and behavioural definition.' })
    input: CreateCohortInput,
  ): Promise<CohortType> {
    const { project } = requireViewer(context);
    return toCohort(context, project.id, await context.services.cohorts.create(project, input.name, input.definition));
  }

  @Authorized('admin')
  @Mutation(() => CohortType, { description: 'Renames a cohort, or gives a behavioural one a new definition.' })
  async updateCohort(
    @Ctx() context: CohortContext,
    @Arg('id', () => Int, { description: "The cohort's id." }) id: number,
    @Arg('input', () => UpdateCohortInput, {
      description: 'A new name and/or (behavioural cohorts only) a new definition.',
    })
    input: UpdateCohortInput,
  ): Promise<CohortType> {
    const { project } = requireViewer(context);
    const record = await context.services.cohorts.update(project, id, {
      name: input.name ?? null,
      definition: input.definition ?? null,
    });
    return toCohort(context, project.id, record);
  }

  @Authorized('admin')
  @Mutation(() => ImportCohortResultType, {
    description: 'Creates a static cohort from a file and reports how each line matched (all or nothing).',
  })
  async importCohort(
    @Ctx() context: CohortContext,
    @Arg('input', () => ImportCohortInput, {
      description: 'The name, group type and file content (one group per line).',
    })
    input: ImportCohortInput,
  ): Promise<ImportCohortResultType> {
    const { project } = requireViewer(context);
    const { cohort, report } = await context.services.cohorts.importFile(project, input);
    return { cohort: await toCohort(context, project.id, cohort), report };
  }

  @Authorized('admin')
  @Mutation(() => CohortType, {
    description: 'Saves the groups behind a Microscope point (a chart counted by GROUPS) as a static cohort.',
  })
  async saveMicroscopeCohort(
    @Ctx() context: CohortContext,
    @Arg('name', () => String, { description: "The new cohort's name (1 to 200 characters)." }) name: string,
    @Arg('point', () => ChartPointInput, {
      description: 'The segmentation point: the chart, a series, a bucket (and the breakdown value, if any).',
    })
    point: ChartPointInput,
  ): Promise<CohortType> {
    const { project } = requireViewer(context);
    const list = await context.services.analysis.pointGroups(project, point);
    return toCohort(context, project.id, await context.services.cohorts.saveList(project, name, list));
  }

  @Authorized('admin')
  @Mutation(() => CohortType, {
    description:
      'Saves the groups behind a funnel bar (a step reached, or dropped off after it; a funnel counted by GROUPS) as a static cohort: the whole funnelMicroscope list of that point.',
  })
  async saveFunnelMicroscopeCohort(
    @Ctx() context: CohortContext,
    @Arg('name', () => String, { description: "The new cohort's name (1 to 200 characters)." }) name: string,
    @Arg('point', () => FunnelPointInput, {
      description: 'The funnel bar: the funnel, a step and REACHED or DROPPED_OFF (and the breakdown value, if any).',
    })
    point: FunnelPointInput,
  ): Promise<CohortType> {
    const { project } = requireViewer(context);
    const list = await context.services.funnels.pointGroups(project, point);
    return toCohort(context, project.id, await context.services.cohorts.saveList(project, name, list));
  }

  @Authorized('admin')
  @Mutation(() => CohortType, {
    description:
      'Saves the groups of a retention cell (RETAINED or LOST; a table counted by GROUPS) as a static cohort: the whole retentionMicroscope list of that cell.',
  })
  async saveRetentionMicroscopeCohort(
    @Ctx() context: CohortContext,
    @Arg('name', () => String, { description: "The new cohort's name (1 to 200 characters)." }) name: string,
    @Arg('cell', () => RetentionCellInput, {
      description:
        'The retention cell: the table, a birth period, an offset, RETAINED or LOST (and the breakdown value, if any).',
    })
    cell: RetentionCellInput,
  ): Promise<CohortType> {
    const { project } = requireViewer(context);
    const list = await context.services.retention.cellGroups(project, cell);
    return toCohort(context, project.id, await context.services.cohorts.saveList(project, name, list));
  }

  @Authorized('admin')
  @Mutation(() => CohortType, { description: 'Recomputes a behavioural cohort now.' })
  async recomputeCohort(
    @Ctx() context: CohortContext,
    @Arg('id', () => Int, { description: "The behavioural cohort's id." }) id: number,
  ): Promise<CohortType> {
    const { project } = requireViewer(context);
    return toCohort(context, project.id, await context.services.cohorts.recompute(project, id));
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Deletes a cohort; false when there was none with this id.' })
  async deleteCohort(
    @Ctx() context: CohortContext,
    @Arg('id', () => Int, { description: "The cohort's id." }) id: number,
  ): Promise<boolean> {
    const { project } = requireViewer(context);
    return context.services.cohorts.delete(project.id, id);
  }
}

@Resolver(() => GroupDetailType)
export class GroupCohortsResolver {
  @Authorized()
  @FieldResolver(() => [CohortType], { description: 'The cohorts this group belongs to, by name.' })
  async cohorts(@Root() root: GroupDetailType, @Ctx() context: CohortContext): Promise<CohortType[]> {
    const { project } = requireViewer(context);
    return toCohorts(
      context,
      project.id,
      await context.services.cohorts.cohortsOfGroup(project.id, root.detail.group.id),
    );
  }
}
