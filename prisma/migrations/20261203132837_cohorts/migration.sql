-- Cohorts of groups (modules/cohorts): when a cohort was computed and its size, each member's
-- entry time, the size at every computation and every entry and exit. Keyed by project_id first.
-- (The hand-made indexes of group_daily and group_user_daily, which schema.prisma does not
-- describe, stay as they are.)

-- AlterTable
ALTER TABLE "cohort" ADD COLUMN     "computed_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "size" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "cohort_member" ADD COLUMN     "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "cohort_size" (
    "project_id" INTEGER NOT NULL,
    "cohort_id" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "size" INTEGER NOT NULL,

    CONSTRAINT "cohort_size_pkey" PRIMARY KEY ("project_id","cohort_id","computed_at")
);

-- CreateTable
CREATE TABLE "cohort_membership_change" (
    "project_id" INTEGER NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "cohort_id" INTEGER NOT NULL,
    "member_id" BIGINT NOT NULL,
    "entered" BOOLEAN NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cohort_membership_change_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateIndex
CREATE INDEX "cohort_membership_change_project_id_cohort_id_changed_at_idx" ON "cohort_membership_change"("project_id", "cohort_id", "changed_at");

-- CreateIndex
CREATE INDEX "cohort_member_project_id_member_id_idx" ON "cohort_member"("project_id", "member_id");
