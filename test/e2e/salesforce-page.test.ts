// The Salesforce sync page in Chromium against the real server and the fake Salesforce org the
// integration tests use (jsforce for real on 127.0.0.1). Browser sessions may only read: the test
// drives every change the page offers and checks the server refuses it with the read-only message
// and stores nothing; the settings and runs it then shows were made over GraphQL with the secret
// key, as an administrator does today.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../apps/api/src/modules/projects/project.service';
import { startFakeSalesforce, type FakeSalesforce } from '../support/fake-salesforce';
import { graphql } from '../support/test-server';
import {
  launchBrowser,
  screenshotPath,
  signedInContext,
  startWebTestServer,
  type WebTestServer,
} from './support/web-test-server';

const secrets = { refreshToken: 'refresh-SECRET-e2e', clientSecret: 'client-SECRET-e2e' };
const accountId = (index: number) => `001Dn00000aBc${String(index).padStart(2, '0')}IAC`;
const readOnlyText = /This session is read-only: changing the Salesforce sync needs the project secret key/;

let server: WebTestServer;
let salesforce: FakeSalesforce;
let browser: Browser;
let project: CreatedProject;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, salesforce] = await Promise.all([
    startWebTestServer({ LEADMAPS_ENCRYPTION_KEY: 'salesforce-page-e2e-encryption-key-0123' }),
    startFakeSalesforce({
      clientId: 'client-e2e',
      clientSecret: secrets.clientSecret,
      refreshToken: secrets.refreshToken,
    }),
  ]);
  browser = await launchBrowser();
  server.services.salesforceSync.tune({
    sleep: async () => {},
    retryPolicy: { maximumAttempts: 2, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 1 },
  });
  // Accounts 1 and 2 exist in Salesforce; account 3 does not.
  salesforce.addRecords('Account', [
    { Id: accountId(1), Name: 'Acme Inc', Industry: 'Software' },
    { Id: accountId(2), Name: 'Globex', Industry: 'Manufacturing' },
  ]);
  project = await server.services.projects.createProject({ name: 'Salesforce page' });
  await server.services.ingest.ingestAmplitudeEvents(
    project.project,
    [1, 2, 3].map((index) => ({
      event_type: 'Signed In',
      user_id: `user-${index}@example.com`,
      time: Date.now() - index * 60_000,
      groups: { company: accountId(index) },
    })),
  );
  context = await signedInContext(browser, server, project.secretKey);
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await salesforce?.stop();
});

async function storedSync() {
  const result = await graphql(server, project.secretKey, '{ salesforceSync { instanceUrl intervalDays } }');
  return result.data.salesforceSync;
}

