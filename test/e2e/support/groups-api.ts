// What the API itself says, read with a key over HTTP: the browser tests compare the page with it.
import { graphql } from '../../support/test-server';

export interface RangeInput {
  from: string;
  to: string;
}

export function lastDays(days: number, now = new Date()): RangeInput {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export interface ApiGroupRow {
  value: string;
  name: string;
  atRisk: boolean;
  events: number;
  trend: { label: string };
}

export async function apiGroups(
  server: { url: string },
  key: string,
  variables: {
    groupType?: string;
    range: RangeInput;
    sort?: { field: string; direction: string };
    filter?: Record<string, unknown>;
    first?: number;
  },
): Promise<{ totalCount: number; rows: ApiGroupRow[] }> {
  const result = await graphql(
    server,
    key,
    `query ($groupType: String!, $range: DateRangeInput, $sort: GroupSortInput, $filter: GroupFilterInput, $first: Int) {
      groups(groupType: $groupType, range: $range, sort: $sort, filter: $filter, first: $first) {
        totalCount
        edges { node { value name atRisk events trend { label } } }
      }
    }`,
    { groupType: 'company', first: 50, ...variables },
  );
  if (result.errors?.length) throw new Error(result.errors[0]!.message);
  return {
    totalCount: result.data.groups.totalCount,
    rows: result.data.groups.edges.map((edge: { node: ApiGroupRow }) => edge.node),
  };
}
