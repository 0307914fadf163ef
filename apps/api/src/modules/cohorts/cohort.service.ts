// Cohorts of groups: behavioural ones (a definition, recomputed on demand and on a schedule) and
// static ones (a list: imported from a file or saved from a Microscope point). Every change of the
// members goes through CohortRepository.replaceMembers inside one transaction, so sizes over time
// and entered / left changes are always recorded with the members, and nothing is half-written.
import type { Database } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import type { Logger } from '../../lib/logger';
import { parseDefinition } from '../analysis/analysis-query';
import { listGroupTypesWithCounts, type GroupTypeRow } from '../analytics/queries/group-types.query';
import type { ProjectRecord, ProjectRepository } from '../projects/project.repository';
import { cohortDefinitionSchema, type CohortDefinition } from './cohort-definition';
import { splitImportFile } from './cohort-import';
import { CohortRepository, type CohortMemberRow, type CohortRecord } from './cohort.repository';
import { buildMembershipSql } from './queries/cohort-membership.query';

export const maximumCohortNameLength = 200;
export const maximumPreviewMembers = 50;

export interface ImportReport {
  lineCount: number;
  matchedCount: number;
  unmatchedLines: { line: number; text: string }[];
  ambiguousLines: { line: number; text: string; matches: number }[];
  blankLines: number[];
  duplicateLines: { line: number; firstLine: number; text: string }[];
}

export interface CohortPreview {
  size: number;
  members: CohortMemberRow[];
}

/** What a Microscope list (segmentation point, funnel bar, retention cell) or an import hands over to be saved: groups of one type. */
export interface GroupList {
  groupTypeId: number;
  groupIds: readonly bigint[];
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > maximumCohortNameLength) {
    throw new DomainError('INVALID_INPUT', `A cohort name must have 1 to ${maximumCohortNameLength} characters.`);
  }
  return trimmed;
}

export class CohortService {
  private readonly repository: CohortRepository;

  constructor(
    private readonly database: Database,
    private readonly projects: Pick<ProjectRepository, 'listIds' | 'findById'>,
    private readonly logger: Logger,
    /**
     * Waits until every event acknowledged so far is in the rollups, which membership reads for
     * whole days (RollupFolder.catchUp). The scheduled recompute runs outside any request, so
     * nothing else has caught up for it.
     */
    private readonly catchUp: (projectId: number) => Promise<void>,
    /** What "now" is for relative windows (last D days); tests freeze it. */
    public clock: () => Date = () => new Date(),
  ) {
    this.repository = new CohortRepository(database);
  }

  list(projectId: number): Promise<CohortRecord[]> {
    return this.repository.list(projectId);
  }

  page(projectId: number, after: { name: string; id: number } | null, limit: number) {
    return this.repository.page(projectId, after, limit);
  }

  count(projectId: number): Promise<number> {
    return this.repository.count(projectId);
  }

  find(projectId: number, id: number): Promise<CohortRecord | null> {
    return this.repository.find(projectId, id);
  }

  async require(projectId: number, id: number): Promise<CohortRecord> {
    const cohort = await this.repository.find(projectId, id);
    if (!cohort) throw new DomainError('NOT_FOUND', `No cohort ${id} in this project; see the cohorts query.`);
    return cohort;
  }

  async groupTypeOf(projectId: number, groupTypeId: number): Promise<GroupTypeRow | null> {
    const groupTypes = await listGroupTypesWithCounts(this.database, projectId);
    return groupTypes.find((groupType) => groupType.id === groupTypeId) ?? null;
  }

  private async resolveGroupType(projectId: number, name: string): Promise<GroupTypeRow> {
    const groupTypes = await listGroupTypesWithCounts(this.database, projectId);
    const found = groupTypes.find((groupType) => groupType.name === name);
    if (found) return found;
    const known = groupTypes.map((groupType) => `"${groupType.name}"`).join(', ');
    throw new DomainError(
      'INVALID_INPUT',
      `Unknown group type "${name}"; ${known ? `known group types: ${known}` : 'the project has no group types yet'}.`,
    );
  }

  private async checkDefinition(project: ProjectRecord, input: unknown) {
    const definition: CohortDefinition = parseDefinition(cohortDefinitionSchema, input, 'cohort definition');
    const groupType = await this.resolveGroupType(project.id, definition.groupType);
    return { definition, groupType };
  }

  private async computeMembers(
    project: ProjectRecord,
    definition: CohortDefinition,
    groupTypeId: number,
    now: Date,
    executor: CohortRepository = this.repository,
  ): Promise<bigint[]> {
    await this.catchUp(project.id);
    const rows = await executor.groupIdsOf(
      buildMembershipSql(definition, { projectId: project.id, timeZone: project.timeZone, groupTypeId, now }),
    );
    return rows.map((row) => BigInt(row.id));
  }

