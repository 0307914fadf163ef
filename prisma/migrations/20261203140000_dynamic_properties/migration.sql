-- Dynamic group properties (modules/dynamic-properties/): a group property kept up to date from a
-- copy of a saved segmentation chart's definition, over a rolling or calendar window. Keyed by
-- project_id first like every table, so it distributes by project. No foreign key to saved_chart:
-- the definition is copied, and deleting the chart leaves the property as it is.

-- CreateEnum
CREATE TYPE "dynamic_property_window" AS ENUM ('rolling', 'week', 'month');

-- CreateTable
CREATE TABLE "dynamic_property" (
    "project_id" INTEGER NOT NULL,
    "id" SERIAL NOT NULL,
    "group_type_id" SMALLINT NOT NULL,
    "property_key" TEXT NOT NULL,
    "saved_chart_id" INTEGER,
    "chart_name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "window_kind" "dynamic_property_window" NOT NULL,
    "window_days" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computed_at" TIMESTAMPTZ(3),
    "period_from" DATE,
    "period_to" DATE,
    "groups_changed" INTEGER,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "dynamic_property_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dynamic_property_project_id_group_type_id_property_key_key" ON "dynamic_property"("project_id", "group_type_id", "property_key");
