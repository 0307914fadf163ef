import { sql, type Sql } from './sql';

/**
 * A date column as `YYYY-MM-DD` text, from IMMUTABLE functions only. `to_char` and a cast to text
 * are STABLE (they read the session's DateStyle), and Citus refuses any function that is not
 * IMMUTABLE in the RETURNING clause of a write to a distributed table.
 */
export function calendarDayText(column: Sql): Sql {
  const part = (field: Sql, width: number) =>
    sql`lpad(extract(${field} FROM ${column})::int::text, ${width}::int, '0')`;
  return sql`(${part(sql`year`, 4)} || '-' || ${part(sql`month`, 2)} || '-' || ${part(sql`day`, 2)})`;
}
