import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { rangeLength } from '@leadmaps/shared';
import type { RequestContext } from '../../projects/request-context';
import { requireViewer } from '../../projects/request-context';
import type { RetentionService, RetentionTable } from '../retention.service';
import { breakdownLabel } from './analysis.resolver';
import { RetentionCellInput, RetentionInput } from './retention.inputs';
import { RetentionMemberConnectionType, RetentionType, type RetentionTableType } from './retention.types';

type RetentionRequestContext = RequestContext<{ retention: RetentionService }>;

const toTable = (table: RetentionTable): RetentionTableType => ({
  ...table,
  breakdown: table.breakdown ? { ...table.breakdown, label: breakdownLabel(table.breakdown) } : null,
});

@Resolver()
export class RetentionResolver {
  @Authorized()
  @Query(() => RetentionType, {
    description:
      'Retention: per birth period, the units born and the share retained k periods later, and the averaged curve. See RetentionInput for the exact rules.',
  })
  async retention(
    @Ctx() context: RetentionRequestContext,
    @Arg('input', () => RetentionInput, {
      description: 'The start and return events, audience, range, interval, periods and breakdown.',
    })
    input: RetentionInput,
  ): Promise<RetentionType> {
    const { project } = requireViewer(context);
    const result = await context.services.retention.retention(project, input);
    const { query } = result;
    return {
      range: { ...query.range, days: rangeLength(query.range) },
      interval: query.interval,
      periods: query.periods,
      countedBy: query.countedBy,
      groupType: result.groupType,
      today: result.today,
      total: toTable(result.total),
      breakdowns: result.breakdowns.map(toTable),
    };
  }

  @Authorized()
  @Query(() => RetentionMemberConnectionType, {
    description:
      'Microscope on a retention cell: the units born in the cohort that returned (RETAINED) or did not (LOST) in the period, most return events first, then by name. CSV of all of them: POST /analysis/retention-microscope.csv with {"cell": …}.',
  })
  async retentionMicroscope(
    @Ctx() context: RetentionRequestContext,
    @Arg('cell', () => RetentionCellInput, {
      description:
        'The retention cell: the table, a birth period, an offset, RETAINED or LOST (and the breakdown value, if any).',
    })
    cell: RetentionCellInput,
    @Arg('first', () => Int, { description: 'Page size (default 50, at most 200).', nullable: true, defaultValue: 50 })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<RetentionMemberConnectionType> {
    const { project } = requireViewer(context);
    const page = await context.services.retention.members(project, cell, first, after);
    return {
      edges: page.edges.map((edge) => ({
        cursor: edge.cursor,
        node: {
          ...edge.node,
          id: String(edge.node.id),
          groupPath:
            edge.node.groupType !== null && edge.node.value !== null
              ? `/groups/${encodeURIComponent(edge.node.groupType)}/${encodeURIComponent(edge.node.value)}`
              : null,
        },
      })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: page.endCursor,
        hasPreviousPage: after !== null,
        startCursor: page.edges[0]?.cursor ?? null,
      },
      totalCount: page.totalCount,
    };
  }
}
