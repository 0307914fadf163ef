-- A person's timeline (User.events, events(filter: {userId})) reads events by person, newest first.
-- It costs each ingested event one more index entry: without it those reads scan the project's events.
CREATE INDEX IF NOT EXISTS "event_project_id_user_id_time_idx" ON "event"("project_id", "user_id", "time");
