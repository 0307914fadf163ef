// What the Salesforce tests save: a refresh-token connection to a fake org for the `company`
// groups, named from `Name`, with the credentials the fake is started with in those tests.

export const saveSalesforceSyncMutation =
  'mutation Save($input: SalesforceSyncInput!) { saveSalesforceSync(input: $input) { activatedOn } }';

export function refreshTokenSyncInput(instanceUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    instanceUrl,
    authFlow: 'REFRESH_TOKEN',
    clientId: 'client-1',
    groupType: 'company',
    nameField: 'Name',
    credentials: { refreshToken: 'refresh-1', clientSecret: 'secret-1' },
    ...overrides,
  };
}
