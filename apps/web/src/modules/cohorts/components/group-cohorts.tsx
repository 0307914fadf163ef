'use client';
// The cohorts a group belongs to, on its page (its own small query, so the page's main read is unchanged).
import Link from 'next/link';
import { useMemo } from 'react';
import { ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { GroupCohortsDocument } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

export function GroupCohorts({ groupType, value }: { groupType: string; value: string }) {
  const variables = useMemo(() => ({ groupType, value }), [groupType, value]);
  const cohorts = useGraphqlQuery(GroupCohortsDocument, variables);
  return (
    <section className="panel" aria-labelledby="group-cohorts-heading" data-testid="group-cohorts">
      <h2 id="group-cohorts-heading">Cohorts</h2>
      <QueryView
        query={cohorts}
        loading={<LoadingView label="Loading cohorts…" rows={1} />}
        failure={(error, retry) => <ErrorView title="Could not load cohorts" message={error.message} onRetry={retry} />}
        isEmpty={(data) => (data.group?.cohorts.length ?? 0) === 0}
        empty={<p className="muted">In no cohort.</p>}
        success={(data) => (
          <ul>
            {data.group!.cohorts.map((cohort) => (
              <li key={cohort.id}>
                <Link href={`/cohorts/${cohort.id}`}>{cohort.name}</Link>{' '}
                <span className="muted small">{cohort.kind === 'BEHAVIORAL' ? 'behavioural' : 'static'}</span>
              </li>
            ))}
          </ul>
        )}
      />
    </section>
  );
}
