'use client';
// Microscope on a retention cell in a side panel: the units born in the cohort that returned in
// the cell's period (retained) or did not (lost), paged by cursor, the whole list as CSV, and
// (counted by groups) the list saved as a cohort.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { ErrorView, LoadingView, QueryView } from '@/components/state-views';
import {
  type RetentionCellInput,
  type RetentionCellStatus,
  type RetentionInput,
  RetentionMicroscopeDocument,
} from '@/generated/graphql';
import { formatDay, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { SaveAsCohort } from '../../cohorts/components/save-as-cohort';
import type { SelectedCell } from './retention-result';
import { CursorPageButtons, useCursorPages } from '@/components/cursor-pages';

const pageSize = 25;

export function RetentionMicroscopePanel({
  query,
  cell,
  onClose,
}: {
  query: RetentionInput;
  cell: SelectedCell;
  onClose(): void;
}) {
  const [status, setStatus] = useState<RetentionCellStatus>('RETAINED');
  const input: RetentionCellInput = {
    query,
    cohort: cell.cohort,
    offset: cell.offset,
    ...(cell.breakdown ? { breakdown: cell.breakdown } : {}),
    status,
  };
  const pages = useCursorPages();
  const after = pages.after;
  const microscope = useGraphqlQuery(RetentionMicroscopeDocument, { cell: input, first: pageSize, after });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const countsPeople = query.countedBy === 'PEOPLE';
  const csvHref = `/analysis/retention-microscope.csv?cell=${encodeURIComponent(JSON.stringify(input))}`;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const choose = (next: RetentionCellStatus) => {
    setStatus(next);
    pages.reset();
  };

  return (
    <aside className="side-panel" aria-labelledby="microscope-heading" data-testid="microscope">
      <div className="panel-header">
        <h2 id="microscope-heading" tabIndex={-1} ref={headingRef}>
          Microscope
        </h2>
        <button type="button" className="link-button" onClick={onClose}>
          Close<span className="visually-hidden"> Microscope</span>
        </button>
      </div>
      <p className="muted">{cell.label}</p>
      {/* biome-ignore lint/a11y/useSemanticElements: toggle buttons need only the grouping, not a fieldset's frame. */}
      <div className="segmented" role="group" aria-label="Which units">
        {(['RETAINED', 'LOST'] as const).map((option) => (
          <button key={option} type="button" aria-pressed={status === option} onClick={() => choose(option)}>
            {option === 'RETAINED' ? 'Retained' : 'Lost'}
          </button>
        ))}
      </div>
      <a className="button" href={csvHref} download="retention.csv" data-testid="microscope-csv">
        Download CSV
      </a>
      {countsPeople ? null : (
        // Keyed by status: a name typed for the retained list is not offered for the lost one.
        <SaveAsCohort
          key={status}
          list={{ kind: 'retention', cell: input }}
          defaultName={`${cell.label}: ${status === 'RETAINED' ? 'retained' : 'lost'}`}
        />
      )}
      <QueryView
        query={microscope}
        loading={<LoadingView label="Loading the list…" rows={4} />}
        failure={(error, retry) => (
          <ErrorView title="Could not open this cell" message={error.message} onRetry={retry} />
        )}
        isEmpty={(data) => data.retentionMicroscope.totalCount === 0}
        empty={
          <p className="muted">{status === 'RETAINED' ? 'Nobody returned in this period.' : 'Nobody was lost here.'}</p>
        }
        success={({ retentionMicroscope: list }) => (
          <>
            <p data-testid="microscope-count">
              {formatInteger(list.totalCount)}{' '}
              {countsPeople
                ? list.totalCount === 1
                  ? 'person'
                  : 'people'
                : list.totalCount === 1
                  ? 'group'
                  : 'groups'}{' '}
              {status === 'RETAINED' ? 'retained' : 'lost'}
            </p>
            <table className="data-table microscope-table">
              <thead>
                <tr>
                  <th scope="col">{countsPeople ? 'Person' : 'Group'}</th>
                  <th scope="col">Born on</th>
                  <th scope="col">Return events</th>
                </tr>
              </thead>
              <tbody>
                {list.edges.map(({ node }) => (
                  <tr key={node.id} data-member-value={node.value ?? node.userId ?? node.deviceId ?? ''}>
                    <th scope="row">
                      {node.groupPath ? <Link href={node.groupPath}>{node.name}</Link> : node.name}
                      {node.value && node.value !== node.name ? (
                        <span className="muted small"> {node.value}</span>
                      ) : null}
                    </th>
                    <td>{formatDay(node.bornOn, { dateStyle: 'medium' })}</td>
                    <td data-events={node.returnEvents}>{formatInteger(node.returnEvents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CursorPageButtons pages={pages} pageInfo={list.pageInfo} />
          </>
        )}
      />
    </aside>
  );
}
