import { defineConfig } from 'prisma/config';

// The datasource URL is only needed by Prisma's own CLI migrate commands on machines that have
// the native schema engine; leadmaps applies migrations itself (see apps/api/src/database/migrate.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
