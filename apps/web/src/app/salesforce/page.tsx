import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { SalesforcePage } from '@/modules/salesforce/components/salesforce-page';

export const metadata: Metadata = { title: 'Salesforce sync' };

export default function SalesforceRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading the Salesforce sync…" rows={6} />}>
      <SalesforcePage />
    </Suspense>
  );
}
