'use client';
import { useCallback, useMemo } from 'react';
import { GroupsTableDocument, type GroupsTableQueryVariables } from '@/generated/graphql';
import { EmptyView, ErrorView, LoadingView } from '@/components/state-views';
import { presetRange } from '@/lib/date-range';
import { capitalize, formatDayRange, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { useGroupsViewState, type GroupsViewState } from '../hooks/use-groups-view-state';
import { useWorkspace, WorkspaceProvider, type GroupTypeInfo } from '../hooks/use-workspace';
import { CsvDownloadButton } from './csv-download-button';
import { DateRangePicker } from './date-range-picker';
import { GroupsFilters } from './groups-filters';
import { GroupsTable } from './groups-table';
import { NoGroupsEmptyState } from './no-groups-empty-state';
import { Pagination } from './pagination';
import { SummaryStrip } from './summary-strip';

export function GroupsPage() {
  return (
    <WorkspaceProvider>
      <GroupsView />
    </WorkspaceProvider>
  );
}

// Cursors of pages already visited, per view, so "Previous" can step back through opaque cursors.
const visitedCursors = new Map<string, Map<number, string>>();

function GroupsView() {
  const workspace = useWorkspace();
  const { state: view, update } = useGroupsViewState();

  if (workspace.error && !workspace.data) {
    return (
      <>
        <h1>Groups</h1>
        <ErrorView title="Could not load your groups" message={workspace.error.message} onRetry={workspace.refetch} />
      </>
    );
  }
  if (!workspace.data) {
    return (
      <>
        <h1>Groups</h1>
        <LoadingView label="Loading groups…" rows={6} />
      </>
    );
  }

  const { project, groupTypes } = workspace.data;
  const knownGroupTypes = groupTypes.filter((groupType) => groupType.groupCount > 0);
  if (!knownGroupTypes.length) {
    return (
      <>
        <h1>Groups</h1>
        <NoGroupsEmptyState hasGroupTypes={groupTypes.length > 0} />
      </>
    );
  }
  const groupType = knownGroupTypes.find((candidate) => candidate.name === view.groupType) ?? knownGroupTypes[0]!;
  return <GroupsOfType key={groupType.name} view={view} update={update} groupType={groupType} groupTypes={knownGroupTypes} timeZone={project.timeZone} keyActionsConfigured={project.keyActions.length > 0} />;
}

interface GroupsOfTypeProps {
  view: GroupsViewState;
  update(changes: Partial<GroupsViewState>, options?: { keepPage?: boolean }): void;
  groupType: GroupTypeInfo;
  groupTypes: GroupTypeInfo[];
  timeZone: string;
  keyActionsConfigured: boolean;
}

function GroupsOfType({ view, update, groupType, groupTypes, timeZone, keyActionsConfigured }: GroupsOfTypeProps) {
  const range = useMemo(
    () => (view.range === 'custom' && view.from && view.to ? { from: view.from, to: view.to } : presetRange(view.range === 'custom' ? '30' : view.range, timeZone)),
    [view.range, view.from, view.to, timeZone],
  );
  const baseVariables = useMemo(
    () => ({
      groupType: groupType.name,
      range,
      sort: { field: view.sortField, direction: view.sortDirection },
      filter: { trend: view.trends.length ? view.trends : null, atRisk: view.atRiskOnly ? true : null, search: view.search || null },
    }),
    [groupType.name, range, view.sortField, view.sortDirection, view.trends, view.atRiskOnly, view.search],
  );
  const variables: GroupsTableQueryVariables = useMemo(() => ({ ...baseVariables, first: view.pageSize, after: view.after }), [baseVariables, view.pageSize, view.after]);
  const groups = useGraphqlQuery(GroupsTableDocument, variables);

  const viewKey = JSON.stringify([baseVariables, view.pageSize]);
  const cursors = visitedCursors.get(viewKey) ?? new Map<number, string>();
  visitedCursors.set(viewKey, cursors);
  if (view.after) cursors.set(view.page, view.after);

  const onFilter = useCallback((changes: Partial<GroupsViewState>) => update(changes), [update]);
  const rangeQuery = new URLSearchParams(view.range === 'custom' ? { range: 'custom', from: range.from, to: range.to } : view.range === '30' ? {} : { range: view.range }).toString();
  const connection = groups.data?.groups;
  const hasFilters = view.trends.length > 0 || view.atRiskOnly || view.search !== '';
  const plural = groupType.displayPlural;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Groups</h1>
          <p className="subtitle">
            {connection ? (
              <>
                {formatDayRange(connection.range.from, connection.range.to)} <span className="muted">vs {formatDayRange(connection.previousRange.from, connection.previousRange.to)}</span>
              </>
            ) : (
              formatDayRange(range.from, range.to)
            )}
          </p>
        </div>
        <div className="page-actions">
          <label className="group-type-switcher">
            <span>Group type</span>
            <select value={groupType.name} onChange={(event) => update({ groupType: event.target.value, search: '' })} disabled={groupTypes.length < 2}>
              {groupTypes.map((candidate) => (
                <option key={candidate.name} value={candidate.name}>
                  {capitalize(candidate.displayPlural)} ({formatInteger(candidate.groupCount)})
                </option>
              ))}
            </select>
          </label>
          <DateRangePicker
            preset={view.range}
            from={range.from}
            to={range.to}
            onPreset={(preset) => update({ range: preset, from: null, to: null })}
            onCustom={(from, to) => update({ range: 'custom', from, to })}
          />
          <CsvDownloadButton variables={baseVariables} fileName={`leadmaps-${groupType.name}-${range.from}-to-${range.to}.csv`} />
        </div>
      </div>

      <SummaryStrip groupType={groupType.name} range={range} pluralLabel={plural} view={view} onFilter={onFilter} />
      <GroupsFilters view={view} onChange={onFilter} singularLabel={groupType.displaySingular} />

      {groups.error && !groups.isStale ? (
        <ErrorView title={`Could not load the ${plural.toLowerCase()}`} message={groups.error.message} onRetry={groups.refetch} />
      ) : !connection ? (
        <LoadingView label={`Loading ${plural.toLowerCase()}…`} rows={8} />
      ) : connection.totalCount === 0 && !groups.isStale ? (
        <EmptyView title={hasFilters ? `No ${plural.toLowerCase()} match these filters` : `No ${plural.toLowerCase()} in this range`}>
          {hasFilters ? (
            <button type="button" className="button" onClick={() => update({ trends: [], atRiskOnly: false, search: '' })}>
              Clear filters
            </button>
          ) : (
            <p>Try a longer date range.</p>
          )}
        </EmptyView>
      ) : (
        <>
          <GroupsTable
            rows={connection.edges.map((edge) => edge.node)}
            sortField={view.sortField}
            sortDirection={view.sortDirection}
            onSortChange={(field, direction) => update({ sortField: field, sortDirection: direction })}
            rangeQuery={rangeQuery}
            keyActionsConfigured={keyActionsConfigured}
            isBusy={groups.isFetching}
            caption={`${plural}, ranked by ${view.sortField.toLowerCase().replace(/_/g, ' ')}`}
          />
          <Pagination
            page={view.page}
            pageSize={view.pageSize}
            rowsOnPage={connection.edges.length}
            totalCount={connection.totalCount}
            hasNextPage={connection.pageInfo.hasNextPage}
            onPrevious={() => {
              const previousPage = view.page - 1;
              const cursor = cursors.get(previousPage);
              update(previousPage > 1 && cursor ? { page: previousPage, after: cursor } : { page: 1, after: null }, { keepPage: true });
            }}
            onNext={() => {
              if (connection.pageInfo.endCursor) update({ page: view.page + 1, after: connection.pageInfo.endCursor }, { keepPage: true });
            }}
            onPageSize={(size) => update({ pageSize: size })}
          />
          {groups.error ? (
            <p className="form-error" role="alert">
              Could not refresh: {groups.error.message}{' '}
              <button type="button" className="link-button" onClick={groups.refetch}>
                Retry
              </button>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
