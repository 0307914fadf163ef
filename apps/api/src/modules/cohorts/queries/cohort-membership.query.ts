// The groups a behavioural definition holds at an instant: every group of the type, kept when the
// definition's boolean expression holds. Counts use the Groups page's attribution (`event_group`:
// event-level groups, else the person's user-level group when the event arrived).
//
// Each event or people condition is one set-based aggregate over the whole group type (a CTE of
// group id and figure), joined to the groups; a group the aggregate does not list counts zero, so
// "did not" and "at most" hold for it. A probe per group and condition, the first design, read
// every attributed event of every group again for each condition and its event row for the type:
// 2.6–5.4 s per event condition at 1M events, 37–187 s at 10M (bench/cohort-compute.ts,
// bench/RESULTS.md "Cohort computation").
//
// Whole project-local days come from the rollups (group_event_type_daily for an event type,
// group_daily for any event, group_user_daily for people), which hold exactly the counts of
// `event_group` per local day (the caller folds queued events first: CohortService). Only today's
// part of a "last D days" window (its midnight up to now) and event-property filters, which no
// rollup keeps, read the raw events.
import { addDays, todayInTimeZone } from '@leadmaps/shared';
import { emptySql, joinSql, sql, sqlFromAllowlist, type Sql } from '../../../database/sql';
import { dayParameter, startOfDayInstant } from '../../analytics/queries/sql-fragments';
import { propertyCondition, valueCondition } from '../../analysis/queries/property-condition';
import {
  maximumConditions,
  type CohortCondition,
  type CohortDefinition,
  type CohortWindow,
} from '../cohort-definition';

/** The aggregates' names, by position: a definition has at most maximumConditions conditions. */
const aggregateNames: Record<string, string> = Object.fromEntries(
  Array.from({ length: maximumConditions }, (_, index) => [String(index), `condition_${index}`]),
);

export interface MembershipScope {
  projectId: number;
  timeZone: string;
  groupTypeId: number;
  /** The frozen "now" every relative window ends at. */
  now: Date;
}

/**
 * A window as whole local days (read from the rollups) plus, for "last D days", today from its
 * midnight up to now (read from the raw events). `lastDay` before `firstDay`: no whole day.
 */
interface WindowParts {
  firstDay: string;
  lastDay: string;
  today: { start: Sql; end: Sql } | null;
}

function windowParts(window: CohortWindow, scope: MembershipScope): WindowParts {
  if (window.range !== null) return { firstDay: window.range.from, lastDay: window.range.to, today: null };
  const today = todayInTimeZone(scope.timeZone, scope.now);
  return {
    firstDay: addDays(today, -(window.lastDays! - 1)),
    lastDay: addDays(today, -1),
    today: { start: startOfDayInstant(today, scope.timeZone), end: sql`${scope.now}::timestamptz` },
  };
}

/**
 * Attributed events of the type in [start, end), joined to their event row (`e`). Read from the
 * event's time index: `event_group` has no index by time across groups, and its `time` is a copy
 * of the event's.
 */
function rawEvents(scope: MembershipScope, start: Sql, end: Sql, conditions: Sql[]): Sql {
  const { projectId } = scope;
  return sql`FROM event e
    JOIN event_group eg ON eg.project_id = ${projectId} AND eg.event_id = e.id AND eg.group_type_id = ${scope.groupTypeId}::smallint
    WHERE e.project_id = ${projectId} AND e.time >= ${start} AND e.time < ${end}
      ${conditions.length ? sql`AND ${joinSql(conditions, ' AND ')}` : emptySql}`;
}

/** Per group: how many times it performed the selection in the window (groups with none are absent). */
function eventCountSql(condition: Extract<CohortCondition, { kind: 'PERFORMED_EVENT' }>, scope: MembershipScope): Sql {
  const { projectId, groupTypeId } = scope;
  const { eventType, filters } = condition.event;
  const eventConditions: Sql[] = [];
  if (eventType !== null) eventConditions.push(sql`e.event_type = ${eventType}::text`);
  for (const filter of filters) eventConditions.push(propertyCondition('event', filter));
  const parts = windowParts(condition.window, scope);
  if (filters.length > 0) {
    // No rollup keeps event properties: the whole window from the raw events.
    const start = startOfDayInstant(parts.firstDay, scope.timeZone);
    const end = parts.today ? parts.today.end : startOfDayInstant(addDays(parts.lastDay, 1), scope.timeZone);
    return sql`SELECT eg.group_id, count(*) AS figure ${rawEvents(scope, start, end, eventConditions)} GROUP BY eg.group_id`;
  }
  const days = sql`day BETWEEN ${dayParameter(parts.firstDay)} AND ${dayParameter(parts.lastDay)}`;
  const wholeDays =
    eventType === null
      ? sql`SELECT group_id, events AS figure FROM group_daily
          WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId}::smallint AND ${days}`
      : sql`SELECT group_id, events AS figure FROM group_event_type_daily
          WHERE project_id = ${projectId} AND group_type_id = ${groupTypeId}::smallint
            AND event_type = ${eventType}::text AND ${days}`;
  const today = parts.today
    ? sql`UNION ALL SELECT eg.group_id, 1 AS figure ${rawEvents(scope, parts.today.start, parts.today.end, eventConditions)}`
    : emptySql;
  return sql`SELECT group_id, sum(figure) AS figure FROM (${wholeDays} ${today}) counted GROUP BY group_id`;
}

