-- Hourly Salesforce sync: every group of the type is updated at each hourly job.
ALTER TABLE "salesforce_sync" ADD COLUMN "hourly" BOOLEAN NOT NULL DEFAULT false;
