'use client';
// A small query hook: fetches when the variables change, keeps the previous result on screen while
// the next one loads (a sort change must not blank the table), aborts superseded requests and
// remembers recent results so going back to a view is instant.
import { TimeBoundCache } from '@leadmaps/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '@/generated/graphql';
import { GraphqlRequestError, loginUrlReturningHere, requestGraphql } from './graphql-client';

// Results by document and variables: the most recent views, and only while they are fresh, since
// analytics move as events arrive (a view older than this is fetched again). Written only from
// effects; render only peeks, which leaves the recency order alone.
const resultCache = new TimeBoundCache<object>({ maximumEntries: 60, lifetimeMilliseconds: 5 * 60_000 });

/** After a change (a mutation), every remembered result may be out of date: fetch afresh. */
export function forgetRememberedResults(): void {
  resultCache.clear();
}

export interface QueryState<TResult> {
  data: TResult | undefined;
  error: GraphqlRequestError | undefined;
  /** True while the first result for these variables is on its way. */
  isFetching: boolean;
  /** True when `data` belongs to earlier variables (shown dimmed while the new page loads). */
  isStale: boolean;
  refetch(): void;
}

interface QueryResultState<TResult> {
  /** The key the result (or failure) belongs to; null before the first one. */
  key: string | null;
  data: TResult | undefined;
  error: GraphqlRequestError | undefined;
}

export function useGraphqlQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const key = `${document.toString()}\n${JSON.stringify(variables)}`;
  const [state, setState] = useState<QueryResultState<TResult>>(() => {
    const cached = resultCache.peek(key) as TResult | undefined;
    return { key: cached === undefined ? null : key, data: cached, error: undefined };
  });
  const [reloadCount, setReloadCount] = useState(0);
  const variablesRef = useRef(variables);
  variablesRef.current = variables;

  useEffect(() => {
    const cached = reloadCount === 0 ? resultCache.get(key) : undefined;
    if (cached !== undefined) {
      setState({ key, data: cached as TResult, error: undefined });
      return;
    }
    const controller = new AbortController();
    requestGraphql(document, variablesRef.current, controller.signal).then(
      (data) => {
        resultCache.set(key, data as object);
        setState({ key, data, error: undefined });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const requestError =
          error instanceof GraphqlRequestError ? error : new GraphqlRequestError(String(error), undefined);
        if (requestError.isUnauthenticated) {
          window.location.assign(loginUrlReturningHere());
          return;
        }
        setState((previous) => ({ key, data: previous.data, error: requestError }));
      },
    );
    return () => controller.abort();
  }, [document, key, reloadCount]);

  const refetch = useCallback(() => setReloadCount((count) => count + 1), []);
  const isCurrent = state.key === key;
  return {
    data: state.data,
    error: isCurrent ? state.error : undefined,
    isFetching: !isCurrent,
    isStale: !isCurrent && state.data !== undefined,
    refetch,
  };
}