/** Per group: distinct people with an attributed event in the last D days (groups with none are absent). */
function activePeopleSql(lastDays: number, scope: MembershipScope): Sql {
  const parts = windowParts({ lastDays, range: null }, scope);
  const today = parts.today!;
  // group_user_daily has no group type: other types' groups drop out at the join to "group".
  return sql`SELECT group_id, count(DISTINCT user_id) AS figure FROM (
      SELECT group_id, user_id FROM group_user_daily
      WHERE project_id = ${scope.projectId}
        AND day BETWEEN ${dayParameter(parts.firstDay)} AND ${dayParameter(parts.lastDay)}
      UNION ALL
      SELECT eg.group_id, eg.user_id ${rawEvents(scope, today.start, today.end, [sql`eg.user_id IS NOT NULL`])}
    ) people GROUP BY group_id`;
}

function compare(value: Sql, comparison: 'AT_LEAST' | 'AT_MOST', count: number): Sql {
  return comparison === 'AT_LEAST' ? sql`${value} >= ${count}::int` : sql`${value} <= ${count}::int`;
}

/** The definition's aggregates (one per event or people condition) and the boolean expression over them and `g`. */
class MembershipBuilder {
  readonly aggregates: { name: Sql; body: Sql }[] = [];

  constructor(private readonly scope: MembershipScope) {}

  private figureOf(body: Sql): Sql {
    const name = sqlFromAllowlist(aggregateNames, String(this.aggregates.length));
    this.aggregates.push({ name, body });
    return sql`coalesce(${name}.figure, 0)`;
  }

  condition(condition: CohortCondition): Sql {
    const { projectId } = this.scope;
    switch (condition.kind) {
      case 'PERFORMED_EVENT': {
        const held = compare(
          this.figureOf(eventCountSql(condition, this.scope)),
          condition.comparison,
          condition.count,
        );
        return condition.performed ? held : sql`NOT (${held})`;
      }
      case 'ACTIVE_PEOPLE':
        return compare(
          this.figureOf(activePeopleSql(condition.lastDays, this.scope)),
          condition.comparison,
          condition.count,
        );
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

  expression(definition: CohortDefinition): Sql {
    const parts = definition.conditions.map((entry) =>
      entry.kind === 'GROUP'
        ? combine(
            entry.conditions.map((condition) => sql`(${this.condition(condition)})`),
            entry.combinator,
          )
        : sql`(${this.condition(entry)})`,
    );
    return combine(parts, definition.combinator);
  }
}

function combine(parts: Sql[], combinator: 'AND' | 'OR'): Sql {
  if (combinator === 'AND') return sql`(${joinSql(parts, ' AND ')})`;
  return sql`(${parts.slice(1).reduce((joined, part) => sql`${joined} OR ${part}`, parts[0]!)})`;
}

/** The ids of the groups the definition holds at scope.now. */
export function buildMembershipSql(definition: CohortDefinition, scope: MembershipScope): Sql {
  const builder = new MembershipBuilder(scope);
  const expression = builder.expression(definition);
  const { aggregates } = builder;
  const withClause = aggregates.length
    ? sql`WITH ${joinSql(
        aggregates.map(({ name, body }) => sql`${name} AS MATERIALIZED (${body})`),
        ', ',
      )}`
    : emptySql;
  const joins = aggregates.reduce(
    (joined, { name }) => sql`${joined} LEFT JOIN ${name} ON ${name}.group_id = g.id`,
    emptySql,
  );
  return sql`
    ${withClause}
    SELECT g.id FROM "group" g ${joins}
    WHERE g.project_id = ${scope.projectId} AND g.group_type_id = ${scope.groupTypeId}::smallint
      AND ${expression}`;
}
