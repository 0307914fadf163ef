// The settings form's state and its conversion to the mutation's input. Credentials are never
// read back: empty secret inputs keep what is stored, typed ones replace every stored secret.
import type { SalesforceAuthFlow, SalesforceSyncInput, SalesforceSyncSettingsFragment } from '@/generated/graphql';

export interface FieldMappingRow {
  field: string;
  property: string;
}

export interface SalesforceFormState {
  enabled: boolean;
  instanceUrl: string;
  loginUrl: string;
  apiVersion: string;
  authFlow: SalesforceAuthFlow;
  clientId: string;
  accessToken: string;
  refreshToken: string;
  clientSecret: string;
  groupType: string;
  objectName: string;
  matchField: string;
  nameField: string;
  fieldMappings: FieldMappingRow[];
  intervalDays: number;
  /** Every group at each hourly job; intervalDays is kept for when it is switched back. */
  hourly: boolean;
}

export const intervalChoices = [
  { days: 1, label: 'Daily' },
  { days: 7, label: 'Weekly' },
  { days: 30, label: 'Monthly (30 days)' },
] as const;

export const credentialLabels = {
  accessToken: 'Access token',
  refreshToken: 'Refresh token',
  clientSecret: 'Client secret',
} as const;

export type CredentialName = keyof typeof credentialLabels;

/** Which secrets each flow uses, in the order the form shows them. */
export const credentialsOfFlow: Record<SalesforceAuthFlow, CredentialName[]> = {
  ACCESS_TOKEN: ['accessToken'],
  REFRESH_TOKEN: ['refreshToken', 'clientSecret'],
  CLIENT_CREDENTIALS: ['clientSecret'],
};

// The API's own rule for field paths (Industry, Customer_Id__c, Owner.Name): checked here too so a
// typo shows beside its input before the round trip.
const fieldPathPattern = /^[A-Za-z][A-Za-z0-9_]{0,79}(\.[A-Za-z][A-Za-z0-9_]{0,79}){0,4}$/;

export function fieldPathProblem(field: string): string | null {
  if (!field.trim()) return 'Enter a field API name.';
  return fieldPathPattern.test(field.trim()) ? null : 'Use an API name such as Industry, Customer_Id__c or Owner.Name.';
}

export function initialFormState(
  settings: SalesforceSyncSettingsFragment | null,
  firstGroupType: string | undefined,
): SalesforceFormState {
  return {
    enabled: settings?.enabled ?? true,
    instanceUrl: settings?.instanceUrl ?? '',
    loginUrl: settings?.loginUrl ?? '',
    apiVersion: settings?.apiVersion ?? '62.0',
    authFlow: settings?.authFlow ?? 'REFRESH_TOKEN',
    clientId: settings?.clientId ?? '',
    accessToken: '',
    refreshToken: '',
    clientSecret: '',
    groupType: settings?.groupType ?? firstGroupType ?? '',
    objectName: settings?.objectName ?? 'Account',
    matchField: settings?.matchField ?? 'Id',
    nameField: settings?.nameField ?? 'Name',
    fieldMappings: settings?.fieldMappings.map((mapping) => ({ ...mapping })) ?? [],
    intervalDays: settings?.intervalDays ?? 1,
    hourly: settings?.hourly ?? false,
  };
}

/** Problems the form can see without the server, by input name. */
export function formProblems(state: SalesforceFormState): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!state.instanceUrl.trim()) problems.instanceUrl = 'Enter the My Domain URL, e.g. https://acme.my.salesforce.com.';
  if (!state.groupType) problems.groupType = 'Choose the group type to sync.';
  const matchProblem = fieldPathProblem(state.matchField);
  if (matchProblem) problems.matchField = matchProblem;
  if (state.nameField.trim()) {
    const nameProblem = fieldPathProblem(state.nameField);
    if (nameProblem) problems.nameField = nameProblem;
  }
  const properties = new Set<string>();
  state.fieldMappings.forEach((mapping, index) => {
    const problem = fieldPathProblem(mapping.field);
    if (problem) problems[`mapping-${index}`] = problem;
    const property = (mapping.property.trim() || mapping.field.trim()).toLowerCase();
    if (properties.has(property)) problems[`mapping-${index}`] = 'Another field already writes this property.';
    properties.add(property);
  });
  if (!Number.isInteger(state.intervalDays) || state.intervalDays < 1 || state.intervalDays > 365)
    problems.intervalDays = 'The interval is a whole number of days from 1 to 365.';
  return problems;
}

export function toSyncInput(state: SalesforceFormState): SalesforceSyncInput {
  const secrets = Object.fromEntries(
    credentialsOfFlow[state.authFlow]
      .map((name) => [name, state[name].trim()] as const)
      .filter(([, value]) => value !== ''),
  );
  return {
    enabled: state.enabled,
    instanceUrl: state.instanceUrl.trim(),
    loginUrl: state.loginUrl.trim() || null,
    apiVersion: state.apiVersion.trim() || null,
    authFlow: state.authFlow,
    clientId: state.clientId.trim() || null,
    groupType: state.groupType,
    objectName: state.objectName.trim() || null,
    matchField: state.matchField.trim() || null,
    nameField: state.nameField.trim() || null,
    fieldMappings: state.fieldMappings.map((mapping) => ({
      field: mapping.field.trim(),
      property: mapping.property.trim() || null,
    })),
    intervalDays: state.intervalDays,
    hourly: state.hourly,
    credentials: Object.keys(secrets).length ? secrets : null,
  };
}
