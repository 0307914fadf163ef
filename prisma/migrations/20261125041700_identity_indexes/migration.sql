-- Written by hand: Prisma's schema language cannot express partial unique indexes.
-- A person is one row per external user_id, and a device-only (anonymous) person one row per device.
-- (No semicolons inside comments: the pg adapter splits migration scripts on them.)
CREATE UNIQUE INDEX "app_user_identified_key" ON "app_user" ("project_id", "user_id") WHERE "user_id" IS NOT NULL;
CREATE UNIQUE INDEX "app_user_anonymous_key" ON "app_user" ("project_id", "device_id") WHERE "user_id" IS NULL;
