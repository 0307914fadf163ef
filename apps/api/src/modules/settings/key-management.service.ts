// Keys and projects from the settings page, the API and the command line alike: rotating a key
// and creating a project, each audited in the transaction that makes it. New keys exist in clear
// text only in the answer (only their hashes are stored).
import type { Database } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import { generateKey, hashKey } from '../../lib/keys';
import { recordSettingsChange, type AuditActor } from '../audit/audit-log.repository';
import { ProjectRepository } from '../projects/project.repository';
import type { CreatedProject, ProjectService } from '../projects/project.service';
import { maximumProjectNameLength } from './project-settings.service';

export type RotatedKeyKind = 'secret' | 'read';

export class KeyManagementService {
  constructor(
    private readonly database: Database,
    private readonly projects: ProjectService,
  ) {}

  /** A new key of `kind`; the old one stops working at once (and admin sessions it opened end). */
  async rotate(projectId: number, kind: RotatedKeyKind, actor: AuditActor): Promise<string> {
    const key = generateKey(kind);
    await this.database.transaction(async (transaction) => {
      const repository = new ProjectRepository(transaction);
      if (kind === 'secret') await repository.setSecretKeyHash(projectId, hashKey(key));
      else await repository.setReadKeyHash(projectId, hashKey(key));
      // Who rotated and when; never a key, nor its hash.
      await recordSettingsChange(transaction, projectId, {
        actor,
        action: kind === 'secret' ? 'keys.rotate_secret' : 'keys.rotate_read',
        before: null,
        after: null,
      });
    });
    return key;
  }

  /** A new project with its own keys; recorded in the log of the project that created it. */
  async createProject(
    creatorProjectId: number,
    input: { name: string; timeZone?: string | null },
    actor: AuditActor,
  ): Promise<CreatedProject> {
    const name = input.name.trim();
    if (!name || name.length > maximumProjectNameLength)
      throw new DomainError('INVALID_INPUT', `A project name needs 1 to ${maximumProjectNameLength} characters.`);
    const created = await this.projects.createProject({ name, timeZone: input.timeZone?.trim() || undefined });
    await recordSettingsChange(this.database, creatorProjectId, {
      actor,
      action: 'projects.create',
      before: null,
      after: { id: created.project.id, name: created.project.name, timeZone: created.project.timeZone },
    });
    return created;
  }
}
