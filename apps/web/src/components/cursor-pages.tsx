'use client';
// Paging through a connection by cursor, forwards and back: the cursors of the pages before the
// current one are kept, so "Previous" needs no backwards cursor from the server.
import { useState } from 'react';

export interface CursorPages {
  /** The `after` argument of the current page (null: the first page). */
  after: string | null;
  hasPrevious: boolean;
  previous(): void;
  next(endCursor: string | null): void;
  /** Back to the first page (a new list). */
  reset(): void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1] ?? null,
    hasPrevious: cursors.length > 1,
    previous: () => setCursors((current) => current.slice(0, -1)),
    next: (endCursor) => setCursors((current) => [...current, endCursor]),
    reset: () => setCursors([null]),
  };
}

export function CursorPageButtons({
  pages,
  pageInfo,
}: {
  pages: CursorPages;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}) {
  return (
    <div className="pagination-buttons">
      <button type="button" className="button" disabled={!pages.hasPrevious} onClick={pages.previous}>
        Previous
      </button>
      <button
        type="button"
        className="button"
        disabled={!pageInfo.hasNextPage}
        onClick={() => pages.next(pageInfo.endCursor ?? null)}
      >
        Next
      </button>
    </div>
  );
}
