import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../projects/request-context';
import { requireViewer } from '../../projects/request-context';
import type { DynamicPropertyRecord } from '../dynamic-property.repository';
import type { DynamicPropertyService } from '../dynamic-property.service';
import {
  DynamicPropertyType,
  DynamicPropertyWindowInput,
  type DynamicPropertyWindowKind,
} from './dynamic-property.types';

type DynamicPropertyContext = RequestContext<{ dynamicProperties: DynamicPropertyService }>;

const windowKinds = { rolling: 'ROLLING', week: 'WEEK', month: 'MONTH' } as const satisfies Record<
  DynamicPropertyRecord['window']['kind'],
  DynamicPropertyWindowKind
>;

function toType(record: DynamicPropertyRecord): DynamicPropertyType {
  return {
    id: record.id,
    propertyKey: record.propertyKey,
    groupType: record.groupType,
    savedChartId: record.savedChartId,
    chartName: record.chartName,
    definition: record.definition,
    window: { kind: windowKinds[record.window.kind], days: record.window.days },
    createdAt: record.createdAt,
    computedAt: record.computedAt,
    period: record.periodFrom && record.periodTo ? { from: record.periodFrom, to: record.periodTo } : null,
    groupsChanged: record.groupsChanged,
    lastAttemptAt: record.lastAttemptAt,
    lastError: record.lastError,
  };
}

@Resolver()
export class DynamicPropertyResolver {
  @Authorized()
  @Query(() => [DynamicPropertyType], { description: 'The dynamic group properties of the project.' })
  async dynamicProperties(@Ctx() context: DynamicPropertyContext): Promise<DynamicPropertyType[]> {
    const { project } = requireViewer(context);
    return (await context.services.dynamicProperties.list(project.id)).map(toType);
  }

  @Authorized('admin')
  @Mutation(() => DynamicPropertyType, {
    description:
      'Creates a dynamic property from a saved segmentation chart (its definition is copied) and computes it at once. Accepted: one series, counted by PEOPLE (UNIQUES: active people; TOTALS: their events) or by EVENTS (TOTALS), no breakdown, no group filters; anything else is INVALID_INPUT with the reason.',
  })
  async createDynamicProperty(
    @Ctx() context: DynamicPropertyContext,
    @Arg('savedChartId', () => Int, {
      description: 'A saved single-series segmentation chart counted by PEOPLE (UNIQUES); its definition is copied.',
    })
    savedChartId: number,
    @Arg('propertyKey', () => String, { description: 'The group property to write.' }) propertyKey: string,
    @Arg('groupType', () => String, { description: 'The group type whose groups get the property.' }) groupType: string,
    @Arg('window', () => DynamicPropertyWindowInput, {
      description: 'The period counted: rollingDays or calendar.',
      nullable: true,
    })
    window: DynamicPropertyWindowInput | null,
  ): Promise<DynamicPropertyType> {
    const { project } = requireViewer(context);
    const record = await context.services.dynamicProperties.create(project, {
      savedChartId,
      propertyKey,
      groupType,
      window: window ? { rollingDays: window.rollingDays ?? null, calendar: window.calendar ?? null } : null,
    });
    return toType(record);
  }

  @Authorized('admin')
  @Mutation(() => DynamicPropertyType, {
    description:
      'Computes the property now, for the period ending yesterday (project-local); a failure is returned in lastError.',
  })
  async recomputeDynamicProperty(
    @Ctx() context: DynamicPropertyContext,
    @Arg('id', () => Int, { description: "The dynamic property's id." }) id: number,
  ): Promise<DynamicPropertyType> {
    const { project } = requireViewer(context);
    return toType(await context.services.dynamicProperties.recompute(project, id));
  }

  @Authorized('admin')
  @Mutation(() => Boolean, {
    description:
      'Deletes a dynamic property; false when there was none with this id. With removeValues (default), the key is removed from the groups whose current value it wrote (recorded in the history).',
  })
  async deleteDynamicProperty(
    @Ctx() context: DynamicPropertyContext,
    @Arg('id', () => Int, { description: "The dynamic property's id." }) id: number,
    @Arg('removeValues', () => Boolean, {
      description:
        'Default true: also unset the property on the groups whose current value it wrote (recorded in the history).',
      defaultValue: true,
    })
    removeValues: boolean,
  ): Promise<boolean> {
    const { project } = requireViewer(context);
    return context.services.dynamicProperties.delete(project.id, id, removeValues);
  }
}
