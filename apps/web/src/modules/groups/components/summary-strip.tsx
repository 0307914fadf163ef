'use client';
// Account-level reporting in one line: how many accounts are active, growing, slipping, at risk.
// The counts double as quick filters for the table below.
import {
  AccountReportDocument,
  type AccountReportQuery,
  type DateRangeInput,
  type TrendLabel,
} from '@/generated/graphql';
import { QueryView } from '@/components/state-views';
import { formatDecimal, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import type { GroupsViewState } from '../hooks/use-groups-view-state';

interface SummaryStripProps {
  groupType: string;
  range: DateRangeInput;
  pluralLabel: string;
  view: GroupsViewState;
  onFilter(changes: Partial<GroupsViewState>): void;
}

const sameTrends = (left: TrendLabel[], right: TrendLabel[]) =>
  left.length === right.length && left.every((label) => right.includes(label));

export function SummaryStrip({ groupType, range, pluralLabel, view, onFilter }: SummaryStripProps) {
  const report = useGraphqlQuery(AccountReportDocument, { groupType, range });
  return (
    <QueryView
      query={report}
      loading={
        <div className="summary-strip" aria-busy="true" role="status">
          <span className="visually-hidden">Loading the account summary…</span>
          {Array.from({ length: 5 }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed number of placeholders; the position is their identity.
            <div key={index} className="summary-card skeleton-card" />
          ))}
        </div>
      }
      failure={(error, retry) => (
        <div className="summary-strip summary-error" role="alert">
          Could not load the account summary: {error.message}{' '}
          <button type="button" className="link-button" onClick={retry}>
            Retry
          </button>
        </div>
      )}
      success={({ accountReport }) => (
        <SummaryCards
          report={accountReport}
          pluralLabel={pluralLabel}
          view={view}
          onFilter={onFilter}
          isFetching={report.isFetching}
          isStale={report.isStale}
        />
      )}
    />
  );
}

interface SummaryCardsProps {
  report: AccountReportQuery['accountReport'];
  pluralLabel: string;
  view: GroupsViewState;
  onFilter(changes: Partial<GroupsViewState>): void;
  isFetching: boolean;
  isStale: boolean;
}

function SummaryCards({ report: data, pluralLabel, view, onFilter, isFetching, isStale }: SummaryCardsProps) {
  const trendFilter = (labels: TrendLabel[]) => {
    const isActive = sameTrends(view.trends, labels) && !view.atRiskOnly;
    return { isActive, apply: () => onFilter({ trends: isActive ? [] : labels, atRiskOnly: false }) };
  };
  const rising = trendFilter(['RISING']);
  const steady = trendFilter(['STEADY']);
  const falling = trendFilter(['FALLING', 'FALLING_SHARPLY']);
  const atRiskActive = view.atRiskOnly && view.trends.length === 0;

  return (
    <section
      className="summary-strip"
      aria-label={`Summary of ${pluralLabel}`}
      aria-busy={isFetching}
      data-busy={isStale ? 'true' : undefined}
    >
      <div className="summary-card" data-summary="active">
        <span className="summary-value">{formatInteger(data.active)}</span>
        <span className="summary-label">
          active of {formatInteger(data.accounts)} {pluralLabel.toLowerCase()}
        </span>
        <span className="summary-detail">
          {formatDecimal(data.averageActivePeoplePerActiveAccount)} active people per active account
        </span>
      </div>
      <SummaryFilterCard
        name="rising"
        value={data.rising}
        label="rising"
        detail={`${formatInteger(data.new)} new`}
        tone="good"
        isActive={rising.isActive}
        onClick={rising.apply}
      />
      <SummaryFilterCard
        name="steady"
        value={data.steady}
        label="steady"
        tone="neutral"
        isActive={steady.isActive}
        onClick={steady.apply}
      />
      <SummaryFilterCard
        name="falling"
        value={data.falling + data.fallingSharply}
        label="falling"
        detail={`${formatInteger(data.fallingSharply)} sharply`}
        tone="warn"
        isActive={falling.isActive}
        onClick={falling.apply}
      />
      <SummaryFilterCard
        name="at-risk"
        value={data.atRisk}
        label="at risk"
        tone="bad"
        isActive={atRiskActive}
        onClick={() => onFilter({ atRiskOnly: !atRiskActive, trends: [] })}
      />
    </section>
  );
}

function SummaryFilterCard(props: {
  name: string;
  value: number;
  label: string;
  detail?: string;
  tone: string;
  isActive: boolean;
  onClick(): void;
}) {
  return (
    <button
      type="button"
      className={`summary-card summary-filter tone-${props.tone}`}
      data-summary={props.name}
      aria-pressed={props.isActive}
      onClick={props.onClick}
      title={props.isActive ? 'Show all again' : `Show only the ${props.label} ones`}
    >
      <span className="summary-value">{formatInteger(props.value)}</span>
      <span className="summary-label">{props.label}</span>
      {props.detail ? <span className="summary-detail">{props.detail}</span> : null}
    </button>
  );
}
