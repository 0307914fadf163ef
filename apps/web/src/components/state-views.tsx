// Every data view shows one of these while it has no data to show: loading, failure or empty.
import type { ReactNode } from 'react';

export function LoadingView({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div className="state-view state-loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="skeleton-line" style={{ width: `${90 - index * 12}%` }} />
      ))}
    </div>
  );
}

export function ErrorView({ title = 'Could not load this', message, onRetry }: { title?: string; message: string; onRetry?: () => void }) {
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
