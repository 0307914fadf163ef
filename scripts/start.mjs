// `npm start`: one process, one port for the dashboard, the GraphQL API and ingest. Builds the
// web app first when its build is missing or older than its sources (a fresh clone after
// `npm ci`, or after a pull), then runs the API, which mounts the built web app.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from '../apps/web/scripts/ensure-build.mjs';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const webEnabled = !/^(false|0|no)$/i.test(process.env.LEADMAPS_WEB ?? '');

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
    '--experimental-wasm-modules',
    '--no-warnings=ExperimentalWarning',
    '--import',
    'tsx',
    join('apps', 'api', 'src', 'main.ts'),
  ],
  { cwd: repositoryRoot, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
);
// Forward stop signals so the server can drain requests and close the database cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
