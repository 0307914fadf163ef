import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { GroupsPage } from '@/modules/groups/components/groups-page';

export const metadata: Metadata = { title: 'Groups' };

export default function GroupsRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading groups…" rows={6} />}>
      <GroupsPage />
    </Suspense>
  );
}
