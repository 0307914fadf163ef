// The condition behind the Groups search and `groupSearch`: a name, or a value a property has ever
// held. A fragment over `g` ("group") so the Groups list (analytics/queries/group-ranking.query.ts)
// and `groupSearch` (people/queries/group-search-page.query.ts) filter the same way. A property
// condition reads group_property_change, the history behind every current value, through the
// expression index of migration group_property_search.
import type { GroupSearchQuery } from '@leadmaps/shared';
import { emptySql, sql, type Sql } from '../../../database/sql';

/**
 * The indexed prefix of a key or value: the index keeps the first 100 characters so a long value
 * never exceeds a btree entry's size; the full comparison follows it.
 */
const indexedPrefixLength = 100;

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
  return sql`AND g.id IN (
      SELECT c.group_id FROM group_property_change c
      WHERE c.project_id = ${projectId}
        AND left(lower(c.key), ${indexedPrefixLength}) = left(lower(${query.property}::text), ${indexedPrefixLength})
        AND left(lower(jsonb_extract_path_text(c.value, VARIADIC ARRAY[]::text[])), ${indexedPrefixLength}) = left(lower(${query.value}::text), ${indexedPrefixLength})
        AND lower(c.key) = lower(${query.property}::text)
        AND lower(jsonb_extract_path_text(c.value, VARIADIC ARRAY[]::text[])) = lower(${query.value}::text)
    ) ${active}`;
}
