'use client';
// The sync settings: connection (secrets write-only, shown only as set / not set), what is
// matched and copied, and the interval. Saving sends the whole configuration, as the API expects.
import { useState } from 'react';
import {
  type SalesforceAuthFlow,
  type SalesforceSyncSettingsFragment,
  SaveSalesforceSyncDocument,
} from '@/generated/graphql';
import { useMutation } from '../hooks/use-mutation';
import { MutationOutcomeMessage } from './mutation-outcome';
import { SalesforceFieldCheck } from './salesforce-field-check';
import { SalesforceFieldMappings } from './salesforce-field-mappings';
import {
  credentialLabels,
  credentialsOfFlow,
  formProblems,
  initialFormState,
  intervalChoices,
  type SalesforceFormState,
  toSyncInput,
} from './salesforce-form-state';

interface GroupTypeChoice {
  name: string;
  displayPlural: string;
  nameProperty: string;
  groupCount: number;
}

const authFlowLabels: Record<SalesforceAuthFlow, string> = {
  REFRESH_TOKEN: 'Refresh token (OAuth 2.0)',
  CLIENT_CREDENTIALS: 'Client credentials (OAuth 2.0)',
  ACCESS_TOKEN: 'Fixed access token (no renewal)',
};

export function SalesforceSettingsForm({
  settings,
  groupTypes,
  justSaved,
  onSaved,
}: {
  settings: SalesforceSyncSettingsFragment | null;
  groupTypes: GroupTypeChoice[];
  /** The settings shown were just saved from this form (before it was remounted with them). */
  justSaved: boolean;
  onSaved(): void;
}) {
  const [initialState] = useState<SalesforceFormState>(() => initialFormState(settings, groupTypes[0]?.name));
  const [state, setState] = useState<SalesforceFormState>(initialState);
  const [showProblems, setShowProblems] = useState(false);
  const save = useMutation(SaveSalesforceSyncDocument, onSaved);
  const problems = formProblems(state);
  const visibleProblems = showProblems ? problems : {};
  const set = <Key extends keyof SalesforceFormState>(key: Key, value: SalesforceFormState[Key]) =>
    setState((previous) => ({ ...previous, [key]: value }));
  const stored = new Set(settings?.storedCredentials ?? []);
  const customInterval = !state.hourly && !intervalChoices.some((choice) => choice.days === state.intervalDays);
  const intervalValue = state.hourly ? 'hourly' : customInterval ? 'custom' : String(state.intervalDays);
  const chooseInterval = (value: string) =>
    setState((previous) =>
      value === 'hourly'
        ? { ...previous, hourly: true }
        : { ...previous, hourly: false, intervalDays: value === 'custom' ? 14 : Number(value) },
    );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setShowProblems(true);
    if (Object.keys(problems).length) return;
    void save.run({ input: toSyncInput(state) });
  };

  const problemOf = (name: string) =>
    visibleProblems[name] ? (
      <span className="form-error" id={`${name}-problem`}>
        {visibleProblems[name]}
      </span>
    ) : null;
  const describedBy = (name: string) => (visibleProblems[name] ? `${name}-problem` : undefined);

  return (
    <form className="salesforce-form" onSubmit={submit} noValidate aria-label="Salesforce sync settings">
      <fieldset>
        <legend>Connection</legend>
        <label className="checkbox">
          <input type="checkbox" checked={state.enabled} onChange={(event) => set('enabled', event.target.checked)} />
          Sync on (switching on makes the next day’s job the first run)
        </label>
        <label>
          <span className="form-label">Instance URL (My Domain)</span>
          <input
            name="instanceUrl"
            type="url"
            value={state.instanceUrl}
            placeholder="https://acme.my.salesforce.com"
            aria-invalid={Boolean(visibleProblems.instanceUrl)}
            aria-describedby={describedBy('instanceUrl')}
            onChange={(event) => set('instanceUrl', event.target.value)}
          />
          {problemOf('instanceUrl')}
        </label>
        <label>
          <span className="form-label">Login URL (token endpoint; the instance URL when empty)</span>
          <input
            name="loginUrl"
            type="url"
            value={state.loginUrl}
            onChange={(event) => set('loginUrl', event.target.value)}
          />
        </label>
        <label>
          <span className="form-label">API version</span>
          <input
            name="apiVersion"
            value={state.apiVersion}
            onChange={(event) => set('apiVersion', event.target.value)}
          />
        </label>
        <label>
          <span className="form-label">Authentication</span>
          <select
            name="authFlow"
            value={state.authFlow}
            onChange={(event) => set('authFlow', event.target.value as SalesforceAuthFlow)}
          >
            {(Object.keys(authFlowLabels) as SalesforceAuthFlow[]).map((flow) => (
              <option key={flow} value={flow}>
                {authFlowLabels[flow]}
              </option>
            ))}
          </select>
        </label>
        {state.authFlow === 'ACCESS_TOKEN' ? null : (
          <label>
            <span className="form-label">Client id (connected app consumer key)</span>
            <input name="clientId" value={state.clientId} onChange={(event) => set('clientId', event.target.value)} />
          </label>
        )}
        {credentialsOfFlow[state.authFlow].map((name) => (
          <label key={name}>
            <span className="form-label">
              {credentialLabels[name]}{' '}
              <span
                className={stored.has(name) ? 'pill pill-good' : 'pill pill-muted'}
                data-testid={`credential-${name}`}
              >
                {stored.has(name) ? 'set' : 'not set'}
              </span>
            </span>
            <input
              name={name}
              type="password"
              autoComplete="off"
              value={state[name]}
              placeholder={stored.has(name) ? 'Stored: type to replace' : ''}
              onChange={(event) => set(name, event.target.value)}
            />
          </label>
        ))}
        <p className="hint">
          Secrets are write-only: they are never shown again. Typing any secret replaces every stored one; leaving them
          empty keeps what is stored.
        </p>
      </fieldset>

      <fieldset>
        <legend>What is synced</legend>
        <label>
          <span className="form-label">Group type</span>
          <select
            name="groupType"
            value={state.groupType}
            aria-describedby={describedBy('groupType')}
            onChange={(event) => set('groupType', event.target.value)}
          >
            {groupTypes.length === 0 ? <option value="">No group types yet</option> : null}
            {groupTypes.map((groupType) => (
              <option key={groupType.name} value={groupType.name}>
                {groupType.displayPlural} ({groupType.name}, {groupType.groupCount} groups)
              </option>
            ))}
          </select>
          {problemOf('groupType')}
        </label>
        <label>
          <span className="form-label">Salesforce object</span>
          <input
            name="objectName"
            value={state.objectName}
            onChange={(event) => set('objectName', event.target.value)}
          />
        </label>
        <label>
          <span className="form-label">Match field (holds the group value)</span>
          <input
            name="matchField"
            value={state.matchField}
            aria-invalid={Boolean(visibleProblems.matchField)}
            aria-describedby={describedBy('matchField')}
            onChange={(event) => set('matchField', event.target.value)}
          />
          {problemOf('matchField')}
        </label>
        <label>
          <span className="form-label">Name field (written to the group name; empty for none)</span>
          <input
            name="nameField"
            value={state.nameField}
            aria-invalid={Boolean(visibleProblems.nameField)}
            aria-describedby={describedBy('nameField')}
            onChange={(event) => set('nameField', event.target.value)}
          />
          {problemOf('nameField')}
        </label>
      </fieldset>

      <fieldset>
        <legend>Field mappings</legend>
        <SalesforceFieldMappings
          mappings={state.fieldMappings}
          problems={visibleProblems}
          onChange={(mappings) => set('fieldMappings', mappings)}
        />
        <SalesforceFieldCheck configured={settings !== null} objectName={state.objectName} fields={state} />
      </fieldset>

      <fieldset>
        <legend>Schedule</legend>
        <label>
          <span className="form-label">Update each group</span>
          <select name="interval" value={intervalValue} onChange={(event) => chooseInterval(event.target.value)}>
            <option value="hourly">Hourly (every group at every hour)</option>
            {intervalChoices.map((choice) => (
              <option key={choice.days} value={choice.days}>
                {choice.label}
              </option>
            ))}
            <option value="custom">Every N days</option>
          </select>
        </label>
        {customInterval ? (
          <label>
            <span className="form-label">Days between updates</span>
            <input
              name="intervalDays"
              type="number"
              min={1}
              max={365}
              value={state.intervalDays}
              aria-describedby={describedBy('intervalDays')}
              onChange={(event) => set('intervalDays', Number(event.target.value))}
            />
            {problemOf('intervalDays')}
          </label>
        ) : null}
      </fieldset>

      <div className="page-actions">
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
      <MutationOutcomeMessage outcome={save.outcome} doneText="Settings saved." />
      {justSaved && save.outcome.kind === 'idle' && state === initialState ? (
        <p className="hint" role="status">
          Settings saved.
        </p>
      ) : null}
    </form>
  );
}
