// Resolves the names of a definition against the project: the group type (named, or the default
// the Groups page opens on) and every property key. An unknown event type is not checked: it is an
// empty series. Unknown group types and property keys are refused with the list of known ones.
import type { SqlExecutor } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';
import { listGroupTypesWithCounts, type GroupTypeRow } from '../analytics/queries/group-types.query';
import type { ProjectRecord } from '../projects/project.repository';
import type { CountedBy, PropertyFilter } from './analysis-query';
import { buildCohortsByIdSql, type CohortAudienceRow } from '../analytics/queries/cohort-scope.query';
import { buildEventPropertyKeysSql, buildGroupPropertyKeysSql } from './queries/known-keys.query';
import type { Audience, ResolvedGroupType } from './queries/segmentation.query';

export interface AudienceRequest {
  countedBy: CountedBy;
  groupType: string | null;
  groupFilters: PropertyFilter[];
  cohortId: number | null;
  /** A COHORT breakdown's cohort ("cohort vs the rest"). */
  comparisonCohortId?: number | null;
  /** Group property keys the definition uses besides its filters (breakdown, composition). */
  groupPropertyKeys: string[];
  /** Event property keys the definition uses (series filters, breakdown). */
  eventPropertyKeys: string[];
  /** A group property breakdown or a composition needs a group type even when counting people. */
  needsGroupType: boolean;
}

const listedNames = 50;

function listKnown(names: readonly string[], what: string): string {
  if (names.length === 0) return `the project has no ${what} yet`;
  const shown = names
    .slice(0, listedNames)
    .map((name) => `"${name}"`)
    .join(', ');
  return `known ${what}: ${shown}${names.length > listedNames ? ` and ${names.length - listedNames} more` : ''}`;
}

/** The group type the Groups page opens on: the first (by id) that has groups, else the first. */
export function defaultGroupType(groupTypes: readonly GroupTypeRow[]): GroupTypeRow | null {
  return groupTypes.find((groupType) => groupType.groupCount > 0) ?? groupTypes[0] ?? null;
}

async function checkKeys(
  used: readonly string[],
  read: () => Promise<{ key: string }[]>,
  what: string,
  plural: string,
): Promise<void> {
  if (used.length === 0) return;
  const known = (await read()).map((row) => row.key);
  const unknown = [...new Set(used)].filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const names = unknown.map((key) => `"${key}"`).join(', ');
  throw new DomainError('INVALID_INPUT', `Unknown ${what} ${names}; ${listKnown(known, plural)}.`, {
    unknown,
    known: known.slice(0, listedNames),
  });
}

export async function resolveAudience(
  database: SqlExecutor,
  project: ProjectRecord,
  request: AudienceRequest,
): Promise<Audience> {
  const cohorts = await readCohorts(database, project.id, [request.cohortId, request.comparisonCohortId ?? null]);
  const cohortGroupTypeId = cohorts[0]?.groupTypeId ?? null;
  const needsGroupType =
    cohorts.length > 0 ||
    request.needsGroupType ||
    request.countedBy === 'GROUPS' ||
    request.groupFilters.length > 0 ||
    request.groupType !== null;
  let groupType: ResolvedGroupType | null = null;
  if (needsGroupType) {
    const groupTypes = await listGroupTypesWithCounts(database, project.id);
    const found =
      request.groupType === null
        ? cohortGroupTypeId !== null
          ? (groupTypes.find((candidate) => candidate.id === cohortGroupTypeId) ?? null)
          : defaultGroupType(groupTypes)
        : (groupTypes.find((candidate) => candidate.name === request.groupType) ?? null);
    if (found === null && request.groupType !== null) {
      throw new DomainError(
        'INVALID_INPUT',
        `Unknown group type "${request.groupType}"; ${listKnown(
          groupTypes.map((candidate) => candidate.name),
          'group types',
        )}.`,
        { known: groupTypes.map((candidate) => candidate.name) },
      );
    }
    if (found === null) {
      throw new DomainError(
        'INVALID_INPUT',
        'The project has no group types yet: send events with groups first, or count by PEOPLE or EVENTS.',
      );
    }
    groupType = { id: found.id, name: found.name, nameProperty: found.nameProperty };
    for (const cohort of cohorts) {
      if (cohort.groupTypeId === found.id) continue;
      const holds = groupTypes.find((candidate) => candidate.id === cohort.groupTypeId)?.name ?? 'another type';
      throw new DomainError(
        'INVALID_INPUT',
        `Cohort ${cohort.id} ("${cohort.name}") holds groups of type "${holds}", not "${found.name}"; choose a cohort of "${found.name}" or set groupType to "${holds}".`,
      );
    }
  }
  const groupKeys = [...request.groupFilters.map((filter) => filter.key), ...request.groupPropertyKeys];
  await checkKeys(
    groupKeys,
    () => database.query<{ key: string }>(buildGroupPropertyKeysSql(project.id)),
    'group property',
    'group properties',
  );
  await checkKeys(
    request.eventPropertyKeys,
    () => database.query<{ key: string }>(buildEventPropertyKeysSql(project.id)),
    'event property',
    'event properties',
  );
  return {
    projectId: project.id,
    timeZone: project.timeZone,
    countedBy: request.countedBy,
    groupType,
    groupFilters: request.groupFilters,
    cohortId: request.cohortId,
  };
}

/** The named cohorts, each checked to exist in the project and to hold groups. */
async function readCohorts(
  database: SqlExecutor,
  projectId: number,
  ids: readonly (number | null)[],
): Promise<CohortAudienceRow[]> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return [];
  const rows = await database.query<CohortAudienceRow>(buildCohortsByIdSql(projectId, wanted));
  for (const id of wanted) {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row || row.groupTypeId === null) {
      throw new DomainError('INVALID_INPUT', `No cohort of groups ${id} in this project; see the cohorts query.`);
    }
  }
  return wanted.map((id) => rows.find((row) => row.id === id)!);
}
