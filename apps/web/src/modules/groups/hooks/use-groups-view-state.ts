'use client';
// The Groups view lives in the URL (range, sort, filters, search, page) so a view can be shared
// or bookmarked. Updates go through history.replaceState, which Next keeps in sync with
// useSearchParams without a server round trip: a sort change costs one GraphQL request only.
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import {
  defaultRangeSelection,
  parseRangeSelection,
  rangeSelectionParams,
  trendLabels,
  type RangeSelection,
} from '@leadmaps/shared';
import type { GroupSortField, SortDirection, TrendLabel } from '@/generated/graphql';

export const sortFields: GroupSortField[] = [
  'KEY_ACTIONS',
  'EVENTS',
  'ACTIVE_PEOPLE',
  'PEOPLE_ON_RECORD',
  'SESSIONS',
  'TREND_PERCENT',
  'LAST_SEEN',
  'NAME',
];
export const pageSizes = [25, 50, 100] as const;

/** The range part (`range`, `from`, `to`) is the one the company detail page reads too. */
export interface GroupsViewState extends RangeSelection {
  groupType: string | null;
  sortField: GroupSortField;
  sortDirection: SortDirection;
  trends: TrendLabel[];
  atRiskOnly: boolean;
  search: string;
  /** Only members of this cohort (the chip beside the trend filters). */
  cohortId: number | null;
  page: number;
  after: string | null;
  pageSize: number;
}

export const defaultViewState: GroupsViewState = {
  groupType: null,
  ...defaultRangeSelection,
  sortField: 'KEY_ACTIONS',
  sortDirection: 'DESC',
  trends: [],
  atRiskOnly: false,
  search: '',
  cohortId: null,
  page: 1,
  after: null,
  pageSize: 50,
};

export function parseViewState(params: URLSearchParams): GroupsViewState {
  const sortField = params.get('sort') as GroupSortField | null;
  const pageSize = Number(params.get('size'));
  const page = Number(params.get('page'));
  const after = params.get('after');
  return {
    groupType: params.get('type') || null,
    ...parseRangeSelection(params),
    sortField: sortField && sortFields.includes(sortField) ? sortField : defaultViewState.sortField,
    sortDirection:
      params.get('dir') === 'asc' ? 'ASC' : params.get('dir') === 'desc' ? 'DESC' : defaultSortDirection(sortField),
    trends: (params.get('trend') ?? '').split(',').filter(isTrendLabel),
    atRiskOnly: params.get('risk') === '1',
    search: params.get('q') ?? '',
    cohortId: /^\d{1,9}$/.test(params.get('cohort') ?? '') ? Number(params.get('cohort')) : null,
    page: after && Number.isInteger(page) && page > 1 ? page : 1,
    after: after && page > 1 ? after : null,
    pageSize: (pageSizes as readonly number[]).includes(pageSize) ? pageSize : defaultViewState.pageSize,
  };
}

function isTrendLabel(value: string): value is TrendLabel {
  return (trendLabels as readonly string[]).includes(value);
}

/** Names read best A→Z; every number reads best largest first. */
export function defaultSortDirection(field: GroupSortField | null): SortDirection {
  return field === 'NAME' ? 'ASC' : 'DESC';
}

export function serializeViewState(state: GroupsViewState): string {
  const params = new URLSearchParams();
  if (state.groupType) params.set('type', state.groupType);
  for (const [name, value] of Object.entries(rangeSelectionParams(state))) params.set(name, value);
  if (state.sortField !== defaultViewState.sortField) params.set('sort', state.sortField);
  if (state.sortDirection !== defaultSortDirection(state.sortField))
    params.set('dir', state.sortDirection.toLowerCase());
  if (state.trends.length) params.set('trend', state.trends.join(','));
  if (state.atRiskOnly) params.set('risk', '1');
  if (state.search) params.set('q', state.search);
  if (state.cohortId !== null) params.set('cohort', String(state.cohortId));
  if (state.pageSize !== defaultViewState.pageSize) params.set('size', String(state.pageSize));
  if (state.page > 1 && state.after) {
    params.set('page', String(state.page));
    params.set('after', state.after);
  }
  return params.toString();
}

export function useGroupsViewState() {
  const searchParams = useSearchParams();
  const serialized = searchParams.toString();
  const state = useMemo(() => parseViewState(new URLSearchParams(serialized)), [serialized]);

  const update = useCallback((changes: Partial<GroupsViewState>, options: { keepPage?: boolean } = {}) => {
    const current = parseViewState(new URLSearchParams(window.location.search));
    const next = { ...current, ...changes };
    // Any change of what is shown starts again at the first page.
    if (!options.keepPage) {
      next.page = 1;
      next.after = null;
    }
    const query = serializeViewState(next);
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }, []);

  return { state, update };
}
