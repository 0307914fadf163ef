'use client';
// Microscope in a side panel: the groups (or people) behind one point, paged by cursor, each group
// linking to its page, and the whole list as CSV (the server streams it; no row cap here).
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { type ChartPointInput, MicroscopeDocument, type SegmentationInput } from '@/generated/graphql';
import { formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { SaveAsCohort } from '../../cohorts/components/save-as-cohort';
import type { SelectedPoint } from './segmentation-result';
import { CursorPageButtons, useCursorPages } from '@/components/cursor-pages';

const pageSize = 25;

export function MicroscopePanel({
  query,
  point,
  onClose,
}: {
  query: SegmentationInput;
  point: SelectedPoint;
  onClose(): void;
}) {
  const chartPoint: ChartPointInput = {
    query,
    seriesIndex: point.seriesIndex,
    bucket: point.bucket,
    ...(point.breakdown ? { breakdown: point.breakdown } : {}),
  };
  // Cursors of the pages before the current one, so "Previous" goes back without counting offsets.
  const pages = useCursorPages();
  const after = pages.after;
  const microscope = useGraphqlQuery(MicroscopeDocument, { point: chartPoint, first: pageSize, after });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const countsPeople = query.countedBy === 'PEOPLE';
  const csvHref = `/analysis/microscope.csv?point=${encodeURIComponent(JSON.stringify(chartPoint))}`;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

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
      <p className="muted">{point.label}</p>
      <a className="button" href={csvHref} download="microscope.csv" data-testid="microscope-csv">
        Download CSV
      </a>
      {countsPeople ? null : (
        <SaveAsCohort list={{ kind: 'segmentation', point: chartPoint }} defaultName={point.label} />
      )}
      <QueryView
        query={microscope}
        loading={<LoadingView label="Loading the list…" rows={4} />}
        failure={(error, retry) => (
          <ErrorView title="Could not open this point" message={error.message} onRetry={retry} />
        )}
        isEmpty={(data) => data.microscope.totalCount === 0}
        empty={<p className="muted">Nothing behind this point.</p>}
        success={({ microscope: list }) => (
          <>
            <p data-testid="microscope-count">
              {formatInteger(list.totalCount)}{' '}
              {countsPeople
                ? list.totalCount === 1
                  ? 'person'
                  : 'people'
                : list.totalCount === 1
                  ? 'group'
                  : 'groups'}
            </p>
            <table className="data-table microscope-table">
              <thead>
                <tr>
                  <th scope="col">{countsPeople ? 'Person' : 'Group'}</th>
                  <th scope="col">Events</th>
                  {countsPeople ? null : <th scope="col">People</th>}
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
                    <td data-events={node.events}>{formatInteger(node.events)}</td>
                    {countsPeople ? null : <td>{formatInteger(node.activePeople)}</td>}
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
