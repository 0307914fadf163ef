import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { GroupDetailPage } from '@/modules/groups/components/detail/group-detail-page';

export const metadata: Metadata = { title: 'Company' };

export default function GroupDetailRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading the company…" rows={8} />}>
      <GroupDetailPage />
    </Suspense>
  );
}
