// Builds the web app when its production build is missing or older than any of its sources (or
// the API schema its types come from, or the shared rules it imports). Used by `npm start` and the
// browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildIdPath = join(webDirectory, '.next', 'BUILD_ID');

function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestModification(join(path, name))),
    stats.mtimeMs,
  );
}

export function webBuildIsCurrent() {
  if (!existsSync(buildIdPath)) return false;
  const sources = [
    'src',
    'public',
    'scripts',
    'next.config.ts',
    'package.json',
    'tsconfig.json',
    '../api/schema.graphql',
    // The shared rules are compiled into the web app.
    '../../packages/shared/src',
    '../../packages/shared/package.json',
  ];
  const newestSource = Math.max(...sources.map((source) => newestModification(join(webDirectory, source))));
  return statSync(buildIdPath).mtimeMs >= newestSource;
}

/** Returns true when a build ran. Throws when the build fails. */
export function ensureWebBuild({ log = console.log } = {}) {
  if (webBuildIsCurrent()) return false;
  log('leadmaps: building the web app (first start or sources changed)…');
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', '@leadmaps/web'], {
    cwd: join(webDirectory, '../..'),
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`the web app build failed (exit code ${result.status})`);
  return true;
}
