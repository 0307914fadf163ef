// The real leadmaps server with the built web app mounted, on 127.0.0.1 and a fresh database,
// plus a headless Debian Chromium driven by playwright-core.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { ensureWebBuild } from '../../../apps/web/scripts/ensure-build.mjs';
import { testServerConfig } from '../../support/test-server';
import { registerWebRoutes } from '../../../apps/api/src/http/web-routes';
import { createLogger } from '../../../apps/api/src/lib/logger';
import { startServer, type RunningServer } from '../../../apps/api/src/server';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

export const chromiumPath = process.env.LEADMAPS_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotDirectory = join(import.meta.dirname, '..', 'screenshots');

export interface WebTestServer extends RunningServer {
  stop(): Promise<void>;
}

/** `environment`: further server settings, e.g. LEADMAPS_ENCRYPTION_KEY for Salesforce credentials. */
export async function startWebTestServer(environment: Record<string, string> = {}): Promise<WebTestServer> {
  ensureWebBuild({ log: () => {} });
  const testDatabase: TestDatabase = await createTestDatabase();
  const config = testServerConfig({ ...environment, LEADMAPS_WEB: 'true' });
  config.database = testDatabase.config;
  const server = await startServer(config, {
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    registerExtraRoutes: registerWebRoutes,
  });
  return {
    ...server,
    stop: async () => {
      await server.close();
      await testDatabase.drop();
    },
  };
}

/** Debian's Chromium, headless; `extraArguments` are added to its command line. */
export async function launchBrowser(extraArguments: string[] = []): Promise<Browser> {
  mkdirSync(screenshotDirectory, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArguments,
    ],
  });
}

/**
 * A browser context signed in to a project the way a user would: a key exchanged for a session
 * cookie. With `now`, the page's clock stands still at that instant (timers still run), so the
 * ranges it computes from "today" do not move if a run crosses midnight.
 */
export async function signedInContext(
  browser: Browser,
  server: { url: string },
  key: string,
  now?: Date,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    timezoneId: 'UTC',
  });
  if (now) await context.clock.setFixedTime(now);
  const response = await context.request.post('/auth/session', { data: { key } });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  return context;
}

export function screenshotPath(name: string): string {
  return join(screenshotDirectory, `${name}.png`);
}
