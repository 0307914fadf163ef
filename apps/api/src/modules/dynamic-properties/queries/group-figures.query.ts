// The figure of a dynamic property for every group of its type over one project-local period,
// from the raw events and their stored attribution (`event_group`: event-level groups, else the
// person's user-level group when the event arrived), as the chart it was copied from counts them.
// Groups without a matching event get 0. Each group comes with the property's current value, so
// the service writes only the groups whose value changes.
import { joinSql, sql, type Sql } from '../../../database/sql';
import type { DayRange } from '@leadmaps/shared';
import { endOfDayInstant, startOfDayInstant } from '../../analytics/queries/sql-fragments';
import { propertyCondition } from '../../analysis/queries/property-condition';
import type { DynamicPropertyDefinition } from '../dynamic-property-definition';

export interface GroupFigureRow {
  groupId: bigint;
  figure: number;
  /** The property's current value (JSON), null when the group does not have it. */
  current: unknown;
}

export function buildGroupFiguresSql(
  scope: { projectId: number; timeZone: string; groupTypeId: number; propertyKey: string },
  definition: DynamicPropertyDefinition,
  period: DayRange,
): Sql {
  const { projectId, timeZone, groupTypeId, propertyKey } = scope;
  const conditions: Sql[] = [
    sql`e.project_id = ${projectId}`,
    sql`e.time >= ${startOfDayInstant(period.from, timeZone)}`,
    sql`e.time < ${endOfDayInstant(period.to, timeZone)}`,
  ];
  if (definition.selection.eventType !== null)
    conditions.push(sql`e.event_type = ${definition.selection.eventType}::text`);
  for (const filter of definition.selection.filters) conditions.push(propertyCondition('event', filter));
  // Organisation-level events have no person: they never count for people, always as events.
  if (definition.countedBy === 'PEOPLE') conditions.push(sql`e.user_id IS NOT NULL`);
  const figure =
    definition.countedBy === 'PEOPLE' && definition.measure === 'UNIQUES'
      ? sql`count(DISTINCT e.user_id)`
      : sql`count(*)`;
  return sql`
    SELECT g.id AS "groupId", coalesce(f.figure, 0)::int AS figure, g.properties -> ${propertyKey}::text AS current
    FROM "group" g
    LEFT JOIN (
      SELECT eg.group_id, ${figure} AS figure
      FROM event e
      JOIN event_group eg ON eg.project_id = ${projectId} AND eg.event_id = e.id AND eg.group_type_id = ${groupTypeId}::smallint
      WHERE ${joinSql(conditions, ' AND ')}
      GROUP BY eg.group_id
    ) f ON f.group_id = g.id
    WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId}::smallint
    ORDER BY g.id`;
}

/** Groups of the type whose latest change of the key came from a dynamic property (what deleting one removes). */
export function buildDynamicValueHoldersSql(projectId: number, groupTypeId: number, propertyKey: string): Sql {
  return sql`
    SELECT g.id AS "groupId"
    FROM "group" g
    WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId}::smallint AND (g.properties -> ${propertyKey}::text) IS NOT NULL
      AND (
        SELECT c.source::text FROM group_property_change c
        WHERE c.project_id = ${projectId} AND c.group_id = g.id AND c.key = ${propertyKey}::text
        ORDER BY c.changed_at DESC, c.id DESC LIMIT 1
      ) = 'dynamic'
    ORDER BY g.id`;
}
