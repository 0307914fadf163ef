// The previous form of the cohort membership statement (a probe of the raw events per group and
// condition), kept only so bench/cohort-compute.ts can time it beside the current one
// (apps/api/src/modules/cohorts/queries/cohort-membership.query.ts). The groups a behavioural
// definition holds at an instant: every group of the type, kept when the definition's boolean
// expression holds. Event counts use the Groups page's attribution
// (`event_group`: event-level groups, else the person's user-level group when the event arrived),
// one probe of the (project, group, time) index per group and condition.
import { addDays, todayInTimeZone } from '@leadmaps/shared';
import { joinSql, sql, type Sql } from '../apps/api/src/database/sql';
import { endOfDayInstant, startOfDayInstant } from '../apps/api/src/modules/analytics/queries/sql-fragments';
import { propertyCondition, valueCondition } from '../apps/api/src/modules/analysis/queries/property-condition';
import type {
  CohortCondition,
  CohortDefinition,
  CohortWindow,
} from '../apps/api/src/modules/cohorts/cohort-definition';

interface MembershipScope {
  projectId: number;
  timeZone: string;
  groupTypeId: number;
  /** The frozen "now" every relative window ends at. */
  now: Date;
}

/** [start, end) instants of a window: the last D local days (today included) end at now. */
function windowBounds(window: CohortWindow, scope: MembershipScope): { start: Sql; end: Sql } {
  if (window.range !== null) {
    return {
      start: startOfDayInstant(window.range.from, scope.timeZone),
      end: endOfDayInstant(window.range.to, scope.timeZone),
    };
  }
  const today = todayInTimeZone(scope.timeZone, scope.now);
  return {
    start: startOfDayInstant(addDays(today, -(window.lastDays! - 1)), scope.timeZone),
    end: sql`${scope.now}::timestamptz`,
  };
}

function compare(value: Sql, comparison: 'AT_LEAST' | 'AT_MOST', count: number): Sql {
  return comparison === 'AT_LEAST' ? sql`${value} >= ${count}::int` : sql`${value} <= ${count}::int`;
}

function conditionSql(condition: CohortCondition, scope: MembershipScope): Sql {
  const { projectId } = scope;
  switch (condition.kind) {
    case 'PERFORMED_EVENT': {
      const { start, end } = windowBounds(condition.window, scope);
      const filters: Sql[] = [sql`TRUE`];
      if (condition.event.eventType !== null) filters.push(sql`e.event_type = ${condition.event.eventType}::text`);
      for (const filter of condition.event.filters) filters.push(propertyCondition('event', filter));
      const events = sql`(SELECT count(*) FROM event_group eg
        JOIN event e ON e.project_id = ${projectId} AND e.id = eg.event_id
        WHERE eg.project_id = ${projectId} AND eg.group_id = g.id AND eg.time >= ${start} AND eg.time < ${end}
          AND ${joinSql(filters, ' AND ')})`;
      const held = compare(events, condition.comparison, condition.count);
      return condition.performed ? held : sql`NOT (${held})`;
    }
    case 'ACTIVE_PEOPLE': {
      const { start, end } = windowBounds({ lastDays: condition.lastDays, range: null }, scope);
      const people = sql`(SELECT count(DISTINCT eg.user_id) FROM event_group eg
        WHERE eg.project_id = ${projectId} AND eg.group_id = g.id AND eg.user_id IS NOT NULL
          AND eg.time >= ${start} AND eg.time < ${end})`;
      return compare(people, condition.comparison, condition.count);
    }
    case 'PROPERTY':
      return propertyCondition('group', condition.filter);
    case 'PROPERTY_EVER_HELD':
      // The history holds every change; the current value is checked too, so a property set
      // before history was kept still counts.
      return sql`(${propertyCondition('group', condition.filter)} OR EXISTS (
        SELECT 1 FROM group_property_change c
        WHERE c.project_id = ${projectId} AND c.group_id = g.id AND c.key = ${condition.filter.key}::text
          AND ${valueCondition(sql`(c.value #>> '{}')`, condition.filter)}))`;
  }
}

function combine(parts: Sql[], combinator: 'AND' | 'OR'): Sql {
  if (combinator === 'AND') return sql`(${joinSql(parts, ' AND ')})`;
  return sql`(${parts.slice(1).reduce((joined, part) => sql`${joined} OR ${part}`, parts[0]!)})`;
}

function buildMembershipConditionSql(definition: CohortDefinition, scope: MembershipScope): Sql {
  const parts = definition.conditions.map((entry) =>
    entry.kind === 'GROUP'
      ? combine(
          entry.conditions.map((condition) => sql`(${conditionSql(condition, scope)})`),
          entry.combinator,
        )
      : sql`(${conditionSql(entry, scope)})`,
  );
  return combine(parts, definition.combinator);
}

/** The ids of the groups the definition holds at scope.now. */
export function buildPreviousMembershipSql(definition: CohortDefinition, scope: MembershipScope): Sql {
  return sql`
    SELECT g.id FROM "group" g
    WHERE g.project_id = ${scope.projectId} AND g.group_type_id = ${scope.groupTypeId}::smallint
      AND ${buildMembershipConditionSql(definition, scope)}`;
}
