// Generates the Prisma client without the network.
// `prisma generate` refuses to run unless a schema-engine binary exists, and it would try to
// download one; generation itself never uses it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing executable satisfies the check, so a fresh clone needs no manual step and no download.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let prismaCli;
try {
  prismaCli = require.resolve('prisma/build/index.js');
} catch {
  console.log('[prisma-generate] prisma is not installed yet; skipping');
  process.exit(0);
}
const placeholderEngine = ['/bin/true', '/usr/bin/true'].find((path) => existsSync(path)) ?? process.execPath;
const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholderEngine,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
