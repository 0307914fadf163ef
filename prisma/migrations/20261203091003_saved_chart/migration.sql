-- Saved charts (modules/analysis/saved-chart.repository.ts): a name and a chart definition per
-- project, no owner. Keyed by project_id first like every table, so it distributes by project.
-- (The hand-made indexes of group_daily and group_user_daily, which schema.prisma does not
-- describe, stay as they are.)

-- CreateEnum
CREATE TYPE "saved_chart_kind" AS ENUM ('segmentation', 'composition');

-- CreateTable
CREATE TABLE "saved_chart" (
    "project_id" INTEGER NOT NULL,
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "saved_chart_kind" NOT NULL,
    "definition" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_chart_pkey" PRIMARY KEY ("project_id","id")
);
