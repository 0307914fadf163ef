-- Web sessions: the per-project secret that signs read-only browser sessions and login links
CREATE TABLE "web_session_secret" (
    "project_id" INTEGER NOT NULL,
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "web_session_secret_pkey" PRIMARY KEY ("project_id")
);
