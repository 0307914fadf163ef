// The web app's only way to the server: POST /graphql with the browser's session cookie.
// No API key ever lives in the browser; a missing or expired session sends the user to /login.
import type { TypedDocumentString } from '@/generated/graphql';

export class GraphqlRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GraphqlRequestError';
  }

  get isUnauthenticated(): boolean {
    return this.code === 'UNAUTHENTICATED';
  }
}

interface GraphqlResponseBody<TResult> {
  data?: TResult | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function requestGraphql<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new GraphqlRequestError(
      'Could not reach the leadmaps server. Check that it is running, then retry.',
      'NETWORK',
    );
  }
  const body = (await response.json().catch(() => null)) as GraphqlResponseBody<TResult> | null;
  const firstError = body?.errors?.[0];
  if (firstError) throw new GraphqlRequestError(firstError.message, firstError.extensions?.code);
  if (!response.ok || !body?.data) {
    throw new GraphqlRequestError(
      `The server answered with status ${response.status}. Retry in a moment.`,
      `HTTP_${response.status}`,
    );
  }
  return body.data;
}

export function loginUrlReturningHere(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return `/login?next=${encodeURIComponent(here)}`;
}
