import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's location so commands work from any folder. */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const prismaDirectory = join(repositoryRoot, 'prisma');
