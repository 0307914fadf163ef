// `cohortsConnection`: the project's cohorts by name, in the API's one list shape (issue #17);
// `cohorts`, the plain list, stays for one release.
import { Arg, Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';
import { requireViewer } from '../../projects/request-context';
import { type CohortContext, toCohorts } from './cohort.resolver';
import { CohortType } from './cohort.types';

const cohortCursorKind = 'cohort';

@ObjectType('CohortEdge')
export class CohortEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => CohortType)
  node!: CohortType;
}

@ObjectType('CohortConnection', { description: 'Cohorts by name (case-insensitive), then id.' })
export class CohortConnectionType {
  @Field(() => [CohortEdgeType])
  edges!: CohortEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  /** Read only when asked for (see CohortConnectionResolver). */
  projectId!: number;
}

@Resolver(() => CohortConnectionType)
export class CohortConnectionResolver {
  @Authorized()
  @Query(() => CohortConnectionType, { description: 'Cohorts of groups of the project, by name.' })
  async cohortsConnection(
    @Ctx() context: CohortContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<CohortConnectionType> {
    const { project } = requireViewer(context);
    const size = checkPageSize(first, 50);
    const key = decodeCursor(cohortCursorKind, after, ['text', 'id']);
    const records = await context.services.cohorts.page(
      project.id,
      key ? { name: key[0]!, id: Number(key[1]) } : null,
      size + 1,
    );
    const nodes = new Map(
      (await toCohorts(context, project.id, records.slice(0, size))).map((node) => [node.id, node]),
    );
    const connection = toConnection(
      records,
      size,
      after,
      (record) => encodeCursor(cohortCursorKind, [record.sortName, String(record.id)]),
      (record) => nodes.get(record.id)!,
    );
    return { ...connection, projectId: project.id };
  }

  @Authorized()
  @FieldResolver(() => Int, { description: 'Cohorts of the project, over all pages.' })
  totalCount(@Root() connection: CohortConnectionType, @Ctx() context: CohortContext): Promise<number> {
    return context.services.cohorts.count(connection.projectId);
  }
}
