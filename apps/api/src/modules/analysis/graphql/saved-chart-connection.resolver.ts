// `savedChartsConnection`: the project's saved charts by name, in the API's one list shape.
import { Arg, Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';
import type { RequestContext } from '../../projects/request-context';
import { requireViewer } from '../../projects/request-context';
import type { SavedChartService } from '../saved-chart.service';
import { SavedChartType, toSavedChart } from './saved-chart.resolver';

type SavedChartContext = RequestContext<{ savedCharts: SavedChartService }>;

const savedChartCursorKind = 'saved-chart';

@ObjectType('SavedChartEdge')
export class SavedChartEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => SavedChartType)
  node!: SavedChartType;
}

@ObjectType('SavedChartConnection', { description: 'Saved charts by name (case-insensitive), then id.' })
export class SavedChartConnectionType {
  @Field(() => [SavedChartEdgeType])
  edges!: SavedChartEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  /** Read only when asked for (see SavedChartConnectionResolver). */
  projectId!: number;
}

@Resolver(() => SavedChartConnectionType)
export class SavedChartConnectionResolver {
  @Authorized()
  @Query(() => SavedChartConnectionType, { description: 'Saved charts of the project, by name.' })
  async savedChartsConnection(
    @Ctx() context: SavedChartContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<SavedChartConnectionType> {
    const { project } = requireViewer(context);
    const size = checkPageSize(first, 50);
    const key = decodeCursor(savedChartCursorKind, after, ['text', 'id']);
    const records = await context.services.savedCharts.page(
      project.id,
      key ? { name: key[0]!, id: Number(key[1]) } : null,
      size + 1,
    );
    const connection = toConnection(
      records,
      size,
      after,
      (record) => encodeCursor(savedChartCursorKind, [record.sortName, String(record.id)]),
      ({ sortName: _sortName, ...record }) => toSavedChart(record),
    );
    return { ...connection, projectId: project.id };
  }

  @Authorized()
  @FieldResolver(() => Int, { description: 'Saved charts of the project, over all pages.' })
  totalCount(@Root() connection: SavedChartConnectionType, @Ctx() context: SavedChartContext): Promise<number> {
    return context.services.savedCharts.count(connection.projectId);
  }
}
