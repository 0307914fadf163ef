-- Account lookup by property history: every key and value a group property ever held, once per
-- group, lower-cased and cut to 100 characters, so a search reads one index entry per group.
-- Written with each property change, and filled here from the history already on record.
CREATE TABLE "group_property_value" (
    "project_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "group_id" BIGINT NOT NULL,

    CONSTRAINT "group_property_value_pkey" PRIMARY KEY ("project_id","key","value","group_id")
);

INSERT INTO "group_property_value" ("project_id", "key", "value", "group_id")
SELECT DISTINCT "project_id", left(lower("key"), 100), left(lower(jsonb_extract_path_text("value", VARIADIC ARRAY[]::text[])), 100), "group_id"
FROM "group_property_change"
WHERE "value" IS NOT NULL AND jsonb_typeof("value") <> 'null'
ON CONFLICT DO NOTHING;
