import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (the folder holding `prisma/schema.prisma`), found from this module's
 * location so commands work from any folder. Searched upwards because the module runs from its
 * source (apps/api/src/database) and, bundled, from the production build (apps/api/dist).
 */
function findRepositoryRoot(start: string): string {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'prisma', 'schema.prisma'))) return directory;
    if (dirname(directory) === directory)
      throw new Error(`leadmaps: no prisma/schema.prisma in ${start} or any folder above it`);
  }
}

export const repositoryRoot = findRepositoryRoot(dirname(fileURLToPath(import.meta.url)));
export const prismaDirectory = join(repositoryRoot, 'prisma');
