// `npm test`: unit tests, then integration tests through the real HTTP/GraphQL endpoints.
// With TEST_DATABASE_URL or DATABASE_URL set, integration tests run on that PostgreSQL server
// (each file in a fresh database); otherwise on the embedded PGlite. Browser tests run when
// Chromium is installed (or are required with LEADMAPS_E2E=1). The last line says what ran and
// what was skipped, so a green run without browser tests never passes for a full one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const extraArguments = process.argv.slice(2);
const run = (args) => {
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args, ...extraArguments], {
    stdio: 'inherit',
    env: process.env,
  });
  return result.status ?? 1;
};
const outcome = (status) => (status === 0 ? 'passed' : 'FAILED');

const target = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
console.log(`leadmaps tests: integration database = ${target}`);
const unitAndIntegration = run(['--project', 'unit', '--project', 'integration']);
const summary = [`unit + integration (${target}) ${outcome(unitAndIntegration)}`];
let status = unitAndIntegration;

const chromium = process.env.LEADMAPS_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  console.log('leadmaps tests: browser tests (builds the web app first when needed)');
  const browser = run(['--project', 'e2e']);
  summary.push(`browser ${outcome(browser)}`);
  status = browser || status;
} else if (process.env.LEADMAPS_E2E === '1') {
  console.error(`leadmaps tests: LEADMAPS_E2E=1 but ${chromium} is missing (apt-get install -y chromium)`);
  summary.push(`browser FAILED (LEADMAPS_E2E=1 but ${chromium} is missing)`);
  status = 1;
} else {
  summary.push(`browser SKIPPED (${chromium} not installed: apt-get install -y chromium, or set LEADMAPS_CHROMIUM)`);
}
console.log(`leadmaps tests summary: ${summary.join('; ')}`);
process.exit(status);
