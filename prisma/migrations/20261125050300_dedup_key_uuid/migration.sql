-- Dedup keys become the MD5 of the key text, held in a uuid (16 bytes instead of ~60).
ALTER TABLE "ingest_dedup" ALTER COLUMN "key" SET DATA TYPE UUID USING md5("key")::uuid;
