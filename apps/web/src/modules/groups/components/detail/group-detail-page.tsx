'use client';
import Link from 'next/link';
import { useParams, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { GroupDetailDocument } from '@/generated/graphql';
import { EmptyView, ErrorView, LoadingView } from '@/components/state-views';
import { presetRange } from '@/lib/date-range';
import { formatDateTime, formatDayRange, formatInteger, formatPercentChange, formatRelativeTime } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { parseViewState } from '../../hooks/use-groups-view-state';
import { useWorkspace, WorkspaceProvider } from '../../hooks/use-workspace';
import { DateRangePicker } from '../date-range-picker';
import { RiskBadge } from '../risk-badge';
import { Sparkline, TrendPill } from '../trend';
import { ActivityChart, WeeklyActiveUsersChart } from './activity-chart';
import { PeopleTable } from './people-table';
import { PropertiesPanel } from './properties-panel';
import { RecentEvents } from './recent-events';

export function GroupDetailPage() {
  return (
    <WorkspaceProvider>
      <GroupDetailView />
    </WorkspaceProvider>
  );
}

function GroupDetailView() {
  const params = useParams<{ groupType: string; value: string }>();
  const groupType = decodeURIComponent(params.groupType);
  const value = decodeURIComponent(params.value);
  const searchParams = useSearchParams();
  const view = parseViewState(new URLSearchParams(searchParams.toString()));
  const workspace = useWorkspace();
  const timeZone = workspace.data?.project.timeZone;
  const [interval, setInterval] = useState<'DAY' | 'WEEK'>('DAY');

  const range = useMemo(() => {
    if (view.range === 'custom' && view.from && view.to) return { from: view.from, to: view.to };
    return timeZone ? presetRange(view.range === 'custom' ? '30' : view.range, timeZone) : null;
  }, [view.range, view.from, view.to, timeZone]);
  const detail = useGraphqlQuery(GroupDetailDocument, { groupType, value, range, interval }, { skip: !range });

  const setRangeQuery = (query: Record<string, string>) => {
    const next = new URLSearchParams(query).toString();
    window.history.replaceState(null, '', next ? `?${next}` : window.location.pathname);
  };
  const listQuery = new URLSearchParams({ type: groupType, ...(view.range === '30' ? {} : { range: view.range }), ...(view.range === 'custom' && view.from && view.to ? { from: view.from, to: view.to } : {}) }).toString();
  const backLink = (
    <Link href={`/groups?${listQuery}`} className="back-link">
      ← All groups
    </Link>
  );

  const failure = workspace.error ?? detail.error;
  if (failure && !detail.data) {
    return (
      <>
        {backLink}
        <ErrorView title="Could not load this company" message={failure.message} onRetry={workspace.error ? workspace.refetch : detail.refetch} />
      </>
    );
  }
  if (!detail.data || !range) {
    return (
      <>
        {backLink}
        <h1>{value}</h1>
        <LoadingView label="Loading the company…" rows={8} />
      </>
    );
  }
  const group = detail.data.group;
  if (!group) {
    return (
      <>
        {backLink}
        <EmptyView title="No such company">
          <p>
            No group of type <code>{groupType}</code> with value <code>{value}</code> exists in this project.
          </p>
        </EmptyView>
      </>
    );
  }

  const { summary } = group;
  return (
    <article className="group-detail" aria-busy={detail.isFetching} data-busy={detail.isStale ? 'true' : undefined}>
      {backLink}
      <div className="page-header">
        <div>
          <h1>{summary.name}</h1>
          <p className="subtitle">
            <span className="muted">
              {summary.groupType} · {summary.value}
            </span>{' '}
            · last seen{' '}
            <time dateTime={summary.lastSeen ?? undefined} title={formatDateTime(summary.lastSeen)}>
              {formatRelativeTime(summary.lastSeen)}
            </time>
          </p>
        </div>
        <div className="page-actions">
          <DateRangePicker
            preset={view.range}
            from={range.from}
            to={range.to}
            onPreset={(preset) => setRangeQuery(preset === '30' ? {} : { range: preset })}
            onCustom={(from, to) => setRangeQuery({ range: 'custom', from, to })}
          />
        </div>
      </div>

      <section className="health" aria-label="Health">
        <div className="health-trend">
          <TrendPill label={summary.trend.label} />
          <span className="trend-percent">{formatPercentChange(summary.trend.percentChange)}</span>
          <span className="muted">
            {formatInteger(summary.trend.current)} {summary.trend.metric === 'KEY_ACTIONS' ? 'key actions' : 'events'} vs {formatInteger(summary.trend.previous)} in the previous{' '}
            {formatInteger(daysBetween(range.from, range.to))} days
          </span>
          <Sparkline points={summary.sparkline} metric={summary.trend.metric} width={160} height={32} />
        </div>
        {summary.atRisk ? (
          <div className="risk-reasons" role="note" data-testid="risk-reasons">
            <RiskBadge atRisk reasons={summary.riskReasons} />
            <ul>
              {summary.riskReasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="muted">Not at risk.</p>
        )}
      </section>

      <section className="stat-cards" aria-label="Totals for the range">
        <Stat label="Active people" value={summary.activePeople} detail={`of ${formatInteger(summary.peopleOnRecord)} on record`} />
        <Stat label="Key actions" value={summary.keyActions} />
        <Stat label="Events" value={summary.events} />
        <Stat label="Sessions" value={summary.sessions} />
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>Activity</h2>
          <div className="segmented" role="group" aria-label="Interval">
            {(['DAY', 'WEEK'] as const).map((option) => (
              <button key={option} type="button" aria-pressed={interval === option} onClick={() => setInterval(option)}>
                {option === 'DAY' ? 'Daily' : 'Weekly'}
              </button>
            ))}
          </div>
        </div>
        <p className="muted small">{formatDayRange(range.from, range.to)}</p>
        {group.activity.length ? <ActivityChart points={group.activity} interval={interval} /> : <p className="muted">No activity in this range.</p>}
      </section>

      <div className="two-columns">
        <section className="panel">
          <h2>Weekly active people</h2>
          {group.weeklyActiveUsers.length ? <WeeklyActiveUsersChart points={group.weeklyActiveUsers} /> : <p className="muted">No activity yet.</p>}
        </section>
        <section className="panel">
          <h2>Properties</h2>
          <PropertiesPanel properties={group.properties} history={group.propertyHistory} />
        </section>
      </div>

      <section className="panel">
        <h2>
          People <span className="muted small">({formatInteger(summary.peopleOnRecord)} on record)</span>
        </h2>
        <PeopleTable people={group.people} />
      </section>

      <section className="panel">
        <h2>Recent events</h2>
        <RecentEvents events={group.recentEvents} />
      </section>
    </article>
  );
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function Stat({ label, value, detail }: { label: string; value: number; detail?: string }) {
  return (
    <div className="summary-card">
      <span className="summary-value">{formatInteger(value)}</span>
      <span className="summary-label">{label}</span>
      {detail ? <span className="summary-detail">{detail}</span> : null}
    </div>
  );
}
