-- Nothing reads events by person yet, and every index slows ingest: drop it until a per-person timeline needs it.
DROP INDEX IF EXISTS "event_project_id_user_id_time_idx";
