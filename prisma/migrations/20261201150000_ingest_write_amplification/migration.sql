-- Ingest updates the same rollup and people rows batch after batch (counts, first and last seen).
-- None of those columns is indexed, so PostgreSQL can update a row in place (a HOT update, no
-- index entries) if its page has room: leave a fifth of each page free for that. (group_daily is
-- left out: its ranking index includes the counts, so its updates can never be HOT.)
ALTER TABLE "group_event_type_daily" SET (fillfactor = 80);
ALTER TABLE "group_user_daily" SET (fillfactor = 80);
ALTER TABLE "group_member" SET (fillfactor = 80);
ALTER TABLE "app_user" SET (fillfactor = 80);

-- Dedup keys are written in arrival order and only ever pruned by age: a BRIN index over seen_at
-- answers the prune and costs next to nothing per insert, where the B-tree cost one more entry.
DROP INDEX IF EXISTS "ingest_dedup_seen_at_idx";
CREATE INDEX "ingest_dedup_seen_at_idx" ON "ingest_dedup" USING BRIN ("seen_at");
