// The rows a funnel is computed from: every attributed event inside the range that matches at
// least one step, with a bit mask of the steps it matches, ordered by (unit, time, event id) so
// that funnel-chain.ts makes a single pass per unit. Only step-matching rows leave the database.
// Counted by groups, a row is (group, event) through `event_group` (so events of any member, and
// organisation-level events, count for the group); counted by people, (person, event) with the
// event's own person (organisation-level events have none and never count).
import { joinSql, sql, emptySql, type Sql } from '../../../database/sql';
import { endOfDayInstant, startOfDayInstant } from '../../analytics/queries/sql-fragments';
import { cohortMembership } from '../../analytics/queries/cohort-scope.query';
import type { Breakdown, EventSelection } from '../analysis-query';
import { cohortSplit, type Audience } from './segmentation.query';
import { propertyCondition, propertyText } from './property-condition';

export interface FunnelSpec {
  audience: Audience;
  steps: EventSelection[];
  range: { from: string; to: string };
  /** By a group property (each row carries the group's current value) or COHORT (in it or not). */
  breakdown: Pick<Breakdown, 'source' | 'key'> | null;
  /** Only this unit (a group id or a person id): one group's or person's journey. */
  unitId?: bigint | null;
  /** Only these units (a Microscope page whose units were found from the times kept in memory). */
  unitIds?: readonly bigint[];
}

export interface FunnelEventSqlRow {
  unit: bigint;
  time: number;
  eventId: bigint;
  personId: bigint | null;
  mask: number;
  rawValue: string | null;
}

function stepCondition(selection: EventSelection): Sql {
  const conditions: Sql[] = [];
  if (selection.eventType !== null) conditions.push(sql`e.event_type = ${selection.eventType}::text`);
  for (const filter of selection.filters) conditions.push(propertyCondition('event', filter));
  return conditions.length === 0 ? sql`TRUE` : sql`(${joinSql(conditions, ' AND ')})`;
}

export function buildFunnelEventsSql(spec: FunnelSpec): Sql {
  const { projectId, timeZone, countedBy, groupType, groupFilters, cohortId } = spec.audience;
  const groups = countedBy === 'GROUPS';
  if ((groups || groupFilters.length > 0 || cohortId !== null) && groupType === null) {
    throw new Error('a group type must be resolved for this funnel');
  }
  const stepConditions = spec.steps.map(stepCondition);
  const mask = stepConditions
    .map((condition, index) => sql`(CASE WHEN ${condition} THEN ${1 << index}::int ELSE 0 END)`)
    .reduce((sum, term) => sql`${sum} + ${term}`);
  const conditions: Sql[] = [
    sql`e.project_id = ${projectId}`,
    sql`e.time >= ${startOfDayInstant(spec.range.from, timeZone)}`,
    sql`e.time < ${endOfDayInstant(spec.range.to, timeZone)}`,
    sql`(${stepConditions.reduce((either, condition) => sql`${either} OR ${condition}`)})`,
  ];
  const needsGroupRow = groupFilters.length > 0 || spec.breakdown?.source === 'GROUP_PROPERTY';
  let joins: Sql = emptySql;
  if (groups) {
    joins = sql`
      JOIN event_group eg ON eg.project_id = ${projectId} AND eg.event_id = e.id AND eg.group_type_id = ${groupType!.id}::smallint
      ${needsGroupRow ? sql`JOIN "group" g ON g.project_id = ${projectId} AND g.id = eg.group_id` : emptySql}`;
    for (const filter of groupFilters) conditions.push(propertyCondition('group', filter));
    if (cohortId !== null) conditions.push(cohortMembership(projectId, cohortId, sql`eg.group_id`));
  } else {
    conditions.push(sql`e.user_id IS NOT NULL`);
    // A person's event counts when it is attributed to a group that passes the filters; EXISTS so
    // that an event in two such groups is still one row.
    if (groupFilters.length > 0 || cohortId !== null) {
      const groupConditions = groupFilters.map((filter) => propertyCondition('group', filter));
      if (cohortId !== null) groupConditions.push(cohortMembership(projectId, cohortId, sql`eg.group_id`));
      conditions.push(sql`EXISTS (
        SELECT 1 FROM event_group eg JOIN "group" g ON g.project_id = ${projectId} AND g.id = eg.group_id
        WHERE eg.project_id = ${projectId} AND eg.event_id = e.id AND eg.group_type_id = ${groupType!.id}::smallint
          AND ${joinSql(groupConditions, ' AND ')})`);
    }
  }
  const unit = groups ? sql`eg.group_id` : sql`e.user_id`;
  if (spec.unitId !== undefined && spec.unitId !== null) conditions.push(sql`${unit} = ${spec.unitId}::bigint`);
  if (spec.unitIds !== undefined) conditions.push(sql`${unit} = ANY(${spec.unitIds as bigint[]}::bigint[])`);
  const rawValue =
    !groups || spec.breakdown === null
      ? sql`NULL::text`
      : spec.breakdown.source === 'COHORT'
        ? cohortSplit(projectId, spec.breakdown.key, sql`eg.group_id`)
        : propertyText('group', spec.breakdown.key);
  return sql`
    SELECT ${unit} AS unit, (extract(epoch FROM e.time) * 1000)::float8 AS time, e.id AS "eventId",
      e.user_id AS "personId", ${mask} AS mask, ${rawValue} AS "rawValue"
    FROM event e ${joins}
    WHERE ${joinSql(conditions, ' AND ')}
    ORDER BY 1, 2, 3`;
}
