// Composition: groups of a type per value of a group property (current value), and the people
// of those groups. With a range: the groups with at least one attributed event in it (an
// organisation-level event counts) and the people active in them in the range; without one,
// every group of the type and everyone ever attributed to them.
import { joinSql, sql, emptySql, type Sql } from '../../../database/sql';
import { endOfDayInstant, startOfDayInstant } from '../../analytics/queries/sql-fragments';
import type { PropertyFilter } from '../analysis-query';
import { cohortMembership } from '../../analytics/queries/cohort-scope.query';
import { propertyCondition, propertyText } from './property-condition';

export interface CompositionSpec {
  projectId: number;
  timeZone: string;
  groupTypeId: number;
  groupFilters: PropertyFilter[];
  cohortId: number | null;
  property: string;
  range: { from: string; to: string } | null;
}

function activityWindow(spec: CompositionSpec): Sql {
  if (spec.range === null) return emptySql;
  return sql`AND eg.time >= ${startOfDayInstant(spec.range.from, spec.timeZone)} AND eg.time < ${endOfDayInstant(spec.range.to, spec.timeZone)}`;
}

function buildMembersSql(spec: CompositionSpec): Sql {
  const conditions = [sql`g.project_id = ${spec.projectId}`, sql`g.group_type_id = ${spec.groupTypeId}::smallint`];
  for (const filter of spec.groupFilters) conditions.push(propertyCondition('group', filter));
  if (spec.cohortId !== null) conditions.push(cohortMembership(spec.projectId, spec.cohortId, sql`g.id`));
  if (spec.range !== null) {
    conditions.push(sql`EXISTS (SELECT 1 FROM event_group eg
      WHERE eg.project_id = ${spec.projectId} AND eg.group_id = g.id ${activityWindow(spec)})`);
  }
  return sql`SELECT g.id AS group_id, ${propertyText('group', spec.property)} AS raw_value
    FROM "group" g WHERE ${joinSql(conditions, ' AND ')}`;
}

function buildPeopleSql(spec: CompositionSpec): Sql {
  return sql`SELECT DISTINCT eg.group_id, eg.user_id FROM event_group eg
    WHERE eg.project_id = ${spec.projectId} AND eg.group_type_id = ${spec.groupTypeId}::smallint
      AND eg.user_id IS NOT NULL ${activityWindow(spec)}`;
}

export function buildCompositionTopValuesSql(spec: CompositionSpec, limit: number): Sql {
  return sql`
    WITH members AS (${buildMembersSql(spec)})
    SELECT raw_value AS value FROM members WHERE raw_value IS NOT NULL
    GROUP BY raw_value ORDER BY count(*) DESC, raw_value COLLATE "C" ASC LIMIT ${limit}`;
}

export interface CompositionRow {
  /** Null on the total row. */
  kind: 'VALUE' | 'NONE' | 'OTHER' | null;
  value: string | null;
  groups: number;
  people: number;
}

export function buildCompositionSql(spec: CompositionSpec, topValues: readonly string[]): Sql {
  return sql`
    WITH members AS (${buildMembersSql(spec)}),
    people AS (${buildPeopleSql(spec)}),
    labelled AS (
      SELECT m.group_id,
        CASE WHEN m.raw_value IS NULL THEN 'NONE' WHEN m.raw_value = ANY(${[...topValues]}::text[]) THEN 'VALUE' ELSE 'OTHER' END AS kind,
        CASE WHEN m.raw_value = ANY(${[...topValues]}::text[]) THEN m.raw_value END AS value
      FROM members m)
    SELECT CASE WHEN grouping(l.kind) = 0 THEN l.kind END AS kind, l.value,
      count(DISTINCT l.group_id)::int AS groups, count(DISTINCT p.user_id)::int AS people
    FROM labelled l LEFT JOIN people p ON p.group_id = l.group_id
    GROUP BY GROUPING SETS ((l.kind, l.value), ())`;
}
