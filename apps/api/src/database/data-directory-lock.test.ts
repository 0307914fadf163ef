import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirectoryLockedError, lockDataDirectory } from './data-directory-lock';

describe('embedded data folder lock', () => {
  it('refuses a folder held by a running process and takes over one left by a dead process', () => {
    const folder = mkdtempSync(join(tmpdir(), 'leadmaps-lock-'));
    writeFileSync(join(folder, 'leadmaps.pid'), String(process.ppid));
    expect(() => lockDataDirectory(folder)).toThrow(DataDirectoryLockedError);

    writeFileSync(join(folder, 'leadmaps.pid'), '999999999');
    const release = lockDataDirectory(folder);
    expect(readFileSync(join(folder, 'leadmaps.pid'), 'utf8')).toBe(String(process.pid));
    release();
    const again = lockDataDirectory(folder);
    again();
  });
});
