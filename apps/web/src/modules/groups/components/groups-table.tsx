'use client';
// The ranked table. TanStack Table owns the column model and sort state; the server owns the
// sorting, filtering and paging (manualSorting): only the visible page of rows is ever fetched.
import { useTable, type SortingState, type Updater } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { GroupRowFragment, GroupSortField, SortDirection } from '@/generated/graphql';
import { buildGroupColumns, groupTableFeatures, isSortField, numericColumns } from './group-columns';

const noRows: GroupRowFragment[] = [];

export interface GroupsTableProps {
  rows: GroupRowFragment[] | undefined;
  sortField: GroupSortField;
  sortDirection: SortDirection;
  onSortChange(field: GroupSortField, direction: SortDirection): void;
  rangeQuery: string;
  keyActionsConfigured: boolean;
  isBusy: boolean;
  caption: string;
}

export function GroupsTable({
  rows,
  sortField,
  sortDirection,
  onSortChange,
  rangeQuery,
  keyActionsConfigured,
  isBusy,
  caption,
}: GroupsTableProps) {
  const columns = useMemo(
    () => buildGroupColumns({ rangeQuery, keyActionsConfigured }),
    [rangeQuery, keyActionsConfigured],
  );
  const sorting = useMemo<SortingState>(
    () => [{ id: sortField, desc: sortDirection === 'DESC' }],
    [sortField, sortDirection],
  );

  const table = useTable({
    features: groupTableFeatures,
    columns,
    data: rows ?? noRows,
    getRowId: (group) => `${group.groupType}:${group.value}`,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: true,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first && isSortField(first.id)) onSortChange(first.id, first.desc ? 'DESC' : 'ASC');
    },
  });

  return (
    <div className="table-scroll">
      <table className="data-table groups-table" aria-busy={isBusy} data-busy={isBusy ? 'true' : undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((headerGroup) => (
            <tr key={headerGroup.id}>
              {headerGroup.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                const className = numericColumns.has(header.column.id) ? 'numeric' : undefined;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={className}
                    data-column={header.column.id}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {canSort ? (
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                        <table.FlexRender header={header} />
                        <span className="sort-indicator" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-group-value={row.original.value}
              data-at-risk={row.original.atRisk ? 'true' : 'false'}
            >
              {row.getAllCells().map((cell) => (
                <td
                  key={cell.id}
                  className={numericColumns.has(cell.column.id) ? 'numeric' : undefined}
                  data-column={cell.column.id}
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
