// Small SQL pieces several analytics queries share. Identifiers only ever come from the
// allowlists here; every value travels as a bind parameter.
import { sql, type Sql } from '../../../database/sql';

/** A day parameter ("YYYY-MM-DD") typed for PostgreSQL. */
export function dayParameter(day: string): Sql {
  return sql`${day}::date`;
}

/** The instant a project-local day ends (midnight of the next day in the project's time zone). */
export function endOfDayInstant(day: string, timeZone: string): Sql {
  return sql`((${day}::date + 1)::timestamp AT TIME ZONE ${timeZone})`;
}

/** The instant a project-local day starts (its midnight in the project's time zone). */
export function startOfDayInstant(day: string, timeZone: string): Sql {
  return sql`(${day}::date::timestamp AT TIME ZONE ${timeZone})`;
}

/** Monday of the ISO week of a date column, as a date (no time zone involved). */
export function weekStartOf(column: Sql): Sql {
  return sql`(${column} - (extract(isodow FROM ${column})::int - 1))`;
}

export const metricColumns = { KEY_ACTIONS: sql`key_actions`, EVENTS: sql`events` } as const;
