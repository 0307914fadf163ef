'use client';
import { useCallback, useMemo } from 'react';
import { GroupsTableDocument, type GroupsTableQueryVariables } from '@/generated/graphql';
import { rangeSelectionParams, resolveRange } from '@leadmaps/shared';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { capitalize, formatDayRange, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { useGroupsViewState, type GroupsViewState } from '../hooks/use-groups-view-state';
import { usePageCursors } from '../hooks/use-page-cursors';
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

function GroupsView() {
  const workspace = useWorkspace();
  const { state: view, update } = useGroupsViewState();
  const heading = <h1>Groups</h1>;

  return (
    <QueryView
      query={workspace}
      loading={
        <>
          {heading}
          <LoadingView label="Loading groups…" rows={6} />
        </>
      }
      failure={(error, retry) => (
        <>
          {heading}
          <ErrorView title="Could not load your groups" message={error.message} onRetry={retry} />
        </>
      )}
      isEmpty={(data) => groupTypesWithGroups(data.groupTypes).length === 0}
      empty={(data) => (
        <>
          {heading}
          <NoGroupsEmptyState hasGroupTypes={data.groupTypes.length > 0} />
        </>
      )}
      success={({ project, groupTypes }) => {
        const knownGroupTypes = groupTypesWithGroups(groupTypes);
        const groupType = knownGroupTypes.find((candidate) => candidate.name === view.groupType) ?? knownGroupTypes[0]!;
        return (
          <GroupsOfType
            key={groupType.name}
            view={view}
            update={update}
            groupType={groupType}
            groupTypes={knownGroupTypes}
            timeZone={project.timeZone}
            keyActionsConfigured={project.keyActions.length > 0}
          />
        );
      }}
    />
  );
}

function groupTypesWithGroups(groupTypes: GroupTypeInfo[]): GroupTypeInfo[] {
  return groupTypes.filter((groupType) => groupType.groupCount > 0);
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
    () => resolveRange({ range: view.range, from: view.from, to: view.to }, timeZone),
    [view.range, view.from, view.to, timeZone],
  );
  const baseVariables = useMemo(
    () => ({
      groupType: groupType.name,
      range,
      sort: { field: view.sortField, direction: view.sortDirection },
      filter: {
        trend: view.trends.length ? view.trends : null,
        atRisk: view.atRiskOnly ? true : null,
        search: view.search || null,
        cohortId: view.cohortId,
      },
    }),
    [
      groupType.name,
      range,
      view.sortField,
      view.sortDirection,
      view.trends,
      view.atRiskOnly,
      view.search,
      view.cohortId,
    ],
  );
  const variables: GroupsTableQueryVariables = useMemo(
    () => ({ ...baseVariables, first: view.pageSize, after: view.after }),
    [baseVariables, view.pageSize, view.after],
  );
  const groups = useGraphqlQuery(GroupsTableDocument, variables);
  const pageCursors = usePageCursors(JSON.stringify([baseVariables, view.pageSize]));

  const onFilter = useCallback((changes: Partial<GroupsViewState>) => update(changes), [update]);
  // Links to a company carry the range as resolved, so the detail page shows the same days.
  const rangeQuery = new URLSearchParams(rangeSelectionParams({ range: view.range, ...range })).toString();
  const connection = groups.data?.groups;
  const hasFilters = view.trends.length > 0 || view.atRiskOnly || view.search !== '' || view.cohortId !== null;
  const plural = groupType.displayPlural;
  const pluralLower = plural.toLowerCase();
  const clearFilters = () => update({ trends: [], atRiskOnly: false, search: '', cohortId: null });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Groups</h1>
          <p className="subtitle">
            {connection ? (
              <>
                {formatDayRange(connection.range.from, connection.range.to)}{' '}
                <span className="muted">
                  vs {formatDayRange(connection.previousRange.from, connection.previousRange.to)}
                </span>
              </>
            ) : (
              formatDayRange(range.from, range.to)
            )}
          </p>
        </div>
        <div className="page-actions">
          <label className="group-type-switcher">
            <span>Group type</span>
            <select
              value={groupType.name}
              onChange={(event) => update({ groupType: event.target.value, search: '' })}
              disabled={groupTypes.length < 2}
            >
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
          <CsvDownloadButton
            variables={baseVariables}
            rowCount={connection?.totalCount}
            fileName={`leadmaps-${groupType.name}-${range.from}-to-${range.to}.csv`}
          />
        </div>
      </div>

      <SummaryStrip groupType={groupType.name} range={range} pluralLabel={plural} view={view} onFilter={onFilter} />
      <GroupsFilters
        view={view}
        onChange={onFilter}
        singularLabel={groupType.displaySingular}
        groupType={groupType.name}
      />

      <QueryView
        query={groups}
        loading={<LoadingView label={`Loading ${pluralLower}…`} rows={8} />}
        failure={(error, retry) => (
          <ErrorView title={`Could not load the ${pluralLower}`} message={error.message} onRetry={retry} />
        )}
        isEmpty={(data) => data.groups.totalCount === 0}
        empty={
          <EmptyView title={hasFilters ? `No ${pluralLower} match these filters` : `No ${pluralLower} in this range`}>
            {hasFilters ? (
              <button type="button" className="button" onClick={clearFilters}>
                Clear filters
              </button>
            ) : (
              <p>Try a longer date range.</p>
            )}
          </EmptyView>
        }
        success={({ groups: shown }) => (
          <>
            <GroupsTable
              rows={shown.edges.map((edge) => edge.node)}
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
              rowsOnPage={shown.edges.length}
              totalCount={shown.totalCount}
              hasNextPage={shown.pageInfo.hasNextPage}
              onPrevious={() => {
                const previousPage = view.page - 1;
                const cursor = pageCursors.cursorOfPage(previousPage);
                const target =
                  previousPage > 1 && cursor ? { page: previousPage, after: cursor } : { page: 1, after: null };
                update(target, { keepPage: true });
              }}
              onNext={() => {
                const nextCursor = shown.pageInfo.endCursor;
                if (!nextCursor) return;
                pageCursors.rememberPages([
                  { page: view.page, after: view.after },
                  { page: view.page + 1, after: nextCursor },
                ]);
                update({ page: view.page + 1, after: nextCursor }, { keepPage: true });
              }}
              onPageSize={(size) => update({ pageSize: size })}
            />
          </>
        )}
      />
    </>
  );
}
