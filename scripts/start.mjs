// `npm start`: one process, one port for the dashboard, the GraphQL API and ingest. Runs the
// production build: the API compiled to JavaScript (apps/api/dist) and the built web app, which
// the API mounts. Whichever is missing or older than its sources (a fresh clone after `npm ci`,
// or after a pull) is built first, so `npm ci && npm start` works without `npm run build`.
import { spawn } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from '../apps/web/scripts/ensure-build.mjs';
import { compiledServerPath, ensureApiBuild } from './build-api.mjs';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const webEnabled = !/^(false|0|no)$/i.test(process.env.LEADMAPS_WEB ?? '');

try {
  await ensureApiBuild();
} catch (error) {
  console.error(`leadmaps: compiling the API failed: ${error.message}`);
  process.exit(1);
}
if (webEnabled) {
  try {
    ensureWebBuild();
  } catch (error) {
    console.error(
      `leadmaps: ${error.message}. Fix the build, or start the API alone with LEADMAPS_WEB=false npm start.`,
    );
    process.exit(1);
  }
}

const server = spawn(
  process.execPath,
  [
    // Stack traces point into the TypeScript sources through the build's source maps.
    '--enable-source-maps',
    // The Prisma migration engine is WebAssembly imported as an ES module.
    '--experimental-wasm-modules',
    '--no-warnings=ExperimentalWarning',
    relative(repositoryRoot, compiledServerPath),
  ],
  { cwd: repositoryRoot, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
);
// Forward stop signals so the server can drain requests and close the database cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
