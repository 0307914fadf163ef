'use client';
// GraphiQL served by leadmaps itself: bundled into the web app (no CDN, fonts inlined in its CSS,
// CodeMirror 5 with no web workers), sending queries to this server's /graphql with the browser's
// session cookie, so no key is ever typed or stored here. The schema comes from the committed
// apps/api/schema.graphql (see scripts/codegen.mjs), so completion and docs work even where the
// server turns introspection off.
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { buildSchema } from 'graphql';
import { type ComponentProps, useMemo } from 'react';
import { apiSchemaSdl } from '@/generated/schema-sdl';
import { loginUrlReturningHere } from '@/lib/graphql-client';

const exampleQuery = `# Queries run against this project with your browser session (read-only).
# Ctrl-Enter runs the query; Ctrl-Space completes; the Docs button lists every field.
{
  groupTypes {
    name
    groupCount
  }
  users(first: 5) {
    totalCount
    edges {
      node {
        userId
        lastSeen
        groups {
          kind
          group { groupType value name }
        }
      }
    }
  }
}
`;

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

const sessionFetcher: Fetcher = async (params) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(params),
  });
  const body = await response.json().catch(() => ({
    errors: [{ message: `The server answered with status ${response.status}.` }],
  }));
  // An expired session: sign in again, then come back here.
  if (body?.errors?.some((error: { extensions?: { code?: string } }) => error.extensions?.code === 'UNAUTHENTICATED')) {
    window.location.assign(loginUrlReturningHere());
  }
  return body;
};

export function GraphqlIde() {
  const schema = useMemo(() => buildSchema(apiSchemaSdl), []);
  return (
    <div className="graphql-ide" data-testid="graphql-ide">
      <GraphiQL fetcher={sessionFetcher} schema={schema} defaultQuery={exampleQuery} isHeadersEditorEnabled={false} />
    </div>
  );
}
