import { describe, expect, it } from 'vitest';
import { serverSettingWarnings } from './server-settings';
import type { SqlExecutor } from './sql-database';

const serverWith = (autovacuum: string): SqlExecutor => ({
  query: async <Row>() => [{ autovacuum }] as Row[],
  execute: async () => 0,
});

describe('serverSettingWarnings', () => {
  it('warns when autovacuum is off, and only then', async () => {
    expect(await serverSettingWarnings(serverWith('off'))).toEqual([expect.stringContaining('autovacuum = off')]);
    expect(await serverSettingWarnings(serverWith('on'))).toEqual([]);
  });
});
