'use client';
// What this browser session may do. Pages use it only to offer or explain admin actions: the
// server refuses admin operations to read-only sessions whatever the page shows.
import { ViewerDocument, type ViewerQuery } from '@/generated/graphql';
import { useGraphqlQuery, type QueryState } from '@/lib/use-graphql-query';

const noVariables = {};

export function useViewer(): QueryState<ViewerQuery> & { isAdmin: boolean } {
  const viewer = useGraphqlQuery(ViewerDocument, noVariables);
  return { ...viewer, isAdmin: viewer.data?.viewer.access === 'ADMIN' };
}

export const readOnlyExplanation =
  'This session is read-only: it was opened with a read key or a sign-in link. Sign out and sign in with the project secret key (lm_secret_…) to change settings.';
