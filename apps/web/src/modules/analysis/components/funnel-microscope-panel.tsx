'use client';
// Microscope on a funnel bar: the groups (or people) behind it, paged by cursor, each with its
// measured chain — which member did which step and when — the whole list as CSV, and (counted by
// groups) the list saved as a cohort.
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { FunnelMicroscopeDocument, type FunnelPointInput } from '@/generated/graphql';
import { capitalize, formatDateTime, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { SaveAsCohort } from '../../cohorts/components/save-as-cohort';
import type { FunnelSelection } from './funnel-view';
import { CursorPageButtons, useCursorPages } from '@/components/cursor-pages';

const pageSize = 25;

export function FunnelMicroscopePanel({ selection, onClose }: { selection: FunnelSelection; onClose(): void }) {
  const point: FunnelPointInput = {
    query: selection.query,
    step: selection.step,
    outcome: selection.outcome,
    ...(selection.breakdown ? { breakdown: selection.breakdown } : {}),
  };
  const pages = useCursorPages();
  const after = pages.after;
  const microscope = useGraphqlQuery(FunnelMicroscopeDocument, { point, first: pageSize, after });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const countsPeople = selection.countedBy === 'PEOPLE';
  const csvHref = `/analysis/funnel-microscope.csv?point=${encodeURIComponent(JSON.stringify(point))}`;

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
      <p className="muted">{capitalize(selection.label)}</p>
      <a className="button" href={csvHref} download="funnel-microscope.csv" data-testid="microscope-csv">
        Download CSV
      </a>
      {countsPeople ? null : (
        <SaveAsCohort list={{ kind: 'funnel', point }} defaultName={capitalize(selection.label)} />
      )}
      <QueryView
        query={microscope}
        loading={<LoadingView label="Loading the list…" rows={4} />}
        failure={(error, retry) => (
          <ErrorView title="Could not open this bar" message={error.message} onRetry={retry} />
        )}
        isEmpty={(data) => data.funnelMicroscope.totalCount === 0}
        empty={<p className="muted">Nobody behind this bar.</p>}
        success={({ funnelMicroscope: list }) => (
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
                  <th scope="col">Step</th>
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
                      <ul className="funnel-chain" aria-label="Who did which step, and when">
                        {node.chain.map((link) => (
                          <li key={link.eventId} data-chain-step={link.step}>
                            Step {link.step}: {link.userId ?? link.deviceId ?? 'organisation-level event'},{' '}
                            {formatDateTime(link.time)}
                          </li>
                        ))}
                      </ul>
                    </th>
                    <td data-furthest-step={node.furthestStep}>{node.furthestStep}</td>
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
