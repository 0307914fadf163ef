// Dynamic group properties: created from a saved chart (its definition copied), computed for every
// group of a type over a rolling or calendar window, and written through the one group property
// writer (GroupPropertyService) with source `dynamic`, so values, history and the Groups page's
// caches behave as for any other source. Only groups whose value changes are written, so history
// rows appear only on change. A computation is one transaction: every group's value and the
// property's period move together, or nothing does.
import { todayInTimeZone } from '@leadmaps/shared';
import type { Database } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import type { Logger } from '../../lib/logger';
import { findGroupTypeByName } from '../analytics/queries/group-types.query';
import type { SavedChartService } from '../analysis/saved-chart.service';
import { findKnownPropertyKeys } from '../groups/group-property.repository';
import { maximumGroupPropertyKeysPerProject, type GroupPropertyService } from '../groups/group-property.service';
import type { ProjectRecord } from '../projects/project.repository';
import type { ProjectService } from '../projects/project.service';
import { copyChartDefinition, parseWindow, periodFor, type windowInputSchema } from './dynamic-property-definition';
import type { DynamicPropertyRecord, DynamicPropertyRepository } from './dynamic-property.repository';
import { buildDynamicValueHoldersSql, buildGroupFiguresSql, type GroupFigureRow } from './queries/group-figures.query';
import type { z } from 'zod';

export const maximumPropertyKeyLength = 200;

export interface CreateDynamicPropertyRequest {
  savedChartId: number;
  propertyKey: string;
  groupType: string;
  window: z.input<typeof windowInputSchema>;
}

export class DynamicPropertyService {
  /** "Now" for computations and history times; tests replace it (setClock). */
  private clock: () => Date = () => new Date();

  constructor(
    private readonly database: Database,
    private readonly repository: DynamicPropertyRepository,
    private readonly savedCharts: Pick<SavedChartService, 'find'>,
    private readonly projects: Pick<ProjectService, 'getProject'>,
    private readonly groupProperties: Pick<GroupPropertyService, 'applyOperationsToGroups'>,
    private readonly logger: Logger,
  ) {}

  setClock(clock: () => Date): void {
    this.clock = clock;
  }

  list(projectId: number): Promise<DynamicPropertyRecord[]> {
    return this.repository.list(projectId);
  }

