'use client';
// The group's own weekly retention (Group.retention): each of its people joins the cohort of the
// week they were first active in the group, if that week is in the range; a cell is the share of
// the cohort active n weeks later. Drawn as a heat-map table, with its own loading and failure states.
import type { DayRange } from '@leadmaps/shared';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { GroupRetentionDocument } from '@/generated/graphql';
import { formatDay, formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

function heat(share: number): { background: string; color: string } {
  const strength = Math.max(0.06, Math.min(1, share));
  return { background: `rgba(29, 78, 216, ${strength.toFixed(2)})`, color: strength > 0.5 ? '#ffffff' : '#0f172a' };
}

export function GroupRetention({ groupType, value, range }: { groupType: string; value: string; range: DayRange }) {
  const retention = useGraphqlQuery(GroupRetentionDocument, { groupType, value, range });
  return (
    <QueryView
      query={retention}
      loading={<LoadingView label="Loading retention…" rows={3} />}
      failure={(error, retry) => <ErrorView title="Could not load retention" message={error.message} onRetry={retry} />}
      isEmpty={(data) => (data.group?.retention.length ?? 0) === 0}
      empty={
        <EmptyView title="No new people in this range">
          <p className="muted">Nobody was active in this group for the first time in the range.</p>
        </EmptyView>
      }
      success={(data) => {
        const rows = data.group?.retention ?? [];
        const weeks = Math.max(...rows.map((row) => row.retained.length));
        return (
          <div className="table-scroll">
            <table className="data-table retention-table" data-testid="group-retention">
              <caption className="visually-hidden">
                People per week of first activity in the group, and the share active each later week
              </caption>
              <thead>
                <tr>
                  <th scope="col">First active</th>
                  <th scope="col">People</th>
                  {Array.from({ length: weeks }, (_, week) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a column is its week offset.
                    <th scope="col" key={week}>
                      Week {week}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.cohortWeek} data-cohort={row.cohortWeek}>
                    <th scope="row">Week of {formatDay(row.cohortWeek)}</th>
                    <td>{formatInteger(row.size)}</td>
                    {Array.from({ length: weeks }, (_, week) => {
                      const share = row.retained[week];
                      return share === undefined ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: a cell is its week offset.
                        <td key={week} />
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: a cell is its week offset.
                        <td key={week} style={heat(share)} data-share={share}>
                          {(share * 100).toFixed(0)}%
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }}
    />
  );
}
