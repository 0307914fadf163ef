// Saved charts: a definition is checked by the chart's own validation before it is stored, so a
// saved chart always opens (names are not resolved here: a group type or property that is
// removed later is reported when the chart is opened, with the known ones).
import { DomainError } from '../../lib/domain-error';
import { compositionQuerySchema, parseDefinition, segmentationQuerySchema } from './analysis-query';
import { funnelQuerySchema } from './funnel-query';
import { retentionQuerySchema } from './retention-query';
import type { SavedChartKind, SavedChartRecord, SavedChartRepository } from './saved-chart.repository';

export const maximumChartNameLength = 200;

export interface SaveChartRequest {
  id: number | null;
  name: string;
  segmentation: unknown;
  composition: unknown;
  funnel?: unknown;
  retention?: unknown;
}

export class SavedChartService {
  constructor(private readonly repository: SavedChartRepository) {}

  list(projectId: number): Promise<SavedChartRecord[]> {
    return this.repository.list(projectId);
  }

  page(projectId: number, after: { name: string; id: number } | null, limit: number) {
    return this.repository.page(projectId, after, limit);
  }

  count(projectId: number): Promise<number> {
    return this.repository.count(projectId);
  }

  find(projectId: number, id: number): Promise<SavedChartRecord | null> {
    return this.repository.find(projectId, id);
  }

  async save(projectId: number, request: SaveChartRequest): Promise<SavedChartRecord> {
    const name = request.name.trim();
    if (name === '' || name.length > maximumChartNameLength) {
      throw new DomainError('INVALID_INPUT', `A chart name must have 1 to ${maximumChartNameLength} characters.`);
    }
    const candidates: [SavedChartKind, unknown][] = [
      ['segmentation', request.segmentation],
      ['composition', request.composition],
      ['funnel', request.funnel],
      ['retention', request.retention],
    ];
    const given = candidates.filter(([, value]) => value !== null && value !== undefined);
    if (given.length !== 1) {
      throw new DomainError(
        'INVALID_INPUT',
        'Give exactly one definition: "segmentation", "composition", "funnel" or "retention".',
      );
    }
    const [kind] = given[0]!;
    // The checked form is stored (defaults filled in), so a chart keeps its meaning if defaults change.
    const definition =
      kind === 'segmentation'
        ? parseDefinition(segmentationQuerySchema, request.segmentation, 'segmentation')
        : kind === 'composition'
          ? parseDefinition(compositionQuerySchema, request.composition, 'composition')
          : kind === 'funnel'
            ? parseDefinition(funnelQuerySchema, request.funnel, 'funnel')
            : parseDefinition(retentionQuerySchema, request.retention, 'retention');
    const chart = { name, kind, definition };
    if (request.id === null) return this.repository.create(projectId, chart);
    const updated = await this.repository.update(projectId, request.id, chart);
    if (!updated)
      throw new DomainError('NOT_FOUND', `No saved chart ${request.id} in this project; omit "id" to create one.`);
    return updated;
  }

  delete(projectId: number, id: number): Promise<boolean> {
    return this.repository.delete(projectId, id);
  }
}
