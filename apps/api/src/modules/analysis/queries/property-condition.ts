// A property filter as a SQL condition on a jsonb properties column (an event's or a group's).
// Keys and values are bind parameters; the column comes from an allowlist.
import { sql, sqlFromAllowlist, type Sql } from '../../../database/sql';
import type { PropertyFilter } from '../analysis-query';

const propertyColumns = { event: 'e.properties', group: 'g.properties' } as const;
export type PropertyOwner = keyof typeof propertyColumns;

/** Numbers sent as JSON numbers or as numeric strings ("12", "-3.5", "1e3") compare as numbers. */
const numericPattern = '^\\s*-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*$';

/** The property as text (JSON null and missing both read as NULL): what filters and breakdowns see. */
export function propertyText(owner: PropertyOwner, key: string): Sql {
  return sql`(${sqlFromAllowlist(propertyColumns, owner)} ->> ${key}::text)`;
}

export function propertyCondition(owner: PropertyOwner, filter: PropertyFilter): Sql {
  return valueCondition(propertyText(owner, filter.key), filter);
}

/** A filter's operator and value applied to any text expression (a property history value too). */
export function valueCondition(text: Sql, filter: PropertyFilter): Sql {
  const number = sql`(CASE WHEN ${text} ~ ${numericPattern}::text THEN ${text}::numeric END)`;
  switch (filter.operator) {
    case 'EQUALS':
      return sql`${text} = ${filter.value}::text`;
    // "Is not" keeps the objects that do not have the property at all, as a person reads it.
    case 'NOT_EQUALS':
      return sql`${text} IS DISTINCT FROM ${filter.value}::text`;
    case 'CONTAINS':
      return sql`strpos(lower(${text}), lower(${filter.value}::text)) > 0`;
    case 'GREATER_THAN':
      return sql`${number} > ${filter.value}::numeric`;
    case 'LESS_THAN':
      return sql`${number} < ${filter.value}::numeric`;
    case 'IS_SET':
      return sql`${text} IS NOT NULL`;
    case 'IS_NOT_SET':
      return sql`${text} IS NULL`;
  }
}
