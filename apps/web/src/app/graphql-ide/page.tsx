import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { GraphqlIde } from '@/modules/graphql-ide/components/graphql-ide';

export const metadata: Metadata = { title: 'GraphQL' };

export default function GraphqlIdeRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading the GraphQL IDE…" rows={6} />}>
      <GraphqlIde />
    </Suspense>
  );
}
