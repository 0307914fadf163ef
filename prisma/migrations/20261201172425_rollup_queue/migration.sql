-- Rollups are folded in after the ingest transaction commits (modules/ingest/rollup-folder.ts):
-- the queue of committed events not yet folded, the fold counter per project, and the groups each
-- fold changed. (The two hand-made indexes of group_daily and group_user_daily, which schema.prisma
-- does not describe, stay as they are.)

-- CreateTable
CREATE TABLE "rollup_queue" (
    "project_id" INTEGER NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "first_event_ids" BIGINT[],
    "last_event_ids" BIGINT[],
    "events" INTEGER NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rollup_queue_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "rollup_fold_state" (
    "project_id" INTEGER NOT NULL,
    "last_fold_id" BIGINT NOT NULL,
    "folded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rollup_fold_state_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "rollup_change" (
    "project_id" INTEGER NOT NULL,
    "fold_id" BIGINT NOT NULL,
    "group_id" BIGINT NOT NULL,
    "group_type_id" SMALLINT NOT NULL,

    CONSTRAINT "rollup_change_pkey" PRIMARY KEY ("project_id","fold_id","group_id")
);

-- Each value of the event id sequence starts a block of 1000 ids that one ingest transaction uses
-- alone (rollup.repository.ts, eventIdBlockSize): its events are then a few contiguous id ranges,
-- which is what its queue row records and a fold reads by index. Ids are not dense any more;
-- nothing counts on that.
ALTER SEQUENCE "event_id_seq" INCREMENT BY 1000;
