'use client';
// Runs one mutation on demand, with its pending state and error, for forms and buttons.
import { useCallback, useState } from 'react';
import type { TypedDocumentString } from '@/generated/graphql';
import { GraphqlRequestError, requestGraphql } from './graphql-client';
import { forgetRememberedResults } from './use-graphql-query';

export interface MutationState<TResult, TVariables> {
  run(variables: TVariables): Promise<TResult | null>;
  isPending: boolean;
  error: GraphqlRequestError | undefined;
  reset(): void;
}

export function useGraphqlMutation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
): MutationState<TResult, TVariables> {
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<GraphqlRequestError | undefined>(undefined);
  const run = useCallback(
    async (variables: TVariables) => {
      setIsPending(true);
      setError(undefined);
      try {
        const result = await requestGraphql(document, variables);
        forgetRememberedResults();
        return result;
      } catch (caught) {
        setError(caught instanceof GraphqlRequestError ? caught : new GraphqlRequestError(String(caught), undefined));
        return null;
      } finally {
        setIsPending(false);
      }
    },
    [document],
  );
  return { run, isPending, error, reset: useCallback(() => setError(undefined), []) };
}
