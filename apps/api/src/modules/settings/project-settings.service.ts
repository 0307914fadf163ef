// Project settings that do not change how figures are counted: the name and which Segment
// traits name a group. Each change is audited in its own transaction (modules/audit/).
import type { Database } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import { recordSettingsChange, type AuditActor } from '../audit/audit-log.repository';
import { lockSettingsForChange, saveProjectName, saveSegmentTraits } from '../projects/project-settings.repository';
import type { ProjectRecord } from '../projects/project.repository';
import type { ProjectService } from '../projects/project.service';

export const maximumProjectNameLength = 200;
export const maximumTraitLength = 200;

export class ProjectSettingsService {
  constructor(
    private readonly database: Database,
    private readonly projects: ProjectService,
  ) {}

  async rename(projectId: number, name: string, actor: AuditActor): Promise<ProjectRecord> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > maximumProjectNameLength)
      throw new DomainError('INVALID_INPUT', `A project name needs 1 to ${maximumProjectNameLength} characters.`);
    await this.database.transaction(async (transaction) => {
      const before = await lockSettingsForChange(transaction, projectId);
      if (before.name === trimmed) return;
      await saveProjectName(transaction, projectId, trimmed);
      await recordSettingsChange(transaction, projectId, {
        actor,
        action: 'project.name',
        before: before.name,
        after: trimmed,
      });
    });
    return this.reload(projectId);
  }

  /**
   * Which trait of a Segment `group` call names the group type, and which (if any) holds the
   * group's key instead of `groupId`.
   */
  async setSegmentTraits(
    projectId: number,
    groupTypeTrait: string,
    groupValueTrait: string | null,
    actor: AuditActor,
  ): Promise<ProjectRecord> {
    const typeTrait = checkTrait(groupTypeTrait, 'group type trait');
    const valueTrait = groupValueTrait?.trim() ? checkTrait(groupValueTrait, 'group value trait') : null;
    if (typeTrait === valueTrait)
      throw new DomainError('INVALID_INPUT', 'The group type and group value must come from different traits.');
    await this.database.transaction(async (transaction) => {
      const before = await lockSettingsForChange(transaction, projectId);
      if (before.segmentGroupTypeTrait === typeTrait && before.segmentGroupValueTrait === valueTrait) return;
      await saveSegmentTraits(transaction, projectId, typeTrait, valueTrait);
      await recordSettingsChange(transaction, projectId, {
        actor,
        action: 'project.segment_traits',
        before: { groupTypeTrait: before.segmentGroupTypeTrait, groupValueTrait: before.segmentGroupValueTrait },
        after: { groupTypeTrait: typeTrait, groupValueTrait: valueTrait },
      });
    });
    // Ingest parses Segment calls with the project settings it caches.
    this.projects.forgetCachedSettings(projectId);
    return this.reload(projectId);
  }

  private async reload(projectId: number): Promise<ProjectRecord> {
    const project = await this.projects.getProject(projectId);
    if (!project) throw new DomainError('NOT_FOUND', 'The project no longer exists.');
    return project;
  }
}

function checkTrait(trait: string, what: string): string {
  const trimmed = trait.trim();
  if (!trimmed || trimmed.length > maximumTraitLength || /[\s.]/.test(trimmed)) {
    throw new DomainError(
      'INVALID_INPUT',
      `The ${what} must be a trait key of 1 to ${maximumTraitLength} characters without spaces or dots, for example "group_type".`,
    );
  }
  return trimmed;
}
