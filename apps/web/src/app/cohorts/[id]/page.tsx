import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { CohortDetailPage } from '@/modules/cohorts/components/cohort-detail-page';

export const metadata: Metadata = { title: 'Cohort' };

export default function CohortDetailRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading the cohort…" rows={6} />}>
      <CohortDetailPage />
    </Suspense>
  );
}
