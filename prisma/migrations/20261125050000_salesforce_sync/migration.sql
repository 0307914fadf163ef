-- Salesforce sync: per-project settings (secrets encrypted) and the history of runs.
-- Group pickup dates live in "group"."sync_pickup_date".

-- CreateEnum
CREATE TYPE "salesforce_auth_flow" AS ENUM ('access_token', 'refresh_token', 'client_credentials');

-- CreateEnum
CREATE TYPE "salesforce_sync_run_status" AS ENUM ('running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "salesforce_sync_trigger" AS ENUM ('schedule', 'manual');

-- CreateEnum
CREATE TYPE "salesforce_sync_scope" AS ENUM ('due', 'all', 'group');

-- CreateTable
CREATE TABLE "salesforce_sync" (
    "project_id" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "instance_url" TEXT NOT NULL,
    "login_url" TEXT,
    "api_version" TEXT NOT NULL DEFAULT '62.0',
    "auth_flow" "salesforce_auth_flow" NOT NULL,
    "client_id" TEXT,
    "encrypted_credentials" TEXT,
    "stored_credentials" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "group_type_id" SMALLINT NOT NULL,
    "object_name" TEXT NOT NULL DEFAULT 'Account',
    "match_field" TEXT NOT NULL DEFAULT 'Id',
    "name_field" TEXT,
    "field_mappings" JSONB NOT NULL DEFAULT '[]',
    "interval_days" INTEGER NOT NULL DEFAULT 1,
    "activated_on" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "salesforce_sync_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "salesforce_sync_run" (
    "project_id" INTEGER NOT NULL,
    "id" SERIAL NOT NULL,
    "trigger" "salesforce_sync_trigger" NOT NULL,
    "scope" "salesforce_sync_scope" NOT NULL,
    "group_value" TEXT,
    "status" "salesforce_sync_run_status" NOT NULL,
    "run_date" DATE NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "groups_matched" INTEGER NOT NULL DEFAULT 0,
    "groups_updated" INTEGER NOT NULL DEFAULT 0,
    "groups_unmatched" INTEGER NOT NULL DEFAULT 0,
    "unmatched_values" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "errors" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "warnings" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_group_id" BIGINT,
    "attempts" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "salesforce_sync_run_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateIndex
CREATE INDEX "salesforce_sync_run_project_id_started_at_idx" ON "salesforce_sync_run"("project_id", "started_at");

