'use client';
// The funnel on the Analyze page, and beside it (on request) the same funnel counted by people, so
// the difference shows: a practice converts when its admin sends and a patient pays, no person does.
import { useState } from 'react';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { FunnelChartDocument, type FunnelInput } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { FunnelResult, type SelectedFunnelBar } from './funnel-result';

export interface FunnelSelection extends SelectedFunnelBar {
  query: FunnelInput;
}

export function FunnelView({ input, onSelect }: { input: FunnelInput; onSelect(selection: FunnelSelection): void }) {
  const [comparePeople, setComparePeople] = useState(false);
  const countsPeople = input.countedBy === 'PEOPLE';
  // The people funnel drops the breakdown: a person can belong to several groups.
  const { breakdown: _breakdown, ...withoutBreakdown } = input;
  const peopleInput: FunnelInput = { ...withoutBreakdown, countedBy: 'PEOPLE' };
  return (
    <div className="funnel-view">
      {countsPeople ? null : (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={comparePeople}
            onChange={(event) => setComparePeople(event.target.checked)}
            data-testid="compare-people"
          />
          Compare with the same funnel counted by people
        </label>
      )}
      <div className={comparePeople && !countsPeople ? 'funnel-compare' : undefined}>
        <FunnelChart input={input} onSelect={(bar) => onSelect({ ...bar, query: input })} />
        {comparePeople && !countsPeople ? (
          <FunnelChart input={peopleInput} onSelect={(bar) => onSelect({ ...bar, query: peopleInput })} />
        ) : null}
      </div>
    </div>
  );
}

function FunnelChart({ input, onSelect }: { input: FunnelInput; onSelect(bar: SelectedFunnelBar): void }) {
  const chart = useGraphqlQuery(FunnelChartDocument, { input });
  return (
    <section
      aria-label={input.countedBy === 'PEOPLE' ? 'Funnel counted by people' : 'Funnel counted by groups'}
      data-testid={input.countedBy === 'PEOPLE' ? 'funnel-people' : 'funnel-groups'}
    >
      <QueryView
        query={chart}
        loading={<LoadingView label="Following every unit through the steps…" rows={5} />}
        failure={(error, retry) => (
          <ErrorView title="Could not draw this funnel" message={error.message} onRetry={retry} />
        )}
        isEmpty={(data) => data.funnel.steps[0]?.count === 0}
        empty={
          <EmptyView title="Nobody did the first step in this range">
            <p className="muted">Widen the range or check the first step&apos;s event type.</p>
          </EmptyView>
        }
        success={(data) => (
          <div className={chart.isStale ? 'is-stale' : undefined}>
            <FunnelResult
              result={data.funnel}
              onSelect={onSelect}
              caption={
                data.funnel.countedBy === 'PEOPLE'
                  ? 'Counted by people'
                  : `Counted by ${data.funnel.groupType ?? ''} groups`
              }
            />
          </div>
        )}
      />
    </section>
  );
}
