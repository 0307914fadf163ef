'use client';
// The Salesforce sync page: settings, schedule and "sync now", runs, export and import. Reads work
// for every session; changes need an admin session (signed in with the secret key): the server
// refuses them to a read-only one, and the refusal says so under the button.
import { useCallback, useState } from 'react';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { SalesforceSyncPageDocument } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { SalesforceRuns } from './salesforce-runs';
import { SalesforceSchedule } from './salesforce-schedule';
import { SalesforceSettingsForm } from './salesforce-settings-form';
import { SalesforceTransfer } from './salesforce-transfer';

export function SalesforcePage() {
  const page = useGraphqlQuery(SalesforceSyncPageDocument, {});
  const [runsReload, setRunsReload] = useState(0);
  const { refetch } = page;
  const reloadRuns = useCallback(() => setRunsReload((count) => count + 1), []);
  const reloadAll = useCallback(() => {
    refetch();
    setRunsReload((count) => count + 1);
  }, [refetch]);
  // The form is remounted with what the server stored after a save, which would drop its own
  // "saved" message: the page remembers that the last reload came from a save.
  const [justSaved, setJustSaved] = useState(false);
  const reloadSaved = useCallback(() => {
    setJustSaved(true);
    reloadAll();
  }, [reloadAll]);
  const reloadImported = useCallback(() => {
    setJustSaved(false);
    reloadAll();
  }, [reloadAll]);

  return (
    <div className="salesforce-page">
      <div className="page-header">
        <div>
          <h1>Salesforce sync</h1>
          <p className="subtitle">Copies fields of Salesforce records into group properties, on an interval.</p>
        </div>
      </div>
      <QueryView
        query={page}
        loading={<LoadingView label="Loading the Salesforce sync…" rows={6} />}
        failure={(error, retry) => (
          <ErrorView title="Could not load the Salesforce sync" message={error.message} onRetry={retry} />
        )}
        success={(data) => {
          const settings = data.salesforceSync;
          return (
            <>
              {settings ? (
                <SalesforceSchedule settings={settings} onRunStarted={reloadRuns} />
              ) : (
                <EmptyView title="The Salesforce sync is not set up">
                  <p>Fill in the connection and what to copy below, then save. Nothing runs until it is saved.</p>
                </EmptyView>
              )}
              <section aria-labelledby="salesforce-settings-heading">
                <h2 id="salesforce-settings-heading">Settings</h2>
                {/* Keyed by the saved version so a save or an import shows what the server stored. */}
                <SalesforceSettingsForm
                  key={String(settings?.updatedAt ?? 'new')}
                  settings={settings}
                  groupTypes={data.groupTypes}
                  justSaved={justSaved}
                  onSaved={reloadSaved}
                />
              </section>
              <SalesforceRuns reloadKey={runsReload} />
              <SalesforceTransfer configured={settings !== null} onImported={reloadImported} />
            </>
          );
        }}
      />
    </div>
  );
}
