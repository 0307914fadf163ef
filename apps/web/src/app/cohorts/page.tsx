import type { Metadata } from 'next';
import { CohortsPage } from '@/modules/cohorts/components/cohorts-page';

export const metadata: Metadata = { title: 'Cohorts' };

export default function CohortsRoute() {
  return <CohortsPage />;
}
