import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingView } from '@/components/state-views';
import { AnalyzePage } from '@/modules/analysis/components/analyze-page';

export const metadata: Metadata = { title: 'Analyze' };

export default function AnalyzeRoute() {
  return (
    <Suspense fallback={<LoadingView label="Loading Analyze…" rows={6} />}>
      <AnalyzePage />
    </Suspense>
  );
}
