-- Indexes for the read side of group analytics (written by hand).
-- Ranking a group type over a range reads group_daily by (project, type, day): the included
-- columns let PostgreSQL answer it from the index alone, without visiting the table.
CREATE INDEX "group_daily_ranking_idx" ON "group_daily" ("project_id", "group_type_id", "day") INCLUDE ("group_id", "events", "key_actions", "sessions");
-- Exact distinct people for every group of a type at once (account report, sorting by people)
-- reads group_user_daily by day rather than group by group.
CREATE INDEX "group_user_daily_day_idx" ON "group_user_daily" ("project_id", "day", "group_id", "user_id");