  async create(project: ProjectRecord, request: CreateDynamicPropertyRequest): Promise<DynamicPropertyRecord> {
    const propertyKey = request.propertyKey.trim();
    if (propertyKey === '' || propertyKey.length > maximumPropertyKeyLength || propertyKey.startsWith('$'))
      throw new DomainError(
        'INVALID_INPUT',
        `A property key has 1 to ${maximumPropertyKeyLength} characters and does not start with "$".`,
      );
    const groupType = await findGroupTypeByName(this.database, project.id, request.groupType);
    if (!groupType) throw new DomainError('INVALID_INPUT', `Unknown group type "${request.groupType}".`);
    if (propertyKey === groupType.nameProperty)
      throw new DomainError(
        'INVALID_INPUT',
        `"${propertyKey}" is the name property of ${groupType.name}: a dynamic property would overwrite every group's name. Choose another key.`,
      );
    const chart = await this.savedCharts.find(project.id, request.savedChartId);
    if (!chart) throw new DomainError('NOT_FOUND', `No saved chart ${request.savedChartId} in this project.`);
    const definition = copyChartDefinition(chart, groupType.name);
    const chartRange = (chart.definition as { range?: { from: string; to: string } } | null)?.range ?? null;
    const window = parseWindow(request.window, chartRange);
    if (await this.repository.findByKey(project.id, groupType.id, propertyKey))
      throw conflict(propertyKey, groupType.name);
    const known = await findKnownPropertyKeys(this.database, project.id, [propertyKey]);
    if (!known.has(propertyKey)) {
      // Refused now rather than failing at every computation.
      if ((await this.repository.countGroupPropertyKeys(project.id)) >= maximumGroupPropertyKeysPerProject)
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `The project already has ${maximumGroupPropertyKeysPerProject} distinct group property keys; use an existing key or remove one.`,
        );
    }
    const id = await this.repository.create(project.id, {
      groupTypeId: groupType.id,
      propertyKey,
      savedChartId: chart.id,
      chartName: chart.name,
      definition,
      window,
    });
    if (!id) throw conflict(propertyKey, groupType.name);
    // Computed at once, so the values exist from the start; a failure is recorded on the property.
    return this.recompute(project, id);
  }

  /** "Recompute now": the period that ends yesterday (project-local), whatever was computed before. */
  async recompute(project: ProjectRecord, id: number): Promise<DynamicPropertyRecord> {
    const property = await this.repository.find(project.id, id);
    if (!property) throw new DomainError('NOT_FOUND', `No dynamic property ${id} in this project.`);
    await this.compute(project, property, this.clock());
    return (await this.repository.find(project.id, id))!;
  }

  /**
   * Deletes a property. With `removeValues`, the key is removed from the groups whose current value
   * was written by a dynamic property (not from those where another source wrote it since).
   */
  async delete(projectId: number, id: number, removeValues: boolean): Promise<boolean> {
    const property = await this.repository.find(projectId, id);
    if (!property) return false;
    return this.database.transaction(async (transaction) => {
      if (!(await this.repository.lock(transaction, projectId, id))) return false;
      if (removeValues) {
        const holders = await transaction.query<{ groupId: bigint }>(
          buildDynamicValueHoldersSql(projectId, property.groupTypeId, property.propertyKey),
        );
        await this.groupProperties.applyOperationsToGroups(
          transaction,
          projectId,
          holders.map(({ groupId }) => ({ groupId, operations: { $unset: { [property.propertyKey]: '-' } } })),
          'dynamic',
          this.clock(),
        );
      }
      return this.repository.delete(transaction, projectId, id);
    });
  }

  /**
   * The scheduled job: every property whose period has moved since its last success (rolling:
   * daily; week and month: once per interval) is computed, project by project. A project or a
   * property that fails is recorded and logged, and the loop goes on.
   */
  async computeDue(dueAt: Date): Promise<{ computed: number; failed: number }> {
    const tally = { computed: 0, failed: 0 };
    for (const projectId of await this.repository.listProjectIds()) {
      try {
        const project = await this.projects.getProject(projectId);
        if (!project) continue;
        const today = todayInTimeZone(project.timeZone, dueAt);
        for (const property of await this.repository.list(projectId)) {
          const period = periodFor(property.window, today);
          if (property.periodFrom === period.from && property.periodTo === period.to) continue;
          if (await this.compute(project, property, dueAt)) tally.computed += 1;
          else tally.failed += 1;
        }
      } catch (error) {
        tally.failed += 1;
        this.logger.error({ projectId, err: error }, 'dynamic properties failed for a project');
      }
    }
    return tally;
  }

  /** Computes one property as of `now`; records the outcome. False when it failed. */
  private async compute(project: ProjectRecord, property: DynamicPropertyRecord, now: Date): Promise<boolean> {
    const period = periodFor(property.window, todayInTimeZone(project.timeZone, now));
    try {
      await this.database.transaction(
        async (transaction) => {
          if (!(await this.repository.lock(transaction, project.id, property.id))) return;
          const rows = await transaction.query<GroupFigureRow>(
            buildGroupFiguresSql(
              {
                projectId: project.id,
                timeZone: project.timeZone,
                groupTypeId: property.groupTypeId,
                propertyKey: property.propertyKey,
              },
              property.definition,
              period,
            ),
          );
          const writes = rows
            .filter((row) => row.current !== row.figure)
            .map((row) => ({ groupId: row.groupId, operations: { $set: { [property.propertyKey]: row.figure } } }));
          const outcome = await this.groupProperties.applyOperationsToGroups(
            transaction,
            project.id,
            writes,
            'dynamic',
            now,
          );
          if (outcome.refusedKeys.length)
            throw new DomainError(
              'LIMIT_EXCEEDED',
              `The key "${property.propertyKey}" was refused: the project has ${maximumGroupPropertyKeysPerProject} distinct group property keys.`,
            );
          await this.repository.recordSuccess(transaction, project.id, property.id, {
            at: now,
            period,
            groupsChanged: writes.length,
          });
        },
        { longRunning: true },
      );
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        { projectId: project.id, dynamicPropertyId: property.id, error: message },
        'dynamic property computation failed',
      );
      await this.repository.recordFailure(project.id, property.id, now, message);
      return false;
    }
  }
}

function conflict(propertyKey: string, groupType: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `A dynamic property already writes "${propertyKey}" on ${groupType}; delete it first or choose another key.`,
  );
}
