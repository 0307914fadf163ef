'use client';
// The settings audit log: every change, who made it (the kind of key or session) and its value
// before and after, newest first, a page at a time.
import { useEffect, useState } from 'react';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { type AuditActor, SettingsChangesDocument, type SettingsChangesQuery } from '@/generated/graphql';
import { formatDateTime } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

type Change = SettingsChangesQuery['settingsChanges']['edges'][number]['node'];

const actorNames: Record<AuditActor, string> = {
  ADMIN_SESSION: 'Admin session (web app)',
  SECRET_KEY: 'Secret key (API)',
  COMMAND_LINE: 'Command line',
};

const pageSize = 20;

export function AuditLog({ changeCount }: { changeCount: number }) {
  const [after, setAfter] = useState<string | null>(null);
  const [earlierPages, setEarlierPages] = useState<Change[]>([]);
  const changes = useGraphqlQuery(SettingsChangesDocument, { first: pageSize, after });
  const { refetch } = changes;
  // A new change goes on top: start again from the newest page.
  useEffect(() => {
    if (changeCount === 0) return;
    setAfter(null);
    setEarlierPages([]);
    refetch();
  }, [changeCount, refetch]);
  return (
    <section className="settings-section" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Change log</h2>
      <QueryView
        query={changes}
        loading={<LoadingView label="Loading the change log…" rows={3} />}
        failure={(error, retry) => (
          <ErrorView title="Could not load the change log" message={error.message} onRetry={retry} />
        )}
        isEmpty={(data) => data.settingsChanges.edges.length === 0 && earlierPages.length === 0}
        empty={<EmptyView title="No settings changed yet" />}
        success={(data) => {
          const rows = [...earlierPages, ...data.settingsChanges.edges.map((edge) => edge.node)];
          const { hasNextPage, endCursor } = data.settingsChanges.pageInfo;
          return (
            <>
              <div className="table-scroll">
                <table className="data-table" data-testid="audit-log">
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">What</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((change) => (
                      <tr key={change.id} data-action={change.action}>
                        <td>{formatDateTime(change.createdAt)}</td>
                        <td>{actorNames[change.actor]}</td>
                        <td>
                          <code>{change.action}</code>
                          {change.subject ? ` (${change.subject})` : ''}
                        </td>
                        <td>
                          <code className="audit-value">{describeValue(change.before)}</code>
                        </td>
                        <td>
                          <code className="audit-value">{describeValue(change.after)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {hasNextPage && endCursor ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setEarlierPages(rows);
                    setAfter(endCursor);
                  }}
                >
                  Show older changes
                </button>
              ) : null}
            </>
          );
        }}
      />
    </section>
  );
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
