import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { PeopleSearchPage } from '@/modules/people/components/people-search-page';

export const metadata: Metadata = { title: 'People' };

export default function PeopleRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading people…" rows={6} />}>
      <PeopleSearchPage />
    </Suspense>
  );
}
