// Every data view is in one of four states, as Redwood's cells are: Loading, Empty, Failure or
// Success. <QueryView> picks the state from a query's result; the views below are the standard
// look of the first three, which a view may replace with its own.
import type { ReactNode } from 'react';

/** What <QueryView> needs of a query (useGraphqlQuery's result fits). */
export interface QueryViewSource<TData> {
  data: TData | undefined;
  /** The failure of the current variables; undefined while they load or once they succeed. */
  error: Error | undefined;
  /** True when `data` belongs to earlier variables and the current ones are on their way. */
  isStale: boolean;
  refetch(): void;
}

export interface QueryViewProps<TData> {
  query: QueryViewSource<TData>;
  /** Shown until a first result arrives. */
  loading?: ReactNode;
  /** Replaces the standard error view; `retry` runs the query again. */
  failure?(error: Error, retry: () => void): ReactNode;
  /** Whether a result has nothing to show; judged on current results only (see below). */
  isEmpty?(data: TData): boolean;
  empty?: ReactNode | ((data: TData) => ReactNode);
  success(data: TData): ReactNode;
}

/**
 * The one place that decides what a data view shows. Failure wins (the current variables failed,
 * even if an earlier result is at hand: showing that one would pass it off as the answer). A
 * stale result, one that belongs to earlier variables, stays in Success while the next loads, so
 * a sort or filter change dims the table instead of blanking it or flashing an empty state.
 */
export function QueryView<TData>({ query, loading, failure, isEmpty, empty, success }: QueryViewProps<TData>) {
  const { data, error, refetch } = query;
  if (error) return <>{failure ? failure(error, refetch) : <ErrorView message={error.message} onRetry={refetch} />}</>;
  if (data === undefined) return <>{loading ?? <LoadingView />}</>;
  if (!query.isStale && isEmpty?.(data)) {
    return <>{typeof empty === 'function' ? empty(data) : (empty ?? <EmptyView title="Nothing to show yet" />)}</>;
  }
  return <>{success(data)}</>;
}

export function LoadingView({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div className="state-view state-loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed number of placeholders; the position is their identity.
        <div key={index} className="skeleton-line" style={{ width: `${90 - index * 12}%` }} />
      ))}
    </div>
  );
}

export function ErrorView({
  title = 'Could not load this',
  message,
  onRetry,
}: {
  title?: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <div className="state-view state-error" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function EmptyView({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state-view state-empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}
