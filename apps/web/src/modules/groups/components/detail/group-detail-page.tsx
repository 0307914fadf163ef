'use client';
import {
  describeTrendMetric,
  formatPercentChange,
  parseRangeSelection,
  rangeLength,
  rangeSelectionParams,
  resolveRange,
  type DayRange,
  type RangeSelection,
} from '@leadmaps/shared';
import Link from 'next/link';
import { useParams, useSearchParams } from 'next/navigation';
import { useMemo, useState, type ReactNode } from 'react';
import { GroupDetailDocument, type GroupDetailQuery } from '@/generated/graphql';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { formatDateTime, formatDayRange, formatInteger, formatRelativeTime } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { useWorkspace, WorkspaceProvider } from '../../hooks/use-workspace';
import { DateRangePicker } from '../date-range-picker';
import { RiskBadge } from '../risk-badge';
import { noComparison, Sparkline, TrendPill } from '../trend';
import { ActivityChart, WeeklyActiveUsersChart } from './activity-chart';
import { GroupRetention } from './group-retention';
import { PeopleTable } from './people-table';
import { GroupCohorts } from '../../../cohorts/components/group-cohorts';
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
  const selection = parseRangeSelection(searchParams);
  const workspace = useWorkspace();

  const listQuery = new URLSearchParams({ type: groupType, ...rangeSelectionParams(selection) }).toString();
  const frame: GroupDetailFrame = {
    groupType,
    value,
    backLink: (
      <Link href={`/groups?${listQuery}`} className="back-link">
        ← All groups
      </Link>
    ),
  };

  // The range's days depend on the project's time zone: the company loads once the workspace has.
  return (
    <QueryView
      query={workspace}
      loading={<GroupDetailLoading frame={frame} />}
      failure={(error, retry) => <GroupDetailFailure frame={frame} error={error} retry={retry} />}
      success={(data) => <GroupDetailOfRange frame={frame} selection={selection} timeZone={data.project.timeZone} />}
    />
  );
}

interface GroupDetailFrame {
  groupType: string;
  value: string;
  backLink: ReactNode;
}

function GroupDetailLoading({ frame }: { frame: GroupDetailFrame }) {
  return (
    <>
      {frame.backLink}
      <h1>{frame.value}</h1>
      <LoadingView label="Loading the company…" rows={8} />
    </>
  );
}

function GroupDetailFailure({ frame, error, retry }: { frame: GroupDetailFrame; error: Error; retry(): void }) {
  return (
    <>
      {frame.backLink}
      <ErrorView title="Could not load this company" message={error.message} onRetry={retry} />
    </>
  );
}

function NoSuchGroup({ frame }: { frame: GroupDetailFrame }) {
  return (
    <>
      {frame.backLink}
      <EmptyView title="No such company">
        <p>
          No group of type <code>{frame.groupType}</code> with value <code>{frame.value}</code> exists in this project.
        </p>
      </EmptyView>
    </>
  );
}

interface GroupDetailOfRangeProps {
  frame: GroupDetailFrame;
  selection: RangeSelection;
  timeZone: string;
}

function GroupDetailOfRange({ frame, selection, timeZone }: GroupDetailOfRangeProps) {
  const [interval, setInterval] = useState<'DAY' | 'WEEK'>('DAY');
  const range = useMemo(
    () => resolveRange({ range: selection.range, from: selection.from, to: selection.to }, timeZone),
    [selection.range, selection.from, selection.to, timeZone],
  );
  const variables = { groupType: frame.groupType, value: frame.value, range, interval };
  const detail = useGraphqlQuery(GroupDetailDocument, variables);

  const setRangeQuery = (next: RangeSelection) => {
    const query = new URLSearchParams(rangeSelectionParams(next)).toString();
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  };

  return (
    <QueryView
      query={detail}
      loading={<GroupDetailLoading frame={frame} />}
      failure={(error, retry) => <GroupDetailFailure frame={frame} error={error} retry={retry} />}
      isEmpty={(data) => data.group === null}
      empty={<NoSuchGroup frame={frame} />}
      success={({ group }) =>
        // A stale result stays on screen while another range loads; it may be of a missing company.
        group ? (
          <GroupDetailContent
            frame={frame}
            group={group}
            range={range}
            selection={selection}
            interval={interval}
            onInterval={setInterval}
            onRange={setRangeQuery}
            isFetching={detail.isFetching}
            isStale={detail.isStale}
          />
        ) : (
          <NoSuchGroup frame={frame} />
        )
      }
    />
  );
}

