// Administrative changes to how figures are computed: key actions, trend bands, group type names.
import { describeInvalidThresholds } from '@leadmaps/shared';
import type { Database } from '../../database/database';
import { DomainError } from '../../lib/domain-error';
import type { ProjectRecord } from '../projects/project.repository';
import type { ProjectService } from '../projects/project.service';
import type { GroupAnalyticsService } from './group-analytics.service';
import { lockSettingsForChange, saveKeyActions, saveTrendThresholds } from '../projects/project-settings.repository';
import { recordSettingsChange, type AuditActor } from '../audit/audit-log.repository';
import { recomputeKeyActions } from '../rollups/recompute-key-actions.repository';
import { findGroupTypeByName, type GroupTypeRow } from './queries/group-types.query';
import { updateGroupTypeSettings, type GroupTypeChanges } from '../groups/group-type-settings.repository';

export const maximumKeyActions = 100;

export class AnalyticsSettingsService {
  constructor(
    private readonly database: Database,
    private readonly projects: ProjectService,
    private readonly analytics: GroupAnalyticsService,
  ) {}

  /**
   * Stores the key actions and re-counts every day of history with them, in one transaction that
   * holds the rollup lock, taken through the same transaction API as the folds.
   */
  async setKeyActions(project: ProjectRecord, eventTypes: string[], actor: AuditActor): Promise<ProjectRecord> {
    const keyActions = [...new Set(eventTypes.map((eventType) => eventType.trim()))].filter(Boolean);
    if (keyActions.length > maximumKeyActions)
      throw new DomainError('LIMIT_EXCEEDED', `A project may have at most ${maximumKeyActions} key actions.`);
    await this.database.transaction(async (transaction) => {
      const before = await lockSettingsForChange(transaction, project.id);
      await saveKeyActions(transaction, project.id, keyActions);
      await recomputeKeyActions(transaction, project.id, keyActions);
      await recordSettingsChange(transaction, project.id, {
        actor,
        action: 'project.key_actions',
        before: before.keyActions,
        after: keyActions,
      });
    });
    // Ingest caches project settings (key actions included) for a few seconds; the list caches pages.
    this.projects.forgetCachedSettings(project.id);
    this.analytics.forgetCachedPages(project.id);
    return this.reload(project.id);
  }

  async setTrendThresholds(
    project: ProjectRecord,
    steadyPercent: number,
    sharpPercent: number,
    actor: AuditActor,
  ): Promise<ProjectRecord> {
    const problem = describeInvalidThresholds({ steadyPercent, sharpPercent });
    if (problem) throw new DomainError('INVALID_INPUT', problem);
    await this.database.transaction(async (transaction) => {
      const before = await lockSettingsForChange(transaction, project.id);
      await saveTrendThresholds(transaction, project.id, steadyPercent, sharpPercent);
      await recordSettingsChange(transaction, project.id, {
        actor,
        action: 'project.trend_thresholds',
        before: { steadyPercent: before.trendSteadyPercent, sharpPercent: before.trendSharpPercent },
        after: { steadyPercent, sharpPercent },
      });
    });
    this.projects.forgetCachedSettings(project.id);
    this.analytics.forgetCachedPages(project.id);
    return this.reload(project.id);
  }

  async updateGroupType(
    project: ProjectRecord,
    name: string,
    changes: GroupTypeChanges,
    actor: AuditActor,
  ): Promise<GroupTypeRow> {
    const groupType = await this.analytics.requireGroupType(project, name);
    const normalized: GroupTypeChanges = {};
    if (changes.displaySingular !== undefined) normalized.displaySingular = changes.displaySingular?.trim() || null;
    if (changes.displayPlural !== undefined) normalized.displayPlural = changes.displayPlural?.trim() || null;
    if (changes.nameProperty !== undefined && changes.nameProperty !== null) {
      const nameProperty = changes.nameProperty.trim();
      if (!nameProperty)
        throw new DomainError(
          'INVALID_INPUT',
          'The name property must be the key of a group property, for example "name".',
        );
      normalized.nameProperty = nameProperty;
    }
    await this.database.transaction(async (transaction) => {
      await lockSettingsForChange(transaction, project.id);
      const before = (await findGroupTypeByName(transaction, project.id, name))!;
      await updateGroupTypeSettings(transaction, project.id, groupType.id, normalized);
      const fields = Object.keys(normalized) as (keyof GroupTypeChanges)[];
      if (fields.length === 0) return;
      await recordSettingsChange(transaction, project.id, {
        actor,
        action: 'group_type.settings',
        subject: name,
        before: Object.fromEntries(fields.map((field) => [field, before[field]])),
        after: normalized,
      });
    });
    this.analytics.forgetCachedPages(project.id);
    return (await findGroupTypeByName(this.database, project.id, name))!;
  }

  private async reload(projectId: number): Promise<ProjectRecord> {
    const project = await this.projects.getProject(projectId);
    if (!project) throw new DomainError('NOT_FOUND', 'The project no longer exists.');
    return project;
  }
}
