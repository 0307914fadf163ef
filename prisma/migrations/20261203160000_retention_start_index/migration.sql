-- Retention's start pass (and any chart of one event type counted by groups) reads the
-- group_event_type_daily rows of one group type, one event type and a range of days, the primary
-- key leads with the group, so that read was a scan of the project's whole table. Keyed by what
-- the pass selects, with the group id carried along. The counts stay out of the index, so the
-- folds' updates of existing rows remain HOT (see 20261201150000_ingest_write_amplification),
-- only a new (group, day, event type) row adds an entry.
CREATE INDEX "group_event_type_daily_type_day_idx" ON "group_event_type_daily" ("project_id", "group_type_id", "event_type", "day") INCLUDE ("group_id");
