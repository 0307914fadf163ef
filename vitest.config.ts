import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CommonJS (`main`) and ESM (`module`) builds. Node, and so type-graphql and
// Apollo, load the CommonJS one; Vite would hand our sources the ESM one, and scalars or errors
// created from one copy fail `instanceof` checks in the other. Pin every import to Node's choice.
const graphqlCommonJs = createRequire(import.meta.url).resolve('graphql');
const resolve = { alias: [{ find: /^graphql$/, replacement: graphqlCommonJs }] };

// Two projects: unit tests live beside the code; integration tests (test/integration) start the
// real server on 127.0.0.1 against a real PostgreSQL (TEST_DATABASE_URL / DATABASE_URL) or, when
// neither is set, against the embedded PGlite. Migrations run Prisma's wasm schema engine, which
// imports a .wasm module: workers need --experimental-wasm-modules.
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          // Projects run one after the other (unit, integration, e2e): two cores are enough for one at a time.
          sequence: { groupOrder: 0 },
          include: ['apps/api/src/**/*.test.ts', 'packages/shared/src/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          execArgv: ['--experimental-wasm-modules', '--no-warnings=ExperimentalWarning'],
          // Two cores: run two files at a time, each with its own database.
          maxWorkers: 2,
          server: { deps: { external: [/@prisma\/schema-engine-wasm/] } },
        },
      },
      {
        // Browser tests: the real server with the built web app, driven through Debian's Chromium.
        resolve,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
          execArgv: ['--experimental-wasm-modules', '--no-warnings=ExperimentalWarning'],
          // One browser and one server at a time: the machine has two cores.
          maxWorkers: 1,
          fileParallelism: false,
          server: { deps: { external: [/@prisma\/schema-engine-wasm/] } },
        },
      },
    ],
  },
});
