// PGlite has no lock between processes: two processes opening one data folder corrupt it. A lock
// file holding the owner's pid refuses a second process with a clear message. A lock left by a
// process that no longer runs (killed, crashed) is taken over at once; an mtime-based lock would
// make a restart after a crash wait for it to go stale.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirectoryLockedError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of an embedded data folder; returns a function that releases it. */
export function lockDataDirectory(dataDirectory: string): () => void {
  const path = join(dataDirectory, 'leadmaps.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new DataDirectoryLockedError(
          `The embedded database in ${dataDirectory} is in use by process ${owner}. Stop that process first (an embedded database serves one process at a time), or set DATABASE_URL to use a PostgreSQL server.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirectoryLockedError(`Could not lock ${dataDirectory}.`);
}
