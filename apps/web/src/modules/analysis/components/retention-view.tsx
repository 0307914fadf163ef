'use client';
// The retention chart's query with its loading, empty and failure states (analyze-page.tsx shows it).
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { RetentionChartDocument, type RetentionInput } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { RetentionResult, type SelectedCell } from './retention-result';

export function RetentionView({
  input,
  onSelectCell,
}: {
  input: RetentionInput;
  onSelectCell(cell: SelectedCell): void;
}) {
  const chart = useGraphqlQuery(RetentionChartDocument, { input });
  return (
    <QueryView
      query={chart}
      loading={<LoadingView label="Following cohorts…" rows={6} />}
      failure={(error, retry) => (
        <ErrorView title="Could not compute this retention" message={error.message} onRetry={retry} />
      )}
      isEmpty={(data) => data.retention.total.born === 0}
      empty={
        <EmptyView title="Nobody was born in this range">
          <p className="muted">No start event matches in the range. Widen the range or change the start event.</p>
        </EmptyView>
      }
      success={(data) => (
        <div className={chart.isStale ? 'is-stale' : undefined}>
          <RetentionResult result={data.retention} onSelectCell={onSelectCell} />
        </div>
      )}
    />
  );
}
