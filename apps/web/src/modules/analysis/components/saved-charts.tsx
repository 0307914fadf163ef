'use client';
// Saved charts of the project: listed and reopened from here. Saving needs the project's secret
// key, and a browser session only ever reads (even one signed in with the secret key), so the
// page says so instead of offering a button that can only fail.
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { type SavedChartKind, SavedChartsDocument } from '@/generated/graphql';
import { formatDateTime } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { type ChartDefinition, type ChartKind, definitionFromJson } from '../chart-definition';

const noVariables = {};
const savedKinds: Record<SavedChartKind, ChartKind> = {
  SEGMENTATION: 'segmentation',
  COMPOSITION: 'composition',
  FUNNEL: 'funnel',
  RETENTION: 'retention',
};

export function SavedCharts({ onOpen }: { onOpen(definition: ChartDefinition): void }) {
  const saved = useGraphqlQuery(SavedChartsDocument, noVariables);
  return (
    <section className="saved-charts" aria-labelledby="saved-charts-heading">
      <h2 id="saved-charts-heading">Saved charts</h2>
      <p className="hint" data-testid="save-unavailable">
        Saving is not available in the browser: this session is read-only. Save a chart with the project&apos;s secret
        key through the API (<code>saveChart</code>); every saved chart shows here.
      </p>
      <QueryView
        query={saved}
        loading={<LoadingView label="Loading saved charts…" rows={2} />}
        failure={(error, retry) => (
          <ErrorView title="Could not load saved charts" message={error.message} onRetry={retry} />
        )}
        isEmpty={(data) => data.savedCharts.length === 0}
        empty={<EmptyView title="No saved charts yet" />}
        success={(data) => (
          <ul className="saved-chart-list">
            {data.savedCharts.map((chart) => {
              const kind = savedKinds[chart.kind];
              const definition = definitionFromJson(kind, chart.definition);
              return (
                <li key={chart.id}>
                  <button
                    type="button"
                    className="link-button"
                    disabled={!definition}
                    onClick={() => definition && onOpen(definition)}
                  >
                    {chart.name}
                  </button>{' '}
                  <span className="muted small">
                    {kind} · updated {formatDateTime(chart.updatedAt)}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      />
    </section>
  );
}
