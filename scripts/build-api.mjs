// `npm run build` (API half): compiles the API ahead of time into apps/api/dist, so `npm start`
// runs plain JavaScript and no TypeScript compiler is loaded at run time.
//
// esbuild rather than tsc: the sources import without file extensions (moduleResolution
// "Bundler") and import the workspace package @leadmaps/shared as TypeScript source, which tsc's
// output would keep and Node could not load. esbuild bundles our own code (the API, the shared
// package and the generated Prisma client) into a few ES modules, honours `experimentalDecorators`
// from tsconfig.json as vitest and tsx do, and leaves every npm package as an import resolved
// from node_modules at run time. Type checking stays with `npm run typecheck`.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const apiBuildDirectory = join(repositoryRoot, 'apps', 'api', 'dist');
export const compiledServerPath = join(apiBuildDirectory, 'main.mjs');

/** The programs of the production build: the server and the commands an operator runs beside it. */
const entryPoints = {
  main: 'apps/api/src/main.ts',
  'cli/migrate': 'apps/api/src/cli/migrate.ts',
  'cli/project': 'apps/api/src/cli/project.ts',
  'cli/rebuild-rollups': 'apps/api/src/cli/rebuild-rollups.ts',
};

/** npm packages stay imports (node_modules at run time); the workspace's TypeScript is bundled. */
const keepPackagesExternal = {
  name: 'keep-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (arguments_) => {
      if (arguments_.path.startsWith('@leadmaps/')) return undefined;
      return { path: arguments_.path, external: true };
    });
  },
};

/** `outdir` other than apps/api/dist is for the build test; it must lie inside the repository. */
export async function buildApi({ log = console.log, outdir = apiBuildDirectory } = {}) {
  const startedAt = Date.now();
  // esbuild is a devDependency: imported only when compiling, never by a built copy's `npm start`.
  const { build } = await import('esbuild');
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: repositoryRoot,
    entryPoints: Object.entries(entryPoints).map(([out, input]) => ({ in: input, out })),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: true,
    // Keeps class names (type-graphql and error names read them) and readable stack traces.
    keepNames: true,
    outExtension: { '.js': '.mjs' },
    tsconfig: join(repositoryRoot, 'tsconfig.json'),
    plugins: [keepPackagesExternal],
    logLevel: 'warning',
    metafile: true,
  });
  const outputs = Object.keys(result.metafile.outputs).filter((path) => path.endsWith('.mjs'));
  log(
    `leadmaps: API compiled to ${relative(repositoryRoot, outdir)} (${outputs.length} modules) in ${Date.now() - startedAt} ms`,
  );
}

function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestModification(join(path, name))),
    stats.mtimeMs,
  );
}

/**
 * True when the compiled server exists and no source it is built from changed since. A copy
 * without the sources (the Docker image) has nothing newer, so its build counts as current.
 */
export function apiBuildIsCurrent() {
  if (!existsSync(compiledServerPath)) return false;
  const sources = [
    'apps/api/src',
    'apps/api/package.json',
    'packages/shared/src',
    'tsconfig.json',
    'scripts/build-api.mjs',
  ];
  const newestSource = Math.max(...sources.map((source) => newestModification(join(repositoryRoot, source))));
  return statSync(compiledServerPath).mtimeMs >= newestSource;
}

/** Compiles the API when its build is missing or older than its sources; returns true when it did. */
export async function ensureApiBuild({ log = console.log } = {}) {
  if (apiBuildIsCurrent()) return false;
  log('leadmaps: compiling the API (first start or sources changed)…');
  await buildApi({ log });
  // esbuild keeps a helper process for later builds; `npm start` has none to do while it serves.
  const { stop } = await import('esbuild');
  await stop();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildApi();
}
