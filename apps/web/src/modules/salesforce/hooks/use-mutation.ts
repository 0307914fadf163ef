'use client';
// Runs one GraphQL mutation from a button or form and keeps its outcome for the view. A refusal
// for a read-only session (FORBIDDEN) is told apart from other failures, since the fix is another
// sign-in rather than other input.
import { useCallback, useState } from 'react';
import type { TypedDocumentString } from '@/generated/graphql';
import { GraphqlRequestError, loginUrlReturningHere, requestGraphql } from '@/lib/graphql-client';

export type MutationOutcome =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'done' };

export const readOnlyRefusal =
  'This session is read-only, and the server refused the change: changing the Salesforce sync needs an admin session. Sign out and sign in with the project secret key (lm_secret_…).';

export function useMutation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  onDone?: (result: TResult) => void,
) {
  const [outcome, setOutcome] = useState<MutationOutcome>({ kind: 'idle' });
  const run = useCallback(
    async (variables: TVariables): Promise<TResult | undefined> => {
      setOutcome({ kind: 'pending' });
      try {
        const result = await requestGraphql(document, variables);
        setOutcome({ kind: 'done' });
        onDone?.(result);
        return result;
      } catch (error) {
        const requestError =
          error instanceof GraphqlRequestError ? error : new GraphqlRequestError(String(error), undefined);
        if (requestError.isUnauthenticated) {
          window.location.assign(loginUrlReturningHere());
          return undefined;
        }
        setOutcome(
          requestError.code === 'FORBIDDEN'
            ? { kind: 'refused', message: readOnlyRefusal }
            : { kind: 'failed', message: requestError.message },
        );
        return undefined;
      }
    },
    [document, onDone],
  );
  return { outcome, run, pending: outcome.kind === 'pending' };
}
