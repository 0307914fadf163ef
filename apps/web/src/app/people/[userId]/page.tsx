import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { PersonPage } from '@/modules/people/components/person-page';

export const metadata: Metadata = { title: 'Person' };

export default function PersonRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading the person…" rows={8} />}>
      <PersonPage />
    </Suspense>
  );
}
