'use client';
// The run history, newest first, a page at a time: counts, errors and warnings of each run, and
// "Resume" on a failed one (it continues after the last batch the run committed).
import { useEffect, useState } from 'react';
import { EmptyView, QueryView } from '@/components/state-views';
import {
  ResumeSalesforceSyncRunDocument,
  type SalesforceSyncRunSummaryFragment,
  SalesforceSyncRunsDocument,
} from '@/generated/graphql';
import { formatDateTime, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { useMutation } from '../hooks/use-mutation';
import { MutationOutcomeMessage } from './mutation-outcome';

const pageSize = 10;
const runningRefreshMilliseconds = 2_000;

const statusPill = { RUNNING: 'pill pill-info', SUCCEEDED: 'pill pill-good', FAILED: 'pill pill-bad' } as const;

function describeScope(run: SalesforceSyncRunSummaryFragment): string {
  if (run.scope === 'GROUP') return `group ${run.groupValue ?? ''}`;
  if (run.scope === 'ALL') return 'all groups';
  return 'groups due';
}

export function SalesforceRuns({ reloadKey }: { reloadKey: number }) {
  // The cursors of the pages before the current one, so "Newer" goes back without a backwards cursor.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const runs = useGraphqlQuery(SalesforceSyncRunsDocument, { first: pageSize, after });
  const { refetch } = runs;
  // A run started elsewhere on the page shows here at once.
  useEffect(() => {
    if (reloadKey > 0) refetch();
  }, [reloadKey, refetch]);
  // "Sync now" answers as soon as the run starts: while a run is running, its counts are fetched
  // again every few seconds so it is seen finishing without pressing Refresh.
  const running = runs.data?.salesforceSyncRuns.nodes.some((run) => run.status === 'RUNNING') ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(refetch, runningRefreshMilliseconds);
    return () => window.clearInterval(timer);
  }, [running, refetch]);
  return (
    <section aria-labelledby="salesforce-runs-heading">
      <div className="panel-header">
        <h2 id="salesforce-runs-heading">Runs</h2>
        <button type="button" className="button" onClick={runs.refetch}>
          Refresh
        </button>
      </div>
      <QueryView
        query={runs}
        loading={<p className="hint">Loading runs…</p>}
        isEmpty={(data) => data.salesforceSyncRuns.nodes.length === 0 && after === null}
        empty={
          <EmptyView title="No runs yet">
            <p>The daily job runs after activation; “Sync now” starts a run at once.</p>
          </EmptyView>
        }
        success={(data) => (
          <div className={runs.isStale ? 'is-stale' : undefined}>
            <div className="table-scroll">
              <table className="data-table" data-testid="salesforce-runs">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Status</th>
                    <th scope="col">Started</th>
                    <th scope="col">Finished</th>
                    <th scope="col">Matched</th>
                    <th scope="col">Updated</th>
                    <th scope="col">Unmatched</th>
                    <th scope="col">Problems</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.salesforceSyncRuns.nodes.map((run) => (
                    <RunRow key={run.id} run={run} onResumed={runs.refetch} />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="pagination-buttons">
              <button
                type="button"
                className="button"
                disabled={cursors.length === 1}
                onClick={() => setCursors((previous) => previous.slice(0, -1))}
              >
                Newer
              </button>
              <button
                type="button"
                className="button"
                disabled={!data.salesforceSyncRuns.hasNextPage}
                onClick={() => setCursors((previous) => [...previous, data.salesforceSyncRuns.endCursor])}
              >
                Older
              </button>
            </div>
          </div>
        )}
      />
    </section>
  );
}

function RunRow({ run, onResumed }: { run: SalesforceSyncRunSummaryFragment; onResumed(): void }) {
  const resume = useMutation(ResumeSalesforceSyncRunDocument, onResumed);
  const problems = [...run.errors, ...run.warnings];
  return (
    <tr data-testid={`salesforce-run-${run.id}`}>
      <td>
        #{run.id} {run.trigger === 'MANUAL' ? 'manual' : 'scheduled'}, {describeScope(run)}
        <div className="hint">
          for {run.runDate}
          {run.attempts > 1 ? `, ${run.attempts} attempts` : ''}
        </div>
      </td>
      <td>
        <span className={statusPill[run.status]}>{run.status.toLowerCase()}</span>
      </td>
      <td>{formatDateTime(run.startedAt as string)}</td>
      <td>{formatDateTime(run.finishedAt as string | null)}</td>
      <td>{formatInteger(run.groupsMatched)}</td>
      <td>{formatInteger(run.groupsUpdated)}</td>
      <td>
        {run.groupsUnmatched === 0 ? (
          '0'
        ) : (
          <details>
            <summary>{formatInteger(run.groupsUnmatched)}</summary>
            <p className="small">{run.unmatchedValues.join(', ')}</p>
          </details>
        )}
      </td>
      <td>
        {problems.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="small">
            {run.errors.map((error) => (
              <li key={`error-${error}`} className="tone-bad">
                {error}
              </li>
            ))}
            {run.warnings.map((warning) => (
              <li key={`warning-${warning}`} className="tone-warn">
                {warning}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {run.status === 'FAILED' ? (
          <>
            <button
              type="button"
              className="button"
              disabled={resume.pending}
              onClick={() => void resume.run({ id: run.id })}
            >
              Resume
            </button>
            <MutationOutcomeMessage outcome={resume.outcome} doneText="Resumed." />
          </>
        ) : null}
      </td>
    </tr>
  );
}
