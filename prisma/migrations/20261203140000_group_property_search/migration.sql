-- Account lookup by property history: the groups whose property ever held a value, case-insensitively.
-- Keys and values are indexed by their first 100 characters so a long value never exceeds a btree entry;
-- the query compares the full text after the index narrows the rows. A value is its JSON text without
-- quotes (jsonb_extract_path_text with an empty path). Used by group-search-condition.ts.
CREATE INDEX IF NOT EXISTS "group_property_change_search_idx" ON "group_property_change"
  ("project_id", left(lower("key"), 100), left(lower(jsonb_extract_path_text("value", VARIADIC ARRAY[]::text[])), 100), "group_id");
