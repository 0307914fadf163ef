import { describe, expect, it } from 'vitest';
import { parseRebuildRollupsOptions } from './rebuild-rollups-options';

describe('db:rebuild-rollups options', () => {
  it('reads the project in both spellings npm passes through', () => {
    expect(parseRebuildRollupsOptions(['--project=5'])).toEqual({ projectId: 5 });
    expect(parseRebuildRollupsOptions(['--project', '5'])).toEqual({ projectId: 5 });
  });

  it('rebuilds every project only when no project is named', () => {
    expect(parseRebuildRollupsOptions([])).toEqual({ projectId: undefined });
  });

  it('refuses what it does not understand instead of rebuilding everything', () => {
    for (const argv of [['--project=five'], ['--project=0'], ['--projects=5'], ['5'], ['--project']]) {
      expect(parseRebuildRollupsOptions(argv)).toHaveProperty('problem');
    }
  });
});
