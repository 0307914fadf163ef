// The condition behind the Groups search and `groupSearch`: a name, or a value a property has ever
// held. A fragment over `g` ("group") so the Groups list (analytics/queries/group-ranking.query.ts)
// and `groupSearch` (people/queries/group-search-page.query.ts) filter the same way.
//
// A property condition reads group_property_value: every (key, value) a group's property ever held,
// lower-cased and cut to their first 100 characters, written with the history
// (groups/group-property.repository.ts). Its primary key answers `key = value` from the index
// alone, one entry per group, however long the history. A value of 100 characters or more shares
// its entry with longer ones, so those are checked against the history itself.
import type { GroupSearchQuery } from '@leadmaps/shared';
import { emptySql, sql, type Sql } from '../../../database/sql';

const searchablePrefix = 100;

/** The searchable form of a property key held in `column` (text). */
export function searchableKey(column: Sql): Sql {
  return sql`left(lower(${column}), ${searchablePrefix}::int)`;
}

/** The searchable form of a value held in `column` (jsonb): its text without quotes, lower-cased. */
export function searchableValue(column: Sql): Sql {
  return sql`left(lower(jsonb_extract_path_text(${column}, VARIADIC ARRAY[]::text[])), ${searchablePrefix}::int)`;
}

// Lower-casing can lengthen a string (at most threefold in Unicode); below this many UTF-16 units
// the lower-cased text is surely shorter than the prefix, so the entry is the whole value.
const surelyWhole = Math.floor(searchablePrefix / 3);

export interface GroupSearchCondition {
  query: GroupSearchQuery;
  /** A property condition keeps only groups whose last event is at or after this; null: any time. */
  activeSince: Date | null;
}

/** `AND …` over `g`, or nothing for an empty name search. */
export function groupSearchConditionSql(projectId: number, condition: GroupSearchCondition | null): Sql {
  if (!condition) return emptySql;
  const { query } = condition;
  if (query.kind === 'name') {
    if (!query.text) return emptySql;
    return sql`AND (strpos(g.search_name, lower(${query.text}::text)) > 0 OR strpos(lower(g.value), lower(${query.text}::text)) > 0)`;
  }
  const active = condition.activeSince ? sql`AND g.last_seen >= ${condition.activeSince}::timestamptz` : emptySql;
  // Keys and values compare case-insensitively, a value as its JSON text without quotes (so
  // `seats = 10` finds 10 and "10"); a removal (null value) matches nothing.
  const whole = query.property.length < surelyWhole && query.value.length < surelyWhole;
  const fullCheck = whole
    ? emptySql
    : sql`AND EXISTS (
        SELECT 1 FROM group_property_change c
        WHERE c.project_id = ${projectId} AND c.group_id = v.group_id
          AND lower(c.key) = lower(${query.property}::text)
          AND lower(jsonb_extract_path_text(c.value, VARIADIC ARRAY[]::text[])) = lower(${query.value}::text))`;
  return sql`AND g.id IN (
      SELECT v.group_id FROM group_property_value v
      WHERE v.project_id = ${projectId}
        AND v.key = ${searchableKey(sql`${query.property}::text`)}
        AND v.value = left(lower(${query.value}::text), ${searchablePrefix}::int)
        ${fullCheck}
    ) ${active}`;
}
