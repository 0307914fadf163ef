'use client';
// Project settings, for admin sessions (signed in with the secret key). A read-only session is
// told why it cannot use the page; the server refuses every change and the audit log to it anyway.
import { ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { SettingsPageDocument } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { readOnlyExplanation } from '@/modules/auth/use-viewer';
import { useState } from 'react';
import { AuditLog } from './audit-log';
import { KeyActionsForm, TrendThresholdsForm } from './figure-settings';
import { GroupTypeSettings, SegmentTraitsForm } from './group-type-settings';
import { ProjectNameForm, TimeZoneForm } from './general-settings';
import { KeysSettings } from './keys-settings';

const noVariables = {};

export function SettingsPage() {
  const settings = useGraphqlQuery(SettingsPageDocument, noVariables);
  // Bumped after every saved change so the audit log shows it.
  const [changeCount, setChangeCount] = useState(0);
  const changed = () => {
    setChangeCount((count) => count + 1);
    settings.refetch();
  };
  return (
    <div className="settings-page">
      <div className="page-header">
        <h1>Settings</h1>
      </div>
      <QueryView
        query={settings}
        loading={<LoadingView label="Loading settings…" rows={8} />}
        failure={(error, retry) => (
          <ErrorView title="Could not load settings" message={error.message} onRetry={retry} />
        )}
        success={(data) =>
          data.viewer.access !== 'ADMIN' ? (
            <div className="state-view state-empty" data-testid="settings-refused" role="alert">
              <strong>Settings need an admin session</strong>
              <p>{readOnlyExplanation}</p>
            </div>
          ) : (
            <>
              <section className="settings-section" aria-labelledby="general-heading">
                <h2 id="general-heading">Project</h2>
                <ProjectNameForm name={data.project.name} onSaved={changed} />
                <TimeZoneForm timeZone={data.project.timeZone} onFinished={changed} />
              </section>
              <section className="settings-section" aria-labelledby="figures-heading">
                <h2 id="figures-heading">How figures are counted</h2>
                <KeyActionsForm keyActions={data.project.keyActions} onSaved={changed} />
                <TrendThresholdsForm
                  steadyPercent={data.project.trendSteadyPercent}
                  sharpPercent={data.project.trendSharpPercent}
                  groupTypes={data.groupTypes}
                  onSaved={changed}
                />
              </section>
              <section className="settings-section" aria-labelledby="group-types-heading">
                <h2 id="group-types-heading">Group types</h2>
                <GroupTypeSettings groupTypes={data.groupTypes} onSaved={changed} />
                <SegmentTraitsForm
                  groupTypeTrait={data.project.segmentGroupTypeTrait}
                  groupValueTrait={data.project.segmentGroupValueTrait}
                  onSaved={changed}
                />
              </section>
              <KeysSettings onChanged={() => setChangeCount((count) => count + 1)} />
              <AuditLog changeCount={changeCount} />
            </>
          )
        }
      />
    </div>
  );
}
