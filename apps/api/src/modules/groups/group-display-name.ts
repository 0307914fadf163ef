// How a group is named, in SQL: the rule the search column, the list's sort by name and the name
// shown all follow. Mirrors `displayName` in the group property service.
import { sql, sqlFromAllowlist, type Sql } from '../../database/sql';

const groupPropertiesColumns = { g: 'g.properties', n: 'n.properties' } as const;
const groupValueColumns = { g: 'g.value', n: 'n.value' } as const;

/** The display name of a group: its name property when that holds a non-blank string or a number, else its value. */
export function groupDisplayName(groupAlias: 'g' | 'n', nameProperty: string): Sql {
  const properties = sqlFromAllowlist(groupPropertiesColumns, groupAlias);
  const value = sqlFromAllowlist(groupValueColumns, groupAlias);
  return sql`CASE
    WHEN jsonb_typeof(${properties} -> ${nameProperty}::text) = 'string' AND btrim(${properties} ->> ${nameProperty}::text) <> '' THEN ${properties} ->> ${nameProperty}::text
    WHEN jsonb_typeof(${properties} -> ${nameProperty}::text) = 'number' THEN ${properties} ->> ${nameProperty}::text
    ELSE ${value} END`;
}
