// `npm run project` while the server holds the embedded database (issue #18). PGlite serves one
// process, so the command cannot open the folder beside the running server: it says so and what to
// do, and given the project's secret key it goes through the server's GraphQL API (the services the
// settings page uses). The folder's lock is taken with the server's own lock function by this test
// process (a live process other than the command's), the server is the real test server, and the
// command is the real CLI in a process of its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDirectory } from '../../apps/api/src/database/data-directory-lock';
import { repositoryRoot } from '../../apps/api/src/database/paths';
import { startTestServer, type TestServer } from '../support/test-server';

const runFile = promisify(execFile);

describe('the project command while the server runs on the embedded database', () => {
  let folder: string;
  let server: TestServer;
  let unlock: () => void;
  let project: { id: number; name: string; ingestKey: string; secretKey: string; readKey: string };

  /** The CLI as `npm run project -- …` runs it, with the server's data folder and no DATABASE_URL. */
  const projectCommand = async (args: string[], secretKey?: string) => {
    const environment: NodeJS.ProcessEnv = { ...process.env, LEADMAPS_DATA_DIR: folder, NODE_ENV: 'development' };
    delete environment.DATABASE_URL;
    delete environment.LEADMAPS_SECRET_KEY;
    delete environment.LEADMAPS_PUBLIC_URL;
    if (secretKey) environment.LEADMAPS_SECRET_KEY = secretKey;
    environment.PORT = String(new URL(server.url).port);
    try {
      const { stdout, stderr } = await runFile(
        process.execPath,
        ['--experimental-wasm-modules', '--no-warnings', '--import', 'tsx', 'apps/api/src/cli/project.ts', ...args],
        { cwd: repositoryRoot, env: environment, timeout: 120_000 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'leadmaps-cli-'));
    unlock = lockDataDirectory(folder);
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Through the server' });
    project = {
      id: created.project.id,
      name: created.project.name,
      ingestKey: created.project.ingestKey,
      secretKey: created.secretKey,
      readKey: created.readKey,
    };
  }, 180_000);
  afterAll(async () => {
    unlock?.();
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('says the database is in use and how to run the command through the server', async () => {
    const answer = await projectCommand(['list']);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain(`is in use by process ${process.pid}`);
    expect(answer.stderr).toContain(`LEADMAPS_SECRET_KEY=lm_secret_… npm run project -- list --url ${server.url}`);
  }, 150_000);

  it('lists the project and rotates its read key through the server with the secret key', async () => {
    const listed = await projectCommand(['list'], project.secretKey);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${project.id}  ${project.name}`);
    expect(listed.stdout).toContain(`ingest key:  ${project.ingestKey}`);

    const rotated = await projectCommand(['rotate-read-key'], project.secretKey);
    expect(rotated.code).toBe(0);
    const newReadKey = /New read key for project \d+ "[^"]*": (lm_read_\S+)/.exec(rotated.stdout)?.[1];
    expect(newReadKey).toBeDefined();
    expect((await server.services.projects.authenticate(newReadKey!))?.project.id).toBe(project.id);
    expect(await server.services.projects.authenticate(project.readKey)).toBeNull();

    const refused = await projectCommand(['list'], project.readKey);
    expect(refused.code).toBe(1);
  }, 300_000);
});