  /** The size and first members a definition would have now, without saving anything. */
  async preview(project: ProjectRecord, input: unknown, first: number, now = this.clock()): Promise<CohortPreview> {
    if (!Number.isInteger(first) || first < 0) {
      throw new DomainError('INVALID_INPUT', `"first" must be a whole number from 0 to ${maximumPreviewMembers}.`);
    }
    // Past the bound, the same LIMIT_EXCEEDED as every page size of the API.
    if (first > maximumPreviewMembers) {
      throw new DomainError('LIMIT_EXCEEDED', `"first" may be at most ${maximumPreviewMembers} for a preview.`, {
        maximum: maximumPreviewMembers,
      });
    }
    const { definition, groupType } = await this.checkDefinition(project, input);
    const ids = await this.computeMembers(project, definition, groupType.id, now);
    ids.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
    const shown = ids.slice(0, first);
    const names = await this.repository.namesOf(project.id, shown);
    return { size: ids.length, members: names };
  }

  async create(project: ProjectRecord, name: string, input: unknown, now = this.clock()): Promise<CohortRecord> {
    const checkedName = checkName(name);
    const { definition, groupType } = await this.checkDefinition(project, input);
    return this.database.transaction(async (executor) => {
      const repository = new CohortRepository(executor);
      const cohort = await repository.create(project.id, { name: checkedName, groupTypeId: groupType.id, definition });
      const ids = await this.computeMembers(project, definition, groupType.id, now, repository);
      await repository.replaceMembers(project.id, cohort.id, ids, now);
      return (await repository.find(project.id, cohort.id))!;
    });
  }

  /** Renames a cohort; a behavioural one may get a new definition (recomputed at once). */
  async update(
    project: ProjectRecord,
    id: number,
    change: { name: string | null; definition: unknown },
    now = this.clock(),
  ): Promise<CohortRecord> {
    const cohort = await this.require(project.id, id);
    const name = change.name === null ? cohort.name : checkName(change.name);
    const hasDefinition = change.definition !== null && change.definition !== undefined;
    if (hasDefinition && cohort.definition === null) {
      throw new DomainError('INVALID_INPUT', 'A static cohort has no definition; import a new file instead.');
    }
    if (!hasDefinition) {
      await this.repository.rename(project.id, id, name);
      return (await this.repository.find(project.id, id))!;
    }
    const { definition, groupType } = await this.checkDefinition(project, change.definition);
    return this.database.transaction(async (executor) => {
      const repository = new CohortRepository(executor);
      await repository.update(project.id, id, { name, groupTypeId: groupType.id, definition });
      const ids = await this.computeMembers(project, definition, groupType.id, now, repository);
      await repository.replaceMembers(project.id, id, ids, now);
      return (await repository.find(project.id, id))!;
    });
  }

  async delete(projectId: number, id: number): Promise<boolean> {
    return this.database.transaction((executor) => new CohortRepository(executor).delete(projectId, id));
  }

  /** Recomputes a behavioural cohort as of `now`; a static cohort is refused. */
  async recompute(project: ProjectRecord, id: number, now = this.clock()): Promise<CohortRecord> {
    return this.database.transaction(async (executor) => {
      const repository = new CohortRepository(executor);
      // The row lock makes two recomputes of one cohort take turns.
      const cohort = await repository.find(project.id, id, true);
      if (!cohort) throw new DomainError('NOT_FOUND', `No cohort ${id} in this project; see the cohorts query.`);
      if (cohort.definition === null) {
        throw new DomainError('INVALID_INPUT', 'A static cohort is not recomputed: its members are the imported list.');
      }
      const definition = parseDefinition(cohortDefinitionSchema, cohort.definition, 'stored cohort definition');
      const ids = await this.computeMembers(project, definition, cohort.groupTypeId, now, repository);
      await repository.replaceMembers(project.id, id, ids, now);
      return (await repository.find(project.id, id))!;
    });
  }

