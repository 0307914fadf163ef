// The Salesforce sync page in Chromium against the real server and the fake Salesforce org the
// integration tests use (jsforce for real on 127.0.0.1). An admin session (signed in with the secret
// key) sets the sync up from the page, starts runs and follows them to their counts, resumes a
// failed one, exports and imports the settings; a read-only session (read key) sees the same page,
// and the server refuses each of its changes while the page says why.
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
const readOnlyText = /This session is read-only, and the server refused the change: .* needs an admin session/;

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
  const result = await graphql(
    server,
    project.secretKey,
    '{ salesforceSync { instanceUrl intervalDays fieldMappings { field } } }',
  );
  return result.data.salesforceSync;
}

async function runIds(): Promise<string[]> {
  const result = await graphql(server, project.secretKey, '{ salesforceSyncRuns { nodes { id } } }');
  return result.data.salesforceSyncRuns.nodes.map((run: { id: string }) => String(run.id));
}

/** The cells of a run's row once the page shows it with this status (it refreshes running runs by itself). */
async function runCellsOnceShown(runId: string, status: 'succeeded' | 'failed'): Promise<string[]> {
  const row = page.getByTestId(`salesforce-run-${runId}`);
  await expect
    .poll(async () => ((await row.count()) ? (await row.locator('td').nth(1).textContent())?.trim() : null), {
      timeout: 20_000,
    })
    .toBe(status);
  return row.locator('td').allTextContents();
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

  it('admin: checks the form before sending, then saves the settings against the Salesforce server', async () => {
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter the My Domain URL').waitFor();

    // Filled from the keyboard: focus moves through the inputs with Tab, the form is sent with Enter.
    await page.getByLabel('Instance URL (My Domain)').focus();
    await page.keyboard.type(salesforce.url);
    await page.getByLabel('Client id (connected app consumer key)').fill('client-e2e');
    await page.getByRole('textbox', { name: /^Refresh token/ }).fill(secrets.refreshToken);
    await page.getByRole('textbox', { name: /^Client secret/ }).fill(secrets.clientSecret);
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Salesforce field').fill('Bad Field');
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Use an API name such as Industry').waitFor();
    await page.getByLabel('Salesforce field').fill('Industry');
    // Rating__c is a valid API name, but the org has no such field: the check and the run find out.
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Salesforce field').nth(1).fill('Rating__c');
    await page.getByLabel('Update each group').selectOption({ label: 'Weekly' });
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await page.keyboard.press('Enter');

    await page.getByText('Settings saved.').waitFor();
    expect(await page.getByTestId('read-only-refusal').count()).toBe(0);
    const stored = await storedSync();
    expect(stored).toMatchObject({ instanceUrl: salesforce.url, intervalDays: 7 });
    expect(stored.fieldMappings.map((mapping: { field: string }) => mapping.field)).toEqual(['Industry', 'Rating__c']);
    const schedule = page.getByTestId('salesforce-schedule');
    await expect.poll(async () => schedule.textContent()).toMatch(/every 7 days/);
    expect(await page.getByTestId('credential-refreshToken').textContent()).toBe('set');
    expect(await page.getByTestId('credential-clientSecret').textContent()).toBe('set');
    expect(await page.getByRole('textbox', { name: /^Refresh token/ }).inputValue()).toBe('');
    const html = await page.content();
    expect(html).not.toContain(secrets.refreshToken);
    expect(html).not.toContain(secrets.clientSecret);
  });

  it('admin: the field check asks Salesforce, and a run with a missing field fails with its error', async () => {
    await page.getByRole('button', { name: 'Check fields against Salesforce' }).click();
    const check = page.getByTestId('field-check');
    await check.waitFor();
    const text = await check.textContent();
    expect(text).toContain('1 field not found on Account');
    expect(text).toContain('Match field Id: found');
    expect(text).toContain('Name field Name: found');
    expect(text).toContain('Mapping 1 Industry: found');
    expect(text).toContain('Mapping 2 Rating__c: not found');
    expect(salesforce.describeRequests).toContain('Account');

    await page.getByLabel('Group value', { exact: true }).fill(accountId(1));
    await page.getByRole('button', { name: 'Sync this group now' }).click();
    await page.getByText('Sync of the group started.').waitFor();
    const [failedRunId] = await runIds();
    expect(failedRunId).toBeDefined();
    const cells = await runCellsOnceShown(failedRunId!, 'failed');
    expect(cells.join(' ')).toMatch(/Rating__c/);
    expect(cells[0]).toContain(`group ${accountId(1)}`);
  });

  it('admin: after the mapping is fixed, a resumed run and "sync all" show their counts', async () => {
    const [failedRunId] = await runIds();
    await page.getByRole('button', { name: 'Remove the mapping of Rating__c' }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await storedSync()).fieldMappings.map((mapping: { field: string }) => mapping.field))
      .toEqual(['Industry']);

    const failedRow = page.getByTestId(`salesforce-run-${failedRunId}`);
    await failedRow.getByRole('button', { name: 'Resume' }).click();
    const resumed = await runCellsOnceShown(failedRunId!, 'succeeded');
    expect(resumed.slice(4, 7)).toEqual(['1', '1', '0']);

    await page.getByRole('button', { name: 'Sync all groups now' }).click();
    await page.getByText('Sync started: it shows in the runs below.').waitFor();
    const ids = await runIds();
    expect(ids).toHaveLength(2);
    const allRunId = ids.find((id) => id !== failedRunId)!;
    const cells = await runCellsOnceShown(allRunId, 'succeeded');
    expect(cells[0]).toContain('all groups');
    // Both accounts found; only Globex changed, Acme already has what the resumed run wrote.
    expect(cells.slice(4, 6)).toEqual(['2', '1']);
    const unmatched = page.getByTestId(`salesforce-run-${allRunId}`).locator('details');
    expect(await unmatched.locator('summary').textContent()).toBe('1');
    await unmatched.locator('summary').focus();
    await page.keyboard.press('Enter');
    await unmatched.getByText(accountId(3)).waitFor({ state: 'visible' });

    // The run wrote the mapped field (under its own name: no property name was typed) and the name.
    const group = await graphql(
      server,
      project.secretKey,
      `{ group(groupType: "company", value: "${accountId(2)}") { name properties } }`,
    );
    expect(group.errors).toBeUndefined();
    expect(group.data.group.name).toBe('Globex');
    expect(group.data.group.properties).toMatchObject({ Industry: 'Manufacturing' });
    await page.screenshot({ path: screenshotPath('salesforce-page'), fullPage: true });
  });

  it('admin: looks up a pickup date, exports the settings without credentials and imports a change', async () => {
    await page.getByLabel('Group value', { exact: true }).fill(accountId(1));
    await page.getByRole('button', { name: 'Next pickup date' }).click();
    const pickup = await server.services.salesforceSync.settings.pickupDateOf(project.project.id, accountId(1));
    expect(pickup).not.toBeNull();
    await page
      .getByTestId('pickup-date')
      .getByText(`${accountId(1)} is next picked up on`)
      .waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export settings (JSON)' }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const exported = readFileSync(path, 'utf8');
    expect(JSON.parse(exported)).toMatchObject({ format: 'leadmaps.salesforce-sync', version: 1 });
    expect(exported).not.toContain('SECRET');

    const changed = exported.replace('"intervalDays": 7', '"intervalDays": 30');
    expect(changed).not.toBe(exported);
    await page.getByLabel('or paste its JSON').fill(changed);
    await page.getByRole('button', { name: 'Import settings' }).click();
    await expect.poll(async () => (await storedSync()).intervalDays).toBe(30);
    expect(await page.getByRole('form', { name: 'Import settings' }).getByTestId('read-only-refusal').count()).toBe(0);
  });

  it('read-only: the server refuses every change, the page says so, and nothing changes', async () => {
    const readContext = await signedInContext(browser, server, project.readKey);
    try {
      const readPage = await readContext.newPage();
      await readPage.goto('/salesforce');
      const schedule = readPage.getByTestId('salesforce-schedule');
      await schedule.waitFor();
      expect(await schedule.textContent()).toMatch(/every 30 days/);
      const runsBefore = await runIds();

      const form = readPage.getByRole('form', { name: 'Salesforce sync settings' });
      await readPage.getByLabel('Update each group').selectOption({ label: 'Weekly' });
      await readPage.getByRole('button', { name: 'Save settings' }).click();
      const refusal = form.getByTestId('read-only-refusal');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(readOnlyText);

      await readPage.getByRole('button', { name: 'Sync all groups now' }).click();
      await readPage.getByRole('region', { name: 'Schedule' }).getByTestId('read-only-refusal').waitFor();

      // The server, not only the page: the same mutation sent with this session's cookie is refused.
      const refused = await readContext.request.post('/graphql', {
        data: { query: 'mutation { runSalesforceSync { id } }' },
      });
      expect((await refused.json()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      expect((await storedSync()).intervalDays).toBe(30);
      expect(await runIds()).toEqual(runsBefore);
      await readPage.screenshot({ path: screenshotPath('salesforce-page-read-only'), fullPage: true });
    } finally {
      await readContext.close();
    }
  });
});
