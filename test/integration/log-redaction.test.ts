// The README says logs never carry keys or credentials. This runs the real server with its own
// logger at `trace` in a child process (so pino writes to a stdout we can read), sends real
// requests carrying every secret, and looks for them in every log line.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverTestUrl, type TestDatabase } from '../support/test-database';

interface LoggedRun {
  lines: Array<Record<string, unknown>>;
  raw: string;
  secrets: Record<string, string>;
  issuedTokens: string[];
}

function runLoggedRequests(databaseUrl: string): Promise<LoggedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-wasm-modules', '--no-warnings', '--import', 'tsx', 'test/support/logged-requests.ts'],
      {
        env: { ...process.env, LOGGED_REQUESTS_DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const summary = stderr.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !summary.startsWith('{'))
        return reject(new Error(`logged-requests exited with ${code}: ${stderr}`));
      const { secrets, issuedTokens } = JSON.parse(summary);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ lines, raw: stdout, secrets, issuedTokens });
    });
  });
}

// The requests run in a child process (to read pino's stdout), which needs a database it can open:
// PGlite here is embedded in this process.
describe.skipIf(!serverTestUrl())(
  'log redaction (PostgreSQL server only: the logging process opens the database itself)',
  () => {
    let database: TestDatabase;
    let run: LoggedRun;

    beforeAll(async () => {
      database = await createTestDatabase();
      if (database.config.kind !== 'server') throw new Error('unreachable: skipped without a PostgreSQL server');
      run = await runLoggedRequests(database.config.url);
    });
    afterAll(async () => database?.drop());

    it('logged what the requests did', () => {
      const messages = run.lines.map((line) => line.msg);
      expect(messages).toEqual(
        expect.arrayContaining([
          'Salesforce request failed; retrying',
          'Salesforce sync run failed',
          'request probe',
          'headers probe',
          'credentials probe',
        ]),
      );
      expect(run.issuedTokens.length).toBeGreaterThan(0);
    });

    it('never writes a key, the session cookie, an authorization header or Salesforce credentials', () => {
      for (const [name, secret] of Object.entries(run.secrets)) {
        expect(secret, name).toBeTruthy();
        expect(run.raw.includes(secret), `${name} appears in the logs`).toBe(false);
      }
      for (const token of run.issuedTokens) expect(run.raw.includes(token), `${token} appears in the logs`).toBe(false);
    });

    it('marks what it removed', () => {
      const probe = (message: string) =>
        run.lines.find((line) => line.msg === message) as {
          req: { headers: unknown };
          res: { headers: unknown };
          credentials: unknown;
        };
      expect(probe('request probe').req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
      expect(probe('request probe').res.headers).toEqual({ 'set-cookie': '[redacted]' });
      expect(probe('headers probe')).toMatchObject({
        headers: { authorization: '[redacted]', cookie: '[redacted]' },
        body: { api_key: '[redacted]', writeKey: '[redacted]' },
      });
      expect(probe('credentials probe').credentials).toEqual({
        refreshToken: '[redacted]',
        clientSecret: '[redacted]',
        accessToken: '[redacted]',
      });
    });
  },
);