  /**
   * The schedule's run: every behavioural cohort of every project, each on its own, so one that
   * fails (its error is kept on the cohort and logged) does not stop the others.
   */
  async recomputeAll(now: Date): Promise<{ recomputed: number; failed: number }> {
    const result = { recomputed: 0, failed: 0 };
    for (const projectId of await this.projects.listIds()) {
      try {
        const project = await this.projects.findById(projectId);
        if (!project) continue;
        for (const id of await this.repository.listBehaviouralIds(projectId)) {
          try {
            await this.recompute(project, id, now);
            result.recomputed += 1;
          } catch (error) {
            result.failed += 1;
            const message = error instanceof Error ? error.message : String(error);
            this.logger.error({ projectId, cohortId: id, err: error }, 'cohort recompute failed');
            await this.repository.recordError(projectId, id, message).catch(() => undefined);
          }
        }
      } catch (error) {
        this.logger.error({ projectId, err: error }, 'cohort recompute failed for a project');
      }
    }
    return result;
  }

  /** A static cohort from a file: one group per line, matched by name property, then by value. */
  async importFile(
    project: ProjectRecord,
    request: { name: string; groupType: string; content: string },
    now = this.clock(),
  ): Promise<{ cohort: CohortRecord; report: ImportReport }> {
    const name = checkName(request.name);
    const groupType = await this.resolveGroupType(project.id, request.groupType);
    const split = splitImportFile(request.content);
    const texts = split.lines.map((line) => line.text);
    const byName = new Map<string, bigint[]>();
    for (const row of await this.repository.groupsByName(project.id, groupType.id, groupType.nameProperty, texts)) {
      byName.set(row.text, [...(byName.get(row.text) ?? []), BigInt(row.id)]);
    }
    const byValue = new Map<string, bigint>();
    for (const row of await this.repository.groupsByValue(project.id, groupType.id, texts)) {
      byValue.set(row.text, BigInt(row.id));
    }
    const report: ImportReport = {
      lineCount: split.lineCount,
      matchedCount: 0,
      unmatchedLines: [],
      ambiguousLines: [],
      blankLines: split.blankLines,
      duplicateLines: split.duplicateLines,
    };
    // A group named on one line and given by its value on another is one member: the later line
    // is reported as a duplicate of the first, so matchedCount is the cohort's size.
    const lineOfGroup = new Map<bigint, number>();
    for (const { line, text } of split.lines) {
      const named = byName.get(text) ?? [];
      if (named.length > 1) {
        report.ambiguousLines.push({ line, text, matches: named.length });
        continue;
      }
      const id = named[0] ?? byValue.get(text);
      if (id === undefined) {
        report.unmatchedLines.push({ line, text });
        continue;
      }
      const firstLine = lineOfGroup.get(id);
      if (firstLine !== undefined) {
        report.duplicateLines.push({ line, firstLine, text });
        continue;
      }
      report.matchedCount += 1;
      lineOfGroup.set(id, line);
    }
    report.duplicateLines.sort((left, right) => left.line - right.line);
    const cohort = await this.saveList(
      project,
      name,
      { groupTypeId: groupType.id, groupIds: [...lineOfGroup.keys()] },
      now,
    );
    return { cohort, report };
  }

  /** Saves a list of groups (a Microscope list or an imported file) as a static cohort. */
  async saveList(project: ProjectRecord, name: string, list: GroupList, now = this.clock()): Promise<CohortRecord> {
    const checkedName = checkName(name);
    return this.database.transaction(async (executor) => {
      const repository = new CohortRepository(executor);
      const cohort = await repository.create(project.id, {
        name: checkedName,
        groupTypeId: list.groupTypeId,
        definition: null,
      });
      await repository.replaceMembers(project.id, cohort.id, [...new Set(list.groupIds)], now);
      return (await repository.find(project.id, cohort.id))!;
    });
  }

  members(projectId: number, cohortId: number, afterId: bigint | null, limit: number) {
    return this.repository.members(projectId, cohortId, afterId, limit);
  }

  /** Every member, page by page (the CSV download: bounded memory, no cap). */
  async *allMembers(projectId: number, cohortId: number, pageSize = 2000): AsyncGenerator<CohortMemberRow> {
    let after: bigint | null = null;
    for (;;) {
      const rows = await this.repository.members(projectId, cohortId, after, pageSize);
      yield* rows;
      if (rows.length < pageSize) return;
      after = BigInt(rows.at(-1)!.groupId);
    }
  }

  sizes(projectId: number, cohortId: number) {
    return this.repository.sizes(projectId, cohortId);
  }

  sizesPage(projectId: number, cohortId: number, before: string | null, limit: number) {
    return this.repository.sizesPage(projectId, cohortId, before, limit);
  }

  changes(projectId: number, cohortId: number, beforeId: bigint | null, limit: number) {
    return this.repository.changes(projectId, cohortId, beforeId, limit);
  }

  cohortsOfGroup(projectId: number, groupId: bigint): Promise<CohortRecord[]> {
    return this.repository.cohortsOfGroup(projectId, groupId);
  }
}