interface GroupDetailContentProps {
  frame: GroupDetailFrame;
  group: NonNullable<GroupDetailQuery['group']>;
  range: DayRange;
  selection: RangeSelection;
  interval: 'DAY' | 'WEEK';
  onInterval(interval: 'DAY' | 'WEEK'): void;
  onRange(selection: RangeSelection): void;
  isFetching: boolean;
  isStale: boolean;
}

function GroupDetailContent(props: GroupDetailContentProps) {
  const { frame, group, range, selection, interval, onInterval: setInterval, onRange, isFetching, isStale } = props;
  const { summary } = group;
  return (
    <article className="group-detail" aria-busy={isFetching} data-busy={isStale ? 'true' : undefined}>
      {frame.backLink}
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
            preset={selection.range}
            from={range.from}
            to={range.to}
            onPreset={(preset) => onRange({ range: preset, from: null, to: null })}
            onCustom={(from, to) => onRange({ range: 'custom', from, to })}
          />
        </div>
      </div>

      <section className="health" aria-label="Health">
        <div className="health-trend">
          <TrendPill label={summary.trend.label} />
          <span className="trend-percent">{formatPercentChange(summary.trend.percentChange, noComparison)}</span>
          <span className="muted">
            {formatInteger(summary.trend.current)} {describeTrendMetric(summary.trend.metric)} vs{' '}
            {formatInteger(summary.trend.previous)} in the previous {formatInteger(rangeLength(range))} days
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
        <Stat
          label="Active people"
          value={summary.activePeople}
          detail={`of ${formatInteger(summary.peopleOnRecord)} on record`}
        />
        <Stat label="Key actions" value={summary.keyActions} />
        <Stat label="Events" value={summary.events} />
        <Stat label="Sessions" value={summary.sessions} />
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>Activity</h2>
          {/* biome-ignore lint/a11y/useSemanticElements: a <fieldset> adds a border and padding; toggle buttons need only the grouping. */}
          <div className="segmented" role="group" aria-label="Interval">
            {(['DAY', 'WEEK'] as const).map((option) => (
              <button key={option} type="button" aria-pressed={interval === option} onClick={() => setInterval(option)}>
                {option === 'DAY' ? 'Daily' : 'Weekly'}
              </button>
            ))}
          </div>
        </div>
        <p className="muted small">{formatDayRange(range.from, range.to)}</p>
        {group.activity.length ? (
          <ActivityChart points={group.activity} interval={interval} />
        ) : (
          <p className="muted">No activity in this range.</p>
        )}
      </section>

      <section className="panel" aria-labelledby="group-retention-heading">
        <h2 id="group-retention-heading">Weekly retention of its people</h2>
        <p className="muted small">
          People by the week they were first active in this group (in the range), and the share active each later week.
        </p>
        <GroupRetention groupType={frame.groupType} value={frame.value} range={range} />
      </section>

      <div className="two-columns">
        <section className="panel">
          <h2>Weekly active people</h2>
          {group.weeklyActiveUsers.length ? (
            <WeeklyActiveUsersChart points={group.weeklyActiveUsers} />
          ) : (
            <p className="muted">No activity yet.</p>
          )}
        </section>
        <section className="panel">
          <h2>Properties</h2>
          <PropertiesPanel properties={group.properties} history={group.propertyHistory} sources={group.propertyList} />
        </section>
      </div>

      <section className="panel">
        <h2>
          People <span className="muted small">({formatInteger(summary.peopleOnRecord)} on record)</span>
        </h2>
        <PeopleTable people={group.people} />
      </section>

      <GroupCohorts groupType={summary.groupType} value={summary.value} />

      <section className="panel">
        <h2>Recent events</h2>
        <RecentEvents events={group.recentEvents} />
      </section>
    </article>
  );
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
