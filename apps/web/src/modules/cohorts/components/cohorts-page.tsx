'use client';
// The Cohorts page: every cohort of groups, the behavioural editor with its preview, and a file import.
import Link from 'next/link';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { CohortListDocument, WorkspaceDocument } from '@/generated/graphql';
import { formatDateTime, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { CohortEditor } from './cohort-editor';
import { CohortImportForm } from './cohort-import-form';

const noVariables = {};

export function CohortsPage() {
  const cohorts = useGraphqlQuery(CohortListDocument, noVariables);
  const workspace = useGraphqlQuery(WorkspaceDocument, noVariables);
  const groupTypes = workspace.data?.groupTypes.map((groupType) => groupType.name) ?? [];
  return (
    <>
      <div className="page-header">
        <h1>Cohorts</h1>
      </div>
      <section aria-labelledby="cohort-list-heading">
        <h2 id="cohort-list-heading">Cohorts of groups</h2>
        <QueryView
          query={cohorts}
          loading={<LoadingView label="Loading cohorts…" rows={3} />}
          failure={(error, retry) => (
            <ErrorView title="Could not load cohorts" message={error.message} onRetry={retry} />
          )}
          isEmpty={(data) => data.cohorts.length === 0}
          empty={<EmptyView title="No cohorts yet">Create one below, or import a list of groups.</EmptyView>}
          success={(data) => (
            <table className="data-table" data-testid="cohort-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Group type</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Size</th>
                  <th scope="col">Computed</th>
                </tr>
              </thead>
              <tbody>
                {data.cohorts.map((cohort) => (
                  <tr key={cohort.id}>
                    <td>
                      <Link href={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
                      {cohort.lastError ? (
                        <span className="muted small" title={cohort.lastError}>
                          {' '}
                          (last recompute failed)
                        </span>
                      ) : null}
                    </td>
                    <td>{cohort.groupType}</td>
                    <td>{cohort.kind === 'BEHAVIORAL' ? 'behavioural' : 'static'}</td>
                    <td className="numeric">{formatInteger(cohort.size)}</td>
                    <td>{formatDateTime(cohort.computedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      </section>
      {workspace.data ? (
        <>
          <CohortEditor groupTypes={groupTypes} />
          <CohortImportForm groupTypes={groupTypes} onImported={cohorts.refetch} />
        </>
      ) : workspace.error ? (
        <ErrorView
          title="Could not load the group types"
          message={workspace.error.message}
          onRetry={workspace.refetch}
        />
      ) : (
        <LoadingView label="Loading the group types…" rows={2} />
      )}
    </>
  );
}
