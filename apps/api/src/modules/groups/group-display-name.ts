// How a group is named, in SQL: the rule the search column, the list's sort by name and the name
// shown all follow. Mirrors `displayName` in the group property service.
import { Prisma } from '../../generated/prisma/client';

/** The display name of a group: its name property when that holds a non-blank string or a number, else its value. */
export function groupDisplayName(groupAlias: string, nameProperty: string): Prisma.Sql {
  const properties = Prisma.raw(`${groupAlias}.properties`);
  const value = Prisma.raw(`${groupAlias}.value`);
  return Prisma.sql`CASE
    WHEN jsonb_typeof(${properties} -> ${nameProperty}::text) = 'string' AND btrim(${properties} ->> ${nameProperty}::text) <> '' THEN ${properties} ->> ${nameProperty}::text
    WHEN jsonb_typeof(${properties} -> ${nameProperty}::text) = 'number' THEN ${properties} ->> ${nameProperty}::text
    ELSE ${value} END`;
}
