// The one SQL tag of leadmaps: Prisma's tagged templates, re-exported here so no other file
// imports the Prisma client for SQL. Values become bind parameters, never text; statements
// compose (a fragment may be interpolated into another). Identifiers and keywords that vary
// (a column to sum, a sort direction) are picked from an allowlist with `sqlFromAllowlist`.
import { Prisma } from '../generated/prisma/client';

export type Sql = Prisma.Sql;
export const sql = Prisma.sql;
export const emptySql = Prisma.empty;

/** Fragments joined by a fixed separator (a list of assignments, conditions). */
export function joinSql(fragments: readonly Sql[], separator: ', ' | ' AND ' | ' OR '): Sql {
  return Prisma.join([...fragments], separator);
}

/**
 * SQL text chosen from an allowlist written in this codebase (column names, sort directions):
 * the key may come from a request, the text never does.
 */
export function sqlFromAllowlist<Key extends string>(allowlist: Readonly<Record<Key, string>>, key: Key): Sql {
  const text = allowlist[key];
  if (typeof text !== 'string') throw new Error(`"${key}" is not in the allowlist`);
  return Prisma.raw(text);
}
