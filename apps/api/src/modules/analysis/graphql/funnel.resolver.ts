import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { rangeLength } from '@leadmaps/shared';
import type { RequestContext } from '../../projects/request-context';
import { requireViewer } from '../../projects/request-context';
import type { FunnelMember, FunnelService } from '../funnel.service';
import type { FunnelStepFigures } from '../funnel-figures';
import { breakdownLabel } from './analysis.resolver';
import { FunnelInput, FunnelPointInput } from './funnel.inputs';
import {
  FunnelMicroscopeConnectionType,
  FunnelMicroscopeMemberType,
  FunnelType,
  type FunnelStepType,
} from './funnel.types';

type FunnelRequestContext = RequestContext<{ funnels: FunnelService }>;

const toMember = (member: FunnelMember): FunnelMicroscopeMemberType => ({
  ...member,
  id: String(member.id),
  groupPath:
    member.groupType !== null && member.value !== null
      ? `/groups/${encodeURIComponent(member.groupType)}/${encodeURIComponent(member.value)}`
      : null,
  chain: member.chain.map((link) => ({
    step: link.step,
    time: link.time,
    eventId: String(link.eventId),
    personId: link.personId === null ? null : String(link.personId),
    userId: link.personUserId,
    deviceId: link.personDeviceId,
  })),
});

@Resolver()
export class FunnelResolver {
  @Authorized()
  @Query(() => FunnelType, {
    description:
      'A funnel: per step, the groups (or people) that reached at least that step with their best chain, conversion, drop-off and time to convert. See FunnelInput for the exact rule.',
  })
  async funnel(
    @Ctx() context: FunnelRequestContext,
    @Arg('input', () => FunnelInput, { description: 'The steps, window, range, audience and breakdown.' })
    input: FunnelInput,
  ): Promise<FunnelType> {
    const { project } = requireViewer(context);
    const result = await context.services.funnels.funnel(project, input);
    const { query } = result;
    const stepsOf = (figures: FunnelStepFigures[]): FunnelStepType[] =>
      figures.map((figure) => ({ ...figure, eventType: query.steps[figure.step - 1]!.eventType }));
    return {
      range: { ...query.range, days: rangeLength(query.range) },
      countedBy: query.countedBy,
      groupType: result.groupType,
      windowSeconds: result.windowSeconds,
      steps: stepsOf(result.steps),
      breakdowns: result.breakdowns.map((entry) => ({
        breakdown: { ...entry.breakdown, label: breakdownLabel(entry.breakdown) },
        steps: stepsOf(entry.steps),
      })),
    };
  }

  @Authorized()
  @Query(() => FunnelMicroscopeMemberType, {
    nullable: true,
    description:
      "One group's journey through a funnel (counted by GROUPS: groupValue; by PEOPLE: userId): its furthest step and its measured chain, which member did which step and when. Null when there is no such group or person.",
  })
  async funnelJourney(
    @Ctx() context: FunnelRequestContext,
    @Arg('input', () => FunnelInput, { description: 'The funnel, as for the funnel query.' }) input: FunnelInput,
    @Arg('groupValue', () => String, { description: "The group's value (a funnel counted by GROUPS).", nullable: true })
    groupValue: string | null,
    @Arg('userId', () => String, { description: "The person's user id (a funnel counted by PEOPLE).", nullable: true })
    userId: string | null,
  ): Promise<FunnelMicroscopeMemberType | null> {
    const { project } = requireViewer(context);
    const member = await context.services.funnels.journey(project, input, {
      groupValue: groupValue ?? null,
      userId: userId ?? null,
    });
    return member ? toMember(member) : null;
  }

  @Authorized()
  @Query(() => FunnelMicroscopeConnectionType, {
    description:
      'The groups (or people) behind one funnel bar (reached a step, or reached it and not the next), by internal id, each with its chain: who did which step and when. CSV of all of them: POST /analysis/funnel-microscope.csv with {"point": …}.',
  })
  async funnelMicroscope(
    @Ctx() context: FunnelRequestContext,
    @Arg('point', () => FunnelPointInput, {
      description: 'The funnel bar: the funnel, a step and REACHED or DROPPED_OFF (and the breakdown value, if any).',
    })
    point: FunnelPointInput,
    @Arg('first', () => Int, { description: 'Page size (default 50, at most 200).', nullable: true, defaultValue: 50 })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<FunnelMicroscopeConnectionType> {
    const { project } = requireViewer(context);
    const page = await context.services.funnels.microscope(project, point, first, after);
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toMember(edge.node) })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after !== null,
        startCursor: page.edges[0]?.cursor ?? null,
        endCursor: page.edges.at(-1)?.cursor ?? null,
      },
      totalCount: page.totalCount,
    };
  }
}
