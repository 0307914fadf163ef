'use client';
// The outcome line under a settings form: the server's message when saving failed, or "Saved".
import type { GraphqlRequestError } from '@/lib/graphql-client';

export function SavedNotice({ error, saved }: { error: GraphqlRequestError | undefined; saved: boolean }) {
  if (error) {
    return (
      <p className="form-error" role="alert">
        {error.message}
      </p>
    );
  }
  return saved ? (
    <p className="hint" role="status">
      Saved.
    </p>
  ) : null;
}