describe('Salesforce sync page', () => {
  it('is reached from the navigation and invites to set the sync up', async () => {
    await page.goto('/groups');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Salesforce' }).click();
    await page.waitForURL('**/salesforce');
    await page.getByText('The Salesforce sync is not set up').waitFor();
    expect(await page.getByRole('button', { name: 'Export settings (JSON)' }).isDisabled()).toBe(true);
    await page.getByText('No runs yet').waitFor();
  });

  it('checks the form before sending, then shows the server’s refusal for a read-only session', async () => {
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter the My Domain URL').waitFor();

    // Filled from the keyboard: focus moves through the inputs with Tab, the form is sent with Enter.
    await page.getByLabel('Instance URL (My Domain)').focus();
    await page.keyboard.type(salesforce.url);
    await page.getByLabel('Client id (connected app consumer key)').fill('client-e2e');
    await page.getByRole('textbox', { name: /^Refresh token/ }).fill(secrets.refreshToken);
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Salesforce field').fill('Bad Field');
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Use an API name such as Industry').waitFor();
    await page.getByLabel('Salesforce field').fill('Industry');
    await page.getByLabel('Update each group').selectOption({ label: 'Weekly' });
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await page.keyboard.press('Enter');

    const refusal = page.getByTestId('read-only-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(readOnlyText);
    expect(await storedSync()).toBeNull();
  });

  it('shows saved settings and runs with counts and errors, never the credentials', async () => {
    const saved = await graphql(
      server,
      project.secretKey,
      'mutation Save($input: SalesforceSyncInput!) { saveSalesforceSync(input: $input) { activatedOn } }',
      {
        input: {
          instanceUrl: salesforce.url,
          authFlow: 'REFRESH_TOKEN',
          clientId: 'client-e2e',
          groupType: 'company',
          nameField: 'Name',
          fieldMappings: [
            { field: 'Industry', property: 'industry' },
            { field: 'Rating__c', property: 'rating' },
          ],
          intervalDays: 7,
          credentials: secrets,
        },
      },
    );
    expect(saved.errors).toBeUndefined();
    const runFields = 'id status groupsMatched groupsUpdated groupsUnmatched errors';
    const firstRun = await graphql(
      server,
      project.secretKey,
      `mutation { runSalesforceSync(groupValue: "${accountId(1)}", wait: true) { ${runFields} } }`,
    );
    // Rating__c does not exist in the org: Salesforce refuses the query and the whole run fails.
    expect(firstRun.data.runSalesforceSync).toMatchObject({ status: 'FAILED' });
    const failedRun = firstRun.data.runSalesforceSync;
    expect(failedRun.errors.join(' ')).toMatch(/Rating__c/);

    await graphql(
      server,
      project.secretKey,
      `mutation Save($input: SalesforceSyncInput!) { saveSalesforceSync(input: $input) { activatedOn } }`,
      {
        input: {
          instanceUrl: salesforce.url,
          authFlow: 'REFRESH_TOKEN',
          clientId: 'client-e2e',
          groupType: 'company',
          nameField: 'Name',
          fieldMappings: [{ field: 'Industry', property: 'industry' }],
          intervalDays: 7,
        },
      },
    );
    const all = await graphql(server, project.secretKey, `mutation { runSalesforceSync(wait: true) { ${runFields} } }`);
    expect(all.data.runSalesforceSync).toMatchObject({
      status: 'SUCCEEDED',
      groupsMatched: 2,
      groupsUpdated: 2,
      groupsUnmatched: 1,
      errors: [],
    });

    await page.reload();
    const schedule = page.getByTestId('salesforce-schedule');
    await schedule.waitFor();
    expect(await schedule.textContent()).toMatch(/every 7 days/);
    expect(await page.getByTestId('credential-refreshToken').textContent()).toBe('set');
    expect(await page.getByTestId('credential-clientSecret').textContent()).toBe('set');
    expect(await page.getByRole('textbox', { name: /^Refresh token/ }).inputValue()).toBe('');
    const html = await page.content();
    expect(html).not.toContain(secrets.refreshToken);
    expect(html).not.toContain(secrets.clientSecret);
    expect(await page.getByLabel('Instance URL (My Domain)').inputValue()).toBe(salesforce.url);
    expect(await page.getByLabel('Update each group').inputValue()).toBe('7');
    expect(await page.getByLabel('Update each group').locator('option[value="hourly"]').textContent()).toMatch(
      /Hourly/,
    );

    const latest = page.getByTestId(`salesforce-run-${all.data.runSalesforceSync.id}`);
    await latest.waitFor();
    const latestCells = await latest.locator('td').allTextContents();
    expect(latestCells[1]).toBe('succeeded');
    expect(latestCells.slice(4, 6)).toEqual(['2', '2']);
    const unmatched = latest.locator('details');
    expect(await unmatched.locator('summary').textContent()).toBe('1');
    await unmatched.locator('summary').focus();
    await page.keyboard.press('Enter');
    await unmatched.getByText(accountId(3)).waitFor({ state: 'visible' });

    const failed = page.getByTestId(`salesforce-run-${failedRun.id}`);
    expect(await failed.textContent()).toMatch(/failed/);
    expect(await failed.textContent()).toMatch(/Rating__c/);
    await page.screenshot({ path: screenshotPath('salesforce-page'), fullPage: true });

    // Resume and "sync now" are refused for this session, and nothing is started.
    await failed.getByRole('button', { name: 'Resume' }).click();
    await failed.getByTestId('read-only-refusal').waitFor();
    await page.getByRole('button', { name: 'Sync all groups now' }).click();
    await page.getByRole('region', { name: 'Schedule' }).getByTestId('read-only-refusal').waitFor();
    const runs = await graphql(server, project.secretKey, '{ salesforceSyncRuns { nodes { id } } }');
    expect(runs.data.salesforceSyncRuns.nodes).toHaveLength(2);
  });

  it('looks up a pickup date and checks the fields against Salesforce', async () => {
    await page.getByLabel('Group value', { exact: true }).fill(accountId(1));
    await page.getByRole('button', { name: 'Next pickup date' }).click();
    const pickup = await server.services.salesforceSync.settings.pickupDateOf(project.project.id, accountId(1));
    expect(pickup).not.toBeNull();
    await page
      .getByTestId('pickup-date')
      .getByText(`${accountId(1)} is next picked up on`)
      .waitFor();

    await page.getByLabel('Salesforce field').fill('Nope__c');
    await page.getByRole('button', { name: 'Check fields against Salesforce' }).click();
    const check = page.getByTestId('field-check');
    await check.waitFor();
    const text = await check.textContent();
    expect(text).toContain('1 field not found on Account');
    expect(text).toContain('Match field Id: found');
    expect(text).toContain('Name field Name: found');
    expect(text).toContain('Mapping 1 Nope__c: not found');
    expect(salesforce.describeRequests).toContain('Account');
  });

  it('exports the settings without credentials and refuses an import', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export settings (JSON)' }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const exported = readFileSync(path, 'utf8');
    expect(JSON.parse(exported)).toMatchObject({ format: 'leadmaps.salesforce-sync', version: 1 });
    expect(exported).not.toContain('SECRET');

    await page.getByLabel('or paste its JSON').fill(exported.replace('"intervalDays": 7', '"intervalDays": 30'));
    await page.getByRole('button', { name: 'Import settings' }).click();
    await page.getByRole('form', { name: 'Import settings' }).getByTestId('read-only-refusal').waitFor();
    expect((await storedSync()).intervalDays).toBe(7);
  });
});
