import { createColumnHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import Link from 'next/link';
import type { GroupRowFragment, GroupSortField } from '@/generated/graphql';
import { formatDateTime, formatInteger, formatRelativeTime } from '@/lib/format';
import { RiskBadge } from './risk-badge';
import { TrendCell } from './trend';

export const groupTableFeatures = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof groupTableFeatures, GroupRowFragment>();

/** Column ids are the API's sort fields, so a header click maps straight to a server sort. */
export const numericColumns = new Set<string>([
  'ACTIVE_PEOPLE',
  'PEOPLE_ON_RECORD',
  'KEY_ACTIONS',
  'EVENTS',
  'SESSIONS',
]);

export function isSortField(columnId: string): columnId is GroupSortField {
  return [
    'NAME',
    'ACTIVE_PEOPLE',
    'PEOPLE_ON_RECORD',
    'KEY_ACTIONS',
    'EVENTS',
    'SESSIONS',
    'TREND_PERCENT',
    'LAST_SEEN',
  ].includes(columnId);
}

export function groupDetailHref(group: Pick<GroupRowFragment, 'groupType' | 'value'>, rangeQuery: string): string {
  const path = `/groups/${encodeURIComponent(group.groupType)}/${encodeURIComponent(group.value)}`;
  return rangeQuery ? `${path}?${rangeQuery}` : path;
}

export function buildGroupColumns(options: { rangeQuery: string; keyActionsConfigured: boolean }) {
  return helper.columns([
    helper.accessor('name', {
      id: 'NAME',
      header: 'Name',
      sortDescFirst: false,
      cell: (info) => {
        const group = info.row.original;
        return (
          <div className="name-cell">
            <Link href={groupDetailHref(group, options.rangeQuery)} className="group-link">
              {group.name}
            </Link>
            {group.name !== group.value ? <span className="muted small">{group.value}</span> : null}
          </div>
        );
      },
    }),
    helper.accessor('activePeople', {
      id: 'ACTIVE_PEOPLE',
      header: 'Active',
      cell: (info) => formatInteger(info.getValue()),
    }),
    helper.accessor('peopleOnRecord', {
      id: 'PEOPLE_ON_RECORD',
      header: 'On record',
      cell: (info) => formatInteger(info.getValue()),
    }),
    helper.accessor('keyActions', {
      id: 'KEY_ACTIONS',
      header: 'Key actions',
      cell: (info) =>
        options.keyActionsConfigured ? (
          formatInteger(info.getValue())
        ) : (
          <span title="No key actions are configured for this project">—</span>
        ),
    }),
    helper.accessor('events', {
      id: 'EVENTS',
      header: 'Events',
      cell: (info) => formatInteger(info.getValue()),
    }),
    helper.accessor('sessions', {
      id: 'SESSIONS',
      header: 'Sessions',
      cell: (info) => formatInteger(info.getValue()),
    }),
    helper.accessor((group) => group.trend.percentChange, {
      id: 'TREND_PERCENT',
      header: 'Trend',
      cell: (info) => <TrendCell group={info.row.original} />,
    }),
    helper.accessor('lastSeen', {
      id: 'LAST_SEEN',
      header: 'Last seen',
      cell: (info) => {
        const lastSeen = info.getValue();
        return lastSeen ? (
          <time dateTime={lastSeen} title={formatDateTime(lastSeen)}>
            {formatRelativeTime(lastSeen)}
          </time>
        ) : (
          <span className="muted">never</span>
        );
      },
    }),
    helper.display({
      id: 'RISK',
      header: 'Risk',
      enableSorting: false,
      cell: (info) => <RiskBadge atRisk={info.row.original.atRisk} reasons={info.row.original.riskReasons} />,
    }),
  ]);
}
