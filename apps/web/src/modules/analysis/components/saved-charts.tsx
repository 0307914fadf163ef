'use client';
// Saved charts of the project: listed and reopened from here. Saving needs an admin session (one
// opened with the project's secret key); a read-only session is told why instead of being offered
// a button that can only fail. The server refuses the mutation to it either way.
import { type FormEvent, useState } from 'react';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { SaveChartDocument, type SaveChartInput, type SavedChartKind, SavedChartsDocument } from '@/generated/graphql';
import { formatDateTime } from '@/lib/format';
import { useGraphqlMutation } from '@/lib/graphql-mutation';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { useViewer } from '@/modules/auth/use-viewer';
import { type ChartDefinition, type ChartKind, definitionFromJson } from '../chart-definition';

const noVariables = {};
const savedKinds: Record<SavedChartKind, ChartKind> = {
  SEGMENTATION: 'segmentation',
  COMPOSITION: 'composition',
  FUNNEL: 'funnel',
  RETENTION: 'retention',
};

export function SavedCharts({
  current,
  onOpen,
}: {
  current: ChartDefinition;
  onOpen(definition: ChartDefinition): void;
}) {
  const saved = useGraphqlQuery(SavedChartsDocument, noVariables);
  const viewer = useViewer();
  return (
    <section className="saved-charts" aria-labelledby="saved-charts-heading">
      <h2 id="saved-charts-heading">Saved charts</h2>
      {viewer.isAdmin ? (
        <SaveChartForm current={current} onSaved={saved.refetch} />
      ) : viewer.data ? (
        <p className="hint" data-testid="save-unavailable">
          Saving is not available: this session is read-only (it was opened with a read key or a sign-in link). Sign out
          and sign in with the project secret key (<code>lm_secret_…</code>) to save charts.
        </p>
      ) : null}
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

/** The field of SaveChartInput that carries a definition of this kind. */
function definitionField(definition: ChartDefinition): Omit<SaveChartInput, 'name' | 'id'> {
  switch (definition.kind) {
    case 'segmentation':
      return { segmentation: definition.input };
    case 'composition':
      return { composition: definition.input };
    case 'funnel':
      return { funnel: definition.input };
    case 'retention':
      return { retention: definition.input };
  }
}

function SaveChartForm({ current, onSaved }: { current: ChartDefinition; onSaved(): void }) {
  const [name, setName] = useState('');
  const [savedName, setSavedName] = useState<string | null>(null);
  const save = useGraphqlMutation(SaveChartDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    const result = await save.run({
      input: {
        name: trimmed,
        ...definitionField(current),
      },
    });
    if (result) {
      setSavedName(result.saveChart.name);
      setName('');
      onSaved();
    }
  };
  return (
    <form className="save-chart-form" onSubmit={submit} data-testid="save-chart-form">
      <label>
        Save the chart shown as{' '}
        <input
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setSavedName(null);
          }}
          placeholder="Chart name"
          maxLength={200}
          required
        />
      </label>{' '}
      <button type="submit" disabled={save.isPending || !name.trim()}>
        {save.isPending ? 'Saving…' : 'Save chart'}
      </button>
      {save.error ? (
        <p role="alert" className="form-error">
          {save.error.message}
        </p>
      ) : null}
      {savedName ? (
        <p role="status" className="hint">
          Saved “{savedName}”.
        </p>
      ) : null}
    </form>
  );
}
