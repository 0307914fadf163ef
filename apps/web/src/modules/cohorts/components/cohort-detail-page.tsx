'use client';
// One cohort: its members (paged), its size over time, who entered and left, and the CSV download.
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { CohortDetailDocument } from '@/generated/graphql';
import { formatDateTime, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

export function CohortDetailPage() {
  const params = useParams<{ id: string }>();
  const id = Number(params.id);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const variables = useMemo(() => ({ id, after: cursors.at(-1) ?? null }), [id, cursors]);
  const detail = useGraphqlQuery(CohortDetailDocument, variables);
  if (!Number.isInteger(id)) return <EmptyView title="No such cohort" />;
  return (
    <QueryView
      query={detail}
      loading={<LoadingView label="Loading the cohort…" rows={6} />}
      failure={(error, retry) => (
        <ErrorView title="Could not load the cohort" message={error.message} onRetry={retry} />
      )}
      isEmpty={(data) => data.cohort === null}
      empty={
        <EmptyView title="No such cohort">
          <Link href="/cohorts">All cohorts</Link>
        </EmptyView>
      }
      success={(data) => {
        const cohort = data.cohort!;
        const sizes = cohort.sizeHistory.map((entry) => ({ time: formatDateTime(entry.computedAt), size: entry.size }));
        return (
          <>
            <div className="page-header">
              <div>
                <p className="muted small">
                  <Link href="/cohorts">Cohorts</Link> / {cohort.groupType}
                </p>
                <h1 data-testid="cohort-title">{cohort.name}</h1>
                <p className="subtitle">
                  {cohort.kind === 'BEHAVIORAL' ? 'Behavioural' : 'Static'} ·{' '}
                  <span data-testid="cohort-size">{formatInteger(cohort.size)}</span> groups · computed{' '}
                  {formatDateTime(cohort.computedAt)}
                </p>
                {cohort.lastError ? <p className="error-text">Last recompute failed: {cohort.lastError}</p> : null}
              </div>
              <div className="page-actions">
                <Link
                  className="button"
                  href={`/groups?type=${encodeURIComponent(cohort.groupType)}&cohort=${cohort.id}`}
                >
                  Show on the Groups page
                </Link>{' '}
                <a
                  className="button"
                  href={cohort.csvPath}
                  download={`cohort-${cohort.id}.csv`}
                  data-testid="cohort-csv"
                >
                  Download CSV
                </a>
              </div>
            </div>
            <section aria-labelledby="cohort-size-heading">
              <h2 id="cohort-size-heading">Size over time</h2>
              {sizes.length < 2 ? (
                <p className="muted">Computed {sizes.length === 1 ? 'once' : 'never'} so far.</p>
              ) : (
                <div style={{ height: 200 }}>
                  <ResponsiveContainer>
                    <LineChart data={sizes}>
                      <XAxis dataKey="time" />
                      <YAxis allowDecimals={false} />
                      <Tooltip />
                      <Line dataKey="size" isAnimationActive={false} />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
              )}
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Computed</th>
                    <th scope="col">Size</th>
                  </tr>
                </thead>
                <tbody>
                  {cohort.sizeHistory.map((entry) => (
                    <tr key={entry.computedAt}>
                      <td>{formatDateTime(entry.computedAt)}</td>
                      <td className="numeric">{formatInteger(entry.size)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="cohort-members-heading">
              <h2 id="cohort-members-heading">Members ({formatInteger(cohort.members.totalCount)})</h2>
              {cohort.members.edges.length === 0 ? (
                <EmptyView title="No members" />
              ) : (
                <table className="data-table" data-testid="cohort-members">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Value</th>
                      <th scope="col">Entered</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cohort.members.edges.map(({ node }) => (
                      <tr key={node.value}>
                        <td>
                          <Link href={node.groupPath}>{node.name}</Link>
                        </td>
                        <td>{node.value}</td>
                        <td>{formatDateTime(node.enteredAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <div className="pagination">
                <button
                  type="button"
                  className="button"
                  disabled={cursors.length < 2}
                  onClick={() => setCursors(cursors.slice(0, -1))}
                >
                  Previous
                </button>{' '}
                <button
                  type="button"
                  className="button"
                  disabled={!cohort.members.pageInfo.hasNextPage}
                  onClick={() => setCursors([...cursors, cohort.members.pageInfo.endCursor])}
                >
                  Next
                </button>
              </div>
            </section>
            <section aria-labelledby="cohort-changes-heading">
              <h2 id="cohort-changes-heading">Entered and left</h2>
              <ul data-testid="cohort-changes">
                {cohort.membershipChanges.edges.map(({ node }) => (
                  <li key={`${node.value}-${node.changedAt}-${node.entered}`}>
                    {formatDateTime(node.changedAt)}: <Link href={node.groupPath}>{node.name}</Link>{' '}
                    {node.entered ? 'entered' : 'left'}
                  </li>
                ))}
              </ul>
            </section>
          </>
        );
      }}
    />
  );
}
