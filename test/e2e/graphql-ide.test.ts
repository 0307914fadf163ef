// The GraphQL IDE served by leadmaps itself, in a real browser that may reach nothing but
// 127.0.0.1: every request elsewhere is aborted and recorded, and none may happen (GraphiQL, its
// fonts and its editor are bundled into the web app). It opens from the navigation, signed in
// with the browser session (no key typed), runs a query and shows the answer the server computed
// from the events sent here.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

const hour = 3_600_000;
let server: WebTestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const outsideRequests: string[] = [];
const companies = ['acme', 'globex', 'initech'];

beforeAll(async () => {
  server = await startWebTestServer();
  const { project, readKey } = await server.services.projects.createProject({ name: 'IDE' });
  const start = Date.now() - 24 * hour;
  await server.services.ingest.ingestAmplitudeEvents(
    project,
    companies.map((company, index) => ({
      event_type: 'Report Created',
      user_id: `user-${index}`,
      time: start + index * hour,
      groups: { company },
    })),
  );
  browser = await launchBrowser();
  context = await signedInContext(browser, server, readKey);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== '127.0.0.1') {
      outsideRequests.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The text of one of GraphiQL's CodeMirror editors. */
const editorText = (target: Page, selector: string) =>
  target.$eval(selector, (element) => {
    const editor = (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror;
    return editor.getValue();
  });

describe('the GraphQL IDE', () => {
  it('opens from the navigation and runs a query with the browser session, offline', async () => {
    await page.goto('/groups');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'GraphQL' }).click();
    await page.waitForURL('**/graphql-ide');
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    expect(await editorText(page, '.graphiql-query-editor .CodeMirror')).toContain('groupTypes');

    await page.$eval('.graphiql-query-editor .CodeMirror', (element) => {
      const editor = (element as unknown as { CodeMirror: { setValue(text: string): void } }).CodeMirror;
      editor.setValue('{ groupTypes { name groupCount } users(first: 10) { totalCount edges { node { userId } } } }');
    });
    // From the keyboard: focus the editor, Ctrl-Enter runs the query.
    await page.click('.graphiql-query-editor .CodeMirror-lines');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => {
      const element = document.querySelector('.graphiql-response .CodeMirror') as unknown as {
        CodeMirror?: { getValue(): string };
      } | null;
      return element?.CodeMirror?.getValue().includes('"data"');
    });
    const answer = JSON.parse(await editorText(page, '.graphiql-response .CodeMirror'));
    expect(answer.errors).toBeUndefined();
    expect(answer.data.groupTypes).toEqual([{ name: 'company', groupCount: companies.length }]);
    expect(answer.data.users.totalCount).toBe(companies.length);
    expect(answer.data.users.edges.map((edge: { node: { userId: string } }) => edge.node.userId).sort()).toEqual(
      companies.map((_, index) => `user-${index}`),
    );
    // The schema is the committed one: the documentation explorer knows the root fields.
    await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
    await page.waitForSelector('text=groupSearch');
    await page.screenshot({ path: screenshotPath('graphql-ide'), fullPage: true });
    expect(outsideRequests).toEqual([]);
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    const anonymous = await browser.newContext({ baseURL: server.url });
    const visitor = await anonymous.newPage();
    await visitor.goto('/graphql-ide');
    // The page's first request without a session (the header's viewer query, or the IDE's own
    // query when run) sends the visitor to sign in, coming back to the IDE afterwards.
    const signIn = '**/login?next=%2Fgraphql-ide';
    const first = await Promise.race([
      visitor.waitForURL(signIn).then(
        () => 'sign-in' as const,
        () => 'gone' as const,
      ),
      visitor.waitForSelector('.graphiql-query-editor .CodeMirror').then(
        () => 'editor' as const,
        () => 'gone' as const,
      ),
    ]);
    if (first === 'editor' && !visitor.url().includes('/login')) {
      await visitor.click('.graphiql-query-editor .CodeMirror-lines');
      await visitor.keyboard.press('Control+Enter');
      await visitor.waitForURL(signIn);
    }
    expect(visitor.url()).toContain('/login?next=%2Fgraphql-ide');
    await anonymous.close();
  });
});
