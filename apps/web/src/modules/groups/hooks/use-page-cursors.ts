'use client';
// Pages of a connection are reached through opaque cursors, so "Previous" can only step back to a
// page whose cursor was seen on the way forward. The trail belongs to one view (same range, sort,
// filters and page size): a new view starts a new trail. It lives in a ref and is written from
// event handlers only, never during render.
import { useCallback, useRef } from 'react';

interface CursorTrail {
  viewKey: string;
  /** Page number → the cursor the page starts after (page 1 has none). */
  cursors: Map<number, string>;
}

export function usePageCursors(viewKey: string) {
  const trail = useRef<CursorTrail | null>(null);

  const trailOfView = useCallback(() => {
    if (trail.current?.viewKey !== viewKey) trail.current = { viewKey, cursors: new Map() };
    return trail.current.cursors;
  }, [viewKey]);

  /** Call before moving on: the page shown now (and its cursor) and the next page with its cursor. */
  const rememberPages = useCallback(
    (pages: Array<{ page: number; after: string | null }>) => {
      const cursors = trailOfView();
      for (const { page, after } of pages) if (page > 1 && after) cursors.set(page, after);
    },
    [trailOfView],
  );

  const cursorOfPage = useCallback((page: number) => trailOfView().get(page), [trailOfView]);

  return { rememberPages, cursorOfPage };
}
