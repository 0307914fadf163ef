import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { JsonScalar, DateTimeScalar } from '../../analytics/graphql/analytics-scalars';
import type { RequestContext } from '../../projects/request-context';
import { requireViewer } from '../../projects/request-context';
import type { SavedChartRecord } from '../saved-chart.repository';
import type { SavedChartService } from '../saved-chart.service';
import { CompositionInput, SegmentationInput } from './analysis.inputs';
import { SavedChartKindEnum } from './analysis.enums';
import { FunnelInput } from './funnel.inputs';
import { RetentionInput } from './retention.inputs';

type SavedChartContext = RequestContext<{ savedCharts: SavedChartService }>;

@ObjectType('SavedChart', { description: 'A chart saved by name; every key of the project sees it (no owner).' })
export class SavedChartType {
  @Field(() => Int, { description: "The saved chart's id in the project." })
  id!: number;

  @Field(() => String, { description: 'The name shown in lists.' })
  name!: string;

  @Field(() => SavedChartKindEnum, {
    description: 'Which chart it is: SEGMENTATION, COMPOSITION, FUNNEL or RETENTION.',
  })
  kind!: 'SEGMENTATION' | 'COMPOSITION' | 'FUNNEL' | 'RETENTION';

  @Field(() => JsonScalar, {
    description:
      'The definition as checked and stored: pass it as input to segmentation, composition, funnel or retention (by kind).',
  })
  definition!: unknown;

  @Field(() => DateTimeScalar, { description: 'When the chart was saved first.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it was last saved.' })
  updatedAt!: Date;
}

@InputType('SaveChartInput', { description: 'Exactly one of segmentation, composition, funnel or retention.' })
export class SaveChartInput {
  @Field(() => Int, { nullable: true, description: 'Omitted: a new chart. Set: replaces that chart.' })
  id?: number | null;

  @Field(() => String, { description: "The chart's name (1 to 200 characters)." })
  name!: string;

  @Field(() => SegmentationInput, {
    description: 'A segmentation definition (give exactly one definition).',
    nullable: true,
  })
  segmentation?: SegmentationInput | null;

  @Field(() => CompositionInput, {
    description: 'A composition definition (give exactly one definition).',
    nullable: true,
  })
  composition?: CompositionInput | null;

  @Field(() => FunnelInput, { description: 'A funnel definition (give exactly one definition).', nullable: true })
  funnel?: FunnelInput | null;

  @Field(() => RetentionInput, { description: 'A retention definition (give exactly one definition).', nullable: true })
  retention?: RetentionInput | null;
}

const savedChartKinds = {
  segmentation: 'SEGMENTATION',
  composition: 'COMPOSITION',
  funnel: 'FUNNEL',
  retention: 'RETENTION',
} as const satisfies Record<SavedChartRecord['kind'], SavedChartType['kind']>;

export const toSavedChart = (record: SavedChartRecord): SavedChartType => ({
  ...record,
  kind: savedChartKinds[record.kind],
});

@Resolver()
export class SavedChartResolver {
  @Authorized()
  @Query(() => [SavedChartType], {
    description: 'Saved charts of the project, by name.',
    deprecationReason: 'Use `savedChartsConnection`: the same charts, by name, as a connection.',
  })
  async savedCharts(@Ctx() context: SavedChartContext): Promise<SavedChartType[]> {
    const { project } = requireViewer(context);
    return (await context.services.savedCharts.list(project.id)).map(toSavedChart);
  }

  @Authorized()
  @Query(() => SavedChartType, {
    nullable: true,
    description: 'One saved chart; null when the project has none with this id.',
  })
  async savedChart(
    @Ctx() context: SavedChartContext,
    @Arg('id', () => Int, { description: "The saved chart's id." }) id: number,
  ): Promise<SavedChartType | null> {
    const { project } = requireViewer(context);
    const record = await context.services.savedCharts.find(project.id, id);
    return record ? toSavedChart(record) : null;
  }

  @Authorized('admin')
  @Mutation(() => SavedChartType, {
    description: 'Creates a chart, or replaces one (name and definition) when id is set.',
  })
  async saveChart(
    @Ctx() context: SavedChartContext,
    @Arg('input', () => SaveChartInput, { description: 'The name and exactly one chart definition.' })
    input: SaveChartInput,
  ): Promise<SavedChartType> {
    const { project } = requireViewer(context);
    const record = await context.services.savedCharts.save(project.id, {
      id: input.id ?? null,
      name: input.name,
      segmentation: input.segmentation ?? null,
      composition: input.composition ?? null,
      funnel: input.funnel ?? null,
      retention: input.retention ?? null,
    });
    return toSavedChart(record);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Deletes a saved chart; false when there was none with this id.' })
  async deleteChart(
    @Ctx() context: SavedChartContext,
    @Arg('id', () => Int, { description: "The saved chart's id." }) id: number,
  ): Promise<boolean> {
    const { project } = requireViewer(context);
    return context.services.savedCharts.delete(project.id, id);
  }
}
