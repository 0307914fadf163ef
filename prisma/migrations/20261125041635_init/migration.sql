-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "property_source" AS ENUM ('ingest', 'identify', 'salesforce', 'dynamic');

-- CreateEnum
CREATE TYPE "group_source" AS ENUM ('event', 'user');

-- CreateTable
CREATE TABLE "project" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "ingest_key" TEXT NOT NULL,
    "secret_key_hash" TEXT NOT NULL,
    "read_key_hash" TEXT,
    "key_actions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trend_steady_percent" DOUBLE PRECISION NOT NULL DEFAULT 15,
    "trend_sharp_percent" DOUBLE PRECISION NOT NULL DEFAULT -50,
    "segment_group_type_trait" TEXT NOT NULL DEFAULT 'group_type',
    "segment_group_value_trait" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "project_id" INTEGER NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "user_id" TEXT,
    "device_id" TEXT,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "group_type" (
    "project_id" INTEGER NOT NULL,
    "id" SMALLINT NOT NULL,
    "name" TEXT NOT NULL,
    "display_singular" TEXT,
    "display_plural" TEXT,
    "name_property" TEXT NOT NULL DEFAULT 'name',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_type_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "group" (
    "project_id" INTEGER NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "group_type_id" SMALLINT NOT NULL,
    "value" TEXT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "search_name" TEXT NOT NULL DEFAULT '',
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "sync_pickup_date" DATE,

    CONSTRAINT "group_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "group_property_change" (
    "project_id" INTEGER NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "group_id" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB,
    "operation" TEXT NOT NULL,
    "source" "property_source" NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "group_property_change_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "group_property_key" (
    "project_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "group_property_key_pkey" PRIMARY KEY ("project_id","key")
);

-- CreateTable
CREATE TABLE "membership" (
    "project_id" INTEGER NOT NULL,
    "user_id" BIGINT NOT NULL,
    "group_type_id" SMALLINT NOT NULL,
    "group_id" BIGINT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("project_id","user_id","group_type_id")
);

-- CreateTable
CREATE TABLE "event" (
    "project_id" INTEGER NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "event_type" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "user_id" BIGINT,
    "session_id" BIGINT,
    "insert_id" TEXT,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "groups" JSONB NOT NULL DEFAULT '{}',
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "event_group" (
    "project_id" INTEGER NOT NULL,
    "event_id" BIGINT NOT NULL,
    "group_id" BIGINT NOT NULL,
    "group_type_id" SMALLINT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "user_id" BIGINT,
    "source" "group_source" NOT NULL,

    CONSTRAINT "event_group_pkey" PRIMARY KEY ("project_id","event_id","group_id")
);

-- CreateTable
CREATE TABLE "ingest_dedup" (
    "project_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ingest_dedup_pkey" PRIMARY KEY ("project_id","key")
);

-- CreateTable
CREATE TABLE "group_event_type_daily" (
    "project_id" INTEGER NOT NULL,
    "group_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "event_type" TEXT NOT NULL,
    "group_type_id" SMALLINT NOT NULL,
    "events" INTEGER NOT NULL,
    "org_events" INTEGER NOT NULL,

    CONSTRAINT "group_event_type_daily_pkey" PRIMARY KEY ("project_id","group_id","day","event_type")
);

-- CreateTable
CREATE TABLE "group_daily" (
    "project_id" INTEGER NOT NULL,
    "group_type_id" SMALLINT NOT NULL,
    "day" DATE NOT NULL,
    "group_id" BIGINT NOT NULL,
    "events" INTEGER NOT NULL,
    "key_actions" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "group_daily_pkey" PRIMARY KEY ("project_id","group_type_id","day","group_id")
);

-- CreateTable
CREATE TABLE "group_user_daily" (
    "project_id" INTEGER NOT NULL,
    "group_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "user_id" BIGINT NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "group_user_daily_pkey" PRIMARY KEY ("project_id","group_id","day","user_id")
);

-- CreateTable
CREATE TABLE "group_session" (
    "project_id" INTEGER NOT NULL,
    "group_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "session_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "group_session_pkey" PRIMARY KEY ("project_id","group_id","user_id","session_id")
);

-- CreateTable
CREATE TABLE "group_member" (
    "project_id" INTEGER NOT NULL,
    "group_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "group_member_pkey" PRIMARY KEY ("project_id","group_id","user_id")
);

-- CreateTable
CREATE TABLE "cohort" (
    "project_id" INTEGER NOT NULL,
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "group_type_id" SMALLINT,
    "definition" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cohort_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "cohort_member" (
    "project_id" INTEGER NOT NULL,
    "cohort_id" INTEGER NOT NULL,
    "member_id" BIGINT NOT NULL,

    CONSTRAINT "cohort_member_pkey" PRIMARY KEY ("project_id","cohort_id","member_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "project_ingest_key_key" ON "project"("ingest_key");

-- CreateIndex
CREATE UNIQUE INDEX "project_secret_key_hash_key" ON "project"("secret_key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "project_read_key_hash_key" ON "project"("read_key_hash");

-- CreateIndex
CREATE INDEX "app_user_project_id_user_id_idx" ON "app_user"("project_id", "user_id");

-- CreateIndex
CREATE INDEX "app_user_project_id_device_id_idx" ON "app_user"("project_id", "device_id");

-- CreateIndex
CREATE UNIQUE INDEX "group_type_project_id_name_key" ON "group_type"("project_id", "name");

-- CreateIndex
CREATE INDEX "group_project_id_group_type_id_last_seen_idx" ON "group"("project_id", "group_type_id", "last_seen");

-- CreateIndex
CREATE UNIQUE INDEX "group_project_id_group_type_id_value_key" ON "group"("project_id", "group_type_id", "value");

-- CreateIndex
CREATE INDEX "group_property_change_project_id_group_id_key_changed_at_idx" ON "group_property_change"("project_id", "group_id", "key", "changed_at");

-- CreateIndex
CREATE INDEX "membership_project_id_group_id_idx" ON "membership"("project_id", "group_id");

-- CreateIndex
CREATE INDEX "event_project_id_time_idx" ON "event"("project_id", "time");

-- CreateIndex
CREATE INDEX "event_project_id_user_id_time_idx" ON "event"("project_id", "user_id", "time");

-- CreateIndex
CREATE INDEX "event_group_project_id_group_id_time_idx" ON "event_group"("project_id", "group_id", "time");

-- CreateIndex
CREATE INDEX "ingest_dedup_seen_at_idx" ON "ingest_dedup"("seen_at");

-- CreateIndex
CREATE INDEX "group_daily_project_id_group_id_day_idx" ON "group_daily"("project_id", "group_id", "day");

-- CreateIndex
CREATE INDEX "group_member_project_id_user_id_idx" ON "group_member"("project_id", "user_id");
