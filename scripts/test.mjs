// `npm test`: unit tests, then integration tests through the real HTTP/GraphQL endpoints.
// With TEST_DATABASE_URL or DATABASE_URL set, integration tests run on that PostgreSQL server
// (each file in a fresh database); otherwise on the embedded PGlite. Browser tests run when
// Chromium is installed (or are required with LEADMAPS_E2E=1).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const extraArguments = process.argv.slice(2);
const run = (args) => {
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args, ...extraArguments], { stdio: 'inherit', env: process.env });
  return result.status ?? 1;
};
const target = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
console.log(`leadmaps tests: integration database = ${target}`);
let status = run(['--project', 'unit', '--project', 'integration']);
const chromium = process.env.LEADMAPS_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  console.log('leadmaps tests: browser tests (builds the web app first when needed)');
  status = run(['--project', 'e2e']) || status;
} else if (process.env.LEADMAPS_E2E === '1') {
  console.error(`leadmaps tests: LEADMAPS_E2E=1 but ${chromium} is missing (apt-get install -y chromium)`);
  status = 1;
} else {
  console.log(`leadmaps tests: browser tests skipped (${chromium} not installed; apt-get install -y chromium)`);
}
process.exit(status);
