-- The first-start demo load (modules/demo/): a row when it begins, completed_at when it ends. A
-- row left without completed_at is a load that was interrupted (Ctrl-C, a crash), and the next start
-- removes that project's partial data and loads the demo again.

-- CreateTable
CREATE TABLE "demo_load" (
    "project_id" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "demo_load_pkey" PRIMARY KEY ("project_id")
);
