-- The audit log of settings changes (modules/audit/): who (the kind of key or session that made
-- the change), what, and the value before and after, one row per change, written in the change's
-- transaction. Keyed by project_id first like every table, so it distributes by project.

-- CreateTable
CREATE TABLE "settings_audit_log" (
    "project_id" INTEGER NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_audit_log_pkey" PRIMARY KEY ("project_id","id")
);
