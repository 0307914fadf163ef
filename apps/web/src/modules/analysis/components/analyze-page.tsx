'use client';
// The Analyze page: a chart definition (form ↔ URL), its chart and table, Microscope on a point
// and the saved charts. The definition in the URL is what runs; the form only proposes the next one.
import { useState } from 'react';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import {
  AnalysisGroupTypesDocument,
  CompositionChartDocument,
  type CompositionInput,
  SegmentationChartDocument,
  type SegmentationInput,
} from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import {
  type ChartDefinition,
  defaultDefinition,
  definitionToForm,
  formToDefinition,
  projectToday,
  serializeDefinition,
} from '../chart-definition';
import { useChartDefinition } from '../hooks/use-chart-definition';
import { ChartForm } from './chart-form';
import { CompositionResult } from './composition-result';
import { FunnelMicroscopePanel } from './funnel-microscope-panel';
import { type FunnelSelection, FunnelView } from './funnel-view';
import { MicroscopePanel } from './microscope-panel';
import { RetentionMicroscopePanel } from './retention-microscope-panel';
import { RetentionView } from './retention-view';
import type { SelectedCell } from './retention-result';
import { SavedCharts } from './saved-charts';
import { SegmentationResult, type SelectedPoint } from './segmentation-result';

const noVariables = {};

export function AnalyzePage() {
  const workspace = useGraphqlQuery(AnalysisGroupTypesDocument, noVariables);
  const heading = <h1>Analyze</h1>;
  return (
    <QueryView
      query={workspace}
      loading={
        <>
          {heading}
          <LoadingView label="Loading…" rows={6} />
        </>
      }
      failure={(error, retry) => (
        <>
          {heading}
          <ErrorView title="Could not load the project" message={error.message} onRetry={retry} />
        </>
      )}
      success={(data) => (
        <AnalyzeView
          today={projectToday(data.project.timeZone)}
          groupTypes={data.groupTypes.filter((groupType) => groupType.groupCount > 0)}
        />
      )}
    />
  );
}

function AnalyzeView({ today, groupTypes }: { today: string; groupTypes: { name: string; displayPlural: string }[] }) {
  const { definition: fromUrl, show } = useChartDefinition();
  const definition = fromUrl ?? defaultDefinition(today);
  const [point, setPoint] = useState<SelectedPoint | null>(null);
  const [funnelBar, setFunnelBar] = useState<FunnelSelection | null>(null);
  const [cell, setCell] = useState<SelectedCell | null>(null);
  const open = (next: ChartDefinition) => {
    setPoint(null);
    setFunnelBar(null);
    setCell(null);
    show(next);
  };
  const formKey = serializeDefinition(definition);

  return (
    <div className={point || funnelBar || cell ? 'analyze-layout with-panel' : 'analyze-layout'}>
      <div className="analyze-main">
        <div className="page-header">
          <h1>Analyze</h1>
        </div>
        {/* Keyed by the definition: opening a saved chart or going back refills the form. */}
        <ChartForm
          key={formKey}
          initial={definitionToForm(definition, today)}
          groupTypes={groupTypes}
          onSubmit={(form) => open(formToDefinition(form))}
        />
        <section aria-label="Chart" aria-live="polite" className="chart-panel">
          {definition.kind === 'funnel' ? (
            <FunnelView key={formKey} input={definition.input} onSelect={setFunnelBar} />
          ) : definition.kind === 'retention' ? (
            <RetentionView input={definition.input} onSelectCell={setCell} />
          ) : definition.kind === 'segmentation' ? (
            <SegmentationView input={definition.input} onSelectPoint={setPoint} />
          ) : (
            <CompositionView input={definition.input} />
          )}
        </section>
        <SavedCharts current={definition} onOpen={open} />
      </div>
      {point && definition.kind === 'segmentation' ? (
        <MicroscopePanel
          key={`${formKey}|${point.seriesIndex}|${point.bucket}|${point.breakdown?.kind}|${point.breakdown?.value}`}
          query={definition.input}
          point={point}
          onClose={() => setPoint(null)}
        />
      ) : null}
      {funnelBar && definition.kind === 'funnel' ? (
        <FunnelMicroscopePanel
          key={`${JSON.stringify(funnelBar.query)}|${funnelBar.step}|${funnelBar.outcome}|${funnelBar.breakdown?.kind}|${funnelBar.breakdown?.value}`}
          selection={funnelBar}
          onClose={() => setFunnelBar(null)}
        />
      ) : null}
      {cell && definition.kind === 'retention' ? (
        <RetentionMicroscopePanel
          key={`${formKey}|${cell.cohort}|${cell.offset}|${cell.breakdown?.kind}|${cell.breakdown?.value}`}
          query={definition.input}
          cell={cell}
          onClose={() => setCell(null)}
        />
      ) : null}
    </div>
  );
}

function SegmentationView({
  input,
  onSelectPoint,
}: {
  input: SegmentationInput;
  onSelectPoint(point: SelectedPoint): void;
}) {
  const chart = useGraphqlQuery(SegmentationChartDocument, { input });
  return (
    <QueryView
      query={chart}
      loading={<LoadingView label="Counting…" rows={6} />}
      failure={(error, retry) => (
        <ErrorView title="Could not draw this chart" message={error.message} onRetry={retry} />
      )}
      isEmpty={(data) => data.segmentation.series.every((series) => series.total === 0)}
      empty={
        <EmptyView title="Nothing matched in this range">
          <p className="muted">No events match these series and filters. Widen the range or change the event type.</p>
        </EmptyView>
      }
      success={(data) => (
        <div className={chart.isStale ? 'is-stale' : undefined}>
          <SegmentationResult result={data.segmentation} onSelectPoint={onSelectPoint} />
        </div>
      )}
    />
  );
}

function CompositionView({ input }: { input: CompositionInput }) {
  const chart = useGraphqlQuery(CompositionChartDocument, { input });
  return (
    <QueryView
      query={chart}
      loading={<LoadingView label="Counting…" rows={6} />}
      failure={(error, retry) => (
        <ErrorView title="Could not draw this chart" message={error.message} onRetry={retry} />
      )}
      isEmpty={(data) => data.composition.totalGroups === 0}
      empty={
        <EmptyView title="No groups to count">
          <p className="muted">No group of this type was active in the range. Try all groups or a wider range.</p>
        </EmptyView>
      }
      success={(data) => (
        <div className={chart.isStale ? 'is-stale' : undefined}>
          <CompositionResult result={data.composition} />
        </div>
      )}
    />
  );
}
