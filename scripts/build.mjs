// `npm run build`: the production build. Compiles the API into apps/api/dist (esbuild, see
// build-api.mjs) and builds the web app (Next.js, into apps/web/.next). `npm start` then runs it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApi } from './build-api.mjs';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

await buildApi();
const web = spawnSync('npm', ['run', 'build', '--silent', '-w', '@leadmaps/web'], {
  cwd: repositoryRoot,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (web.status !== 0) {
  console.error(`leadmaps: the web app build failed (exit code ${web.status})`);
  process.exit(web.status ?? 1);
}
console.log('leadmaps: build finished; `npm start` runs it.');
